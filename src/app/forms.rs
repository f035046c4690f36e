//! Opening and saving each kind of form. A refused save keeps the form open
//! with everything typed and moves to the field at fault.

use super::form::{Field, Form, FormKind, Name};
use super::{App, Effect, Focus, Overlay, sentence};
use crate::domain::{
    self, ActionItem, Direction, Feedback, Invalid, Meeting, NewPair, Note, Owner, Response, Role,
};
use crate::editor::EditorError;
use crate::export;
use crate::store::{MeetingEdit, NewFeedback, NewMeeting, NewNote, PairEdit, StoreError};
use crate::text;

/// Why a form was not saved: the field at fault if one is, what to say,
/// and the store's own error when the store refused, so that a busy, full
/// or read-only journal is told apart by its kind, never by its wording.
#[derive(Debug)]
pub(super) struct FieldError {
    field: Option<Name>,
    message: String,
    cause: Option<StoreError>,
}

impl From<(Option<Name>, String)> for FieldError {
    fn from((field, message): (Option<Name>, String)) -> Self {
        Self {
            field,
            message,
            cause: None,
        }
    }
}

/// Maps a validation error to the form field it concerns.
pub(super) fn at(field: Name) -> impl Fn(Invalid) -> FieldError {
    move |e| (Some(field), e.to_string()).into()
}

/// A refusal of the store, kept whole.
pub(super) fn store_error(e: StoreError) -> FieldError {
    FieldError {
        field: None,
        message: e.to_string(),
        cause: Some(e),
    }
}

const RESPONSES: [Response; 4] = [
    Response::Pending,
    Response::Accepted,
    Response::Discussed,
    Response::PushedBack,
];
const OWNERS: [Owner; 3] = [Owner::Both, Owner::Mentee, Owner::Mentor];
const NO_YES: [&str; 2] = ["no", "yes"];

fn options(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

impl App {
    fn local_now(&self) -> String {
        let clock = self.store.clock();
        clock
            .local(clock.now())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    pub(super) fn local_time(&self, t: chrono::DateTime<chrono::Utc>) -> String {
        self.store
            .clock()
            .local(t)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    fn open_form(&mut self, form: Form) {
        self.state.overlay = Some(Overlay::Form(Box::new(form)));
        self.begin_draft(None);
    }

    pub(super) fn open_or_say(&mut self, kind: FormKind) {
        match self.form_for(kind) {
            Ok(form) => self.open_form(form),
            Err(e) => self.error(&e),
        }
    }

    pub(super) fn open_new_pair_form(&mut self) {
        self.open_or_say(FormKind::NewPair);
    }

    pub(super) fn open_edit_pair_form(&mut self) {
        let Some(pair) = self.state.pair() else {
            return;
        };
        let kind = FormKind::EditPair {
            pair_id: pair.id,
            version: pair.version,
        };
        self.open_or_say(kind);
    }

    /// The selected pair's id; without one, says to add a pair first.
    pub(super) fn selected_pair_id(&mut self) -> Option<i64> {
        let id = self.state.pair().map(|p| p.id);
        if id.is_none() {
            self.error("Add a pair first (n on the pair list).");
        }
        id
    }

    /// Opens the form `kind` makes for the selected pair.
    pub(super) fn open_for_pair(&mut self, kind: impl FnOnce(i64) -> FormKind) {
        if let Some(pair_id) = self.selected_pair_id() {
            self.open_or_say(kind(pair_id));
        }
    }

    pub(super) fn open_add_form(&mut self) {
        self.open_for_pair(|pair_id| FormKind::AddToFirstMeeting { pair_id });
    }

    pub(super) fn open_item_note_form(&mut self) {
        let Some(item) = self.selected_item() else {
            return;
        };
        self.open_or_say(FormKind::ItemNote { item_id: item.id });
    }

    pub(super) fn open_meeting_form(&mut self, m: Option<Meeting>) {
        self.open_for_pair(|pair_id| FormKind::Meeting {
            pair_id,
            id: m.as_ref().map(|m| m.id),
            version: m.map(|m| m.version),
        });
    }

    pub(super) fn open_feedback_form(&mut self, f: Option<Feedback>) {
        self.open_for_pair(|pair_id| FormKind::Feedback {
            pair_id,
            id: f.as_ref().map(|f| f.id),
            version: f.map(|f| f.version),
        });
    }

    pub(super) fn open_note_form(&mut self, n: Option<Note>) {
        self.open_for_pair(|pair_id| FormKind::Note {
            pair_id,
            id: n.as_ref().map(|n| n.id),
            version: n.map(|n| n.version),
        });
    }

    pub(super) fn open_action_form(&mut self, a: Option<ActionItem>) {
        self.open_for_pair(|pair_id| FormKind::Action {
            pair_id,
            id: a.as_ref().map(|a| a.id),
            version: a.map(|a| a.version),
        });
    }

    pub(super) fn open_export_form(&mut self) {
        let pair_id = self.state.pair().map(|p| p.id);
        if pair_id.is_none() {
            return self.error("There is nothing to export yet.");
        }
        self.open_or_say(FormKind::Export { pair_id });
    }

    /// What an export of `only` (or all pairs) sends and holds back, in a line.
    fn export_preview(
        &self,
        only: Option<&crate::domain::Pair>,
        label: &str,
    ) -> Result<String, String> {
        let doc = export::build(&self.store, only, false).map_err(|e| e.to_string())?;
        let held = export::held_back(&self.store, only).map_err(|e| e.to_string())?;
        Ok(format!(
            "{label}: {}.",
            export::summary(&export::contents(&doc), held)
        ))
    }

    /// The form for `kind`, filled from the store for an existing entry.
    pub(super) fn form_for(&self, kind: FormKind) -> Result<Form, String> {
        let pair = |id: i64| self.store.pair(id).map_err(|e| e.to_string());
        let err = |e: StoreError| e.to_string();
        Ok(match kind {
            FormKind::NewPair => {
                let today = self.state.today.format("%Y-%m-%d").to_string();
                Form::new(
                    "New pair",
                    kind,
                    vec![
                        Field::text(Name::MentorName, "Mentor's name", "", false),
                        Field::text(Name::MenteeName, "Mentee's name", "", false),
                        Field::choice(
                            Name::MyRole,
                            "You are the",
                            options(&["mentor", "mentee"]),
                            0,
                        ),
                        Field::text(Name::Focus, "Focus", "", false),
                        Field::text(Name::StartedOn, "Started on (YYYY-MM-DD)", &today, false),
                        Field::text(Name::Cadence, "Meet every (days)", "14", false),
                    ],
                )
            }
            FormKind::EditPair { pair_id, .. } => {
                let p = pair(pair_id)?;
                let next = p.next_meeting_on.map(|d| d.to_string()).unwrap_or_default();
                let cadence = p.cadence_days.map(|d| d.to_string()).unwrap_or_default();
                Form::new(
                    "Pair",
                    kind,
                    vec![
                        Field::text(Name::MentorName, "Mentor's name", &p.mentor_name, false),
                        Field::text(Name::MenteeName, "Mentee's name", &p.mentee_name, false),
                        Field::text(Name::Focus, "Focus", &p.focus, false),
                        Field::text(
                            Name::Cadence,
                            "Meet every (days, empty for none)",
                            &cadence,
                            false,
                        ),
                        Field::text(
                            Name::NextMeetingOn,
                            "Next meeting on (YYYY-MM-DD, optional)",
                            &next,
                            false,
                        ),
                    ],
                )
            }
            FormKind::AddToFirstMeeting { pair_id } => {
                let p = pair(pair_id)?;
                let mentee = text::one_line(&p.mentee_name);
                let mentor = text::one_line(&p.mentor_name);
                Form::new(
                    "Add to the first meeting",
                    kind,
                    vec![
                        Field::choice(
                            Name::Addition,
                            "Add",
                            vec![
                                format!("{mentee}'s strength"),
                                format!("{mentor}'s strength"),
                                "a challenge ↔ similar experience".into(),
                            ],
                            0,
                        ),
                        Field::text(Name::Strength, "Strength", "", false)
                            .shown_when(Name::Addition, vec![0, 1]),
                        Field::text(Name::Challenge, format!("{mentee}'s challenge"), "", false)
                            .shown_when(Name::Addition, vec![2]),
                        Field::text(
                            Name::Experience,
                            format!("{mentor}'s similar experience"),
                            "",
                            false,
                        )
                        .shown_when(Name::Addition, vec![2]),
                    ],
                )
            }
            FormKind::ItemNote { item_id } => {
                let item = self.store.checklist_item(item_id).map_err(err)?;
                Form::new(
                    "Note",
                    kind,
                    vec![Field::text(
                        Name::ItemNote,
                        text::one_line(&item.title),
                        &item.note,
                        true,
                    )],
                )
            }
            FormKind::Meeting { pair_id, id, .. } => {
                let (when, agenda, notes, next) = match id {
                    Some(id) => {
                        let m = self.store.meeting(id).map_err(err)?;
                        (self.local_time(m.held_at), m.agenda, m.notes, m.next_steps)
                    }
                    None => (
                        self.local_now(),
                        self.prefilled_agenda(pair_id)?,
                        String::new(),
                        String::new(),
                    ),
                };
                let title = if id.is_some() {
                    "Meeting"
                } else {
                    "New meeting"
                };
                Form::new(
                    title,
                    kind,
                    vec![
                        Field::text(
                            Name::When,
                            "When (YYYY-MM-DD HH:MM; later than now plans it)",
                            &when,
                            false,
                        ),
                        Field::text(Name::Agenda, "Agenda", &agenda, true),
                        Field::text(Name::MeetingNotes, "Notes", &notes, true),
                        Field::text(Name::NextSteps, "Next steps (one per line)", &next, true),
                        Field::choice(
                            Name::StepsBecomeActions,
                            "Next steps become action items",
                            options(&[
                                "no",
                                "yes, for both",
                                "yes, for the mentee",
                                "yes, for the mentor",
                            ]),
                            0,
                        ),
                    ],
                )
            }
            FormKind::Feedback { id, .. } => {
                let f = id
                    .map(|id| self.store.feedback_entry(id))
                    .transpose()
                    .map_err(err)?;
                let direction = f
                    .as_ref()
                    .map_or(0, |f| usize::from(f.direction == Direction::ToMentee));
                let requested = f.as_ref().map_or(0, |f| usize::from(f.requested));
                let response = f
                    .as_ref()
                    .and_then(|f| RESPONSES.iter().position(|r| *r == f.response))
                    .unwrap_or(0);
                let opt =
                    |v: Option<&Option<String>>| v.and_then(|v| v.clone()).unwrap_or_default();
                let when = f
                    .as_ref()
                    .map_or_else(|| self.local_now(), |f| self.local_time(f.given_at));
                Form::new(
                    if id.is_some() {
                        "Feedback"
                    } else {
                        "New feedback"
                    },
                    kind,
                    vec![
                        Field::choice(
                            Name::Direction,
                            "For",
                            options(&["the mentor", "the mentee"]),
                            direction,
                        ),
                        Field::choice(
                            Name::Requested,
                            "The mentor asked for it",
                            options(&NO_YES),
                            requested,
                        ),
                        Field::text(
                            Name::Feedback,
                            "Feedback",
                            f.as_ref().map_or("", |f| &f.body),
                            true,
                        ),
                        Field::choice(
                            Name::Response,
                            "How it was taken",
                            RESPONSES.iter().map(|r| r.label().to_owned()).collect(),
                            response,
                        ),
                        Field::text(
                            Name::Situation,
                            "Situation (optional)",
                            &opt(f.as_ref().map(|f| &f.situation)),
                            false,
                        ),
                        Field::text(
                            Name::Behaviour,
                            "Behaviour (optional)",
                            &opt(f.as_ref().map(|f| &f.behaviour)),
                            false,
                        ),
                        Field::text(
                            Name::Impact,
                            "Impact (optional)",
                            &opt(f.as_ref().map(|f| &f.impact)),
                            false,
                        ),
                        Field::text(
                            Name::FollowUp,
                            "Follow-up",
                            f.as_ref().map_or("", |f| &f.follow_up),
                            false,
                        ),
                        Field::text(Name::When, "When (YYYY-MM-DD HH:MM)", &when, false),
                    ],
                )
            }
            FormKind::Note { pair_id, id, .. } => {
                let n = id.map(|id| self.store.note(id)).transpose().map_err(err)?;
                let tags = n.as_ref().map(|n| n.tags.join(" ")).unwrap_or_default();
                // Private comes first and is already chosen, so the text typed
                // first is typed knowing whether it is private.
                let private = match &n {
                    Some(n) => n.private,
                    None => self.last_note_was_private(pair_id).map_err(err)?,
                };
                let mut form = Form::new(
                    if id.is_some() { "Note" } else { "New note" },
                    kind,
                    vec![
                        Field::privacy(
                            "Private (never shared, never handed to an editor)",
                            private,
                        ),
                        Field::text(Name::Body, "Note", n.as_ref().map_or("", |n| &n.body), true),
                        Field::text(
                            Name::Tags,
                            "Tags (next puts it on the next agenda)",
                            &tags,
                            false,
                        ),
                    ],
                );
                form.focus_on(Name::Body);
                form
            }
            FormKind::Unlock => return Err("the passphrase prompt is opened with U".into()),
            FormKind::Import { .. } => {
                return Err("the import window is opened with i on the pair list".into());
            }
            FormKind::Checkin { .. } | FormKind::Goal { .. } | FormKind::GoalProgress { .. } => {
                return self.growth_form(kind);
            }
            FormKind::Export { pair_id } => {
                let pair = pair_id.map(pair).transpose()?;
                let partner = pair
                    .as_ref()
                    .map_or("everyone".to_owned(), |p| text::one_line(p.partner_name()));
                let slug: String = partner
                    .to_lowercase()
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect();
                let file = format!("candor-{slug}-{}", self.state.today);
                let mut form = Form::new(
                    "Export: what leaves, and where",
                    kind,
                    vec![
                        Field::choice(
                            Name::Scope,
                            "Export",
                            vec![format!("only {partner}"), "all pairs".into()],
                            0,
                        ),
                        Field::choice(
                            Name::Format,
                            "As",
                            options(&["Markdown, to read", "JSON, to import elsewhere"]),
                            0,
                        ),
                        Field::choice(
                            Name::IncludePrivate,
                            "Private notes and trust check-ins",
                            options(&["hold back", "include them"]),
                            0,
                        ),
                        Field::text(Name::File, "File (the extension is added)", &file, false),
                    ],
                );
                form.notes = vec![
                    self.export_preview(pair.as_ref(), &format!("Only {partner}"))?,
                    self.export_preview(None, "All pairs")?,
                    "Nothing leaves until you press Ctrl-s; the file is created readable by you alone.".into(),
                ];
                form
            }
            FormKind::Action { id, .. } => {
                let a = id
                    .map(|id| self.store.action(id))
                    .transpose()
                    .map_err(err)?;
                let owner = a
                    .as_ref()
                    .and_then(|a| OWNERS.iter().position(|o| *o == a.owner))
                    .unwrap_or(0);
                let due = a
                    .as_ref()
                    .and_then(|a| a.due_on)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                Form::new(
                    if id.is_some() {
                        "Action item"
                    } else {
                        "New action item"
                    },
                    kind,
                    vec![
                        Field::text(
                            Name::What,
                            "What",
                            a.as_ref().map_or("", |a| &a.text),
                            false,
                        ),
                        Field::choice(
                            Name::Owner,
                            "Who",
                            options(&["both", "the mentee", "the mentor"]),
                            owner,
                        ),
                        Field::text(Name::DueOn, "Due on (YYYY-MM-DD, optional)", &due, false),
                    ],
                )
            }
        })
    }

    /// Whether the pair's newest note is private: a new note starts with
    /// the choice made last time.
    fn last_note_was_private(&self, pair_id: i64) -> Result<bool, StoreError> {
        Ok(self
            .store
            .notes(pair_id, true, &crate::store::Page::first(1))?
            .first()
            .is_some_and(|n| n.private))
    }

    /// A new meeting's agenda: the open action items and the shared notes tagged `next`.
    fn prefilled_agenda(&self, pair_id: i64) -> Result<String, String> {
        self.store
            .next_meeting_agenda(pair_id)
            .map_err(|e| e.to_string())
    }

    pub(super) fn save_form(&mut self) {
        // The form is taken out while the store writes and put back, with
        // everything typed, if the save is refused.
        let Some(Overlay::Form(mut form)) = self.state.overlay.take() else {
            return;
        };
        let result = match form.kind {
            FormKind::NewPair => self.save_new_pair(&form),
            FormKind::Unlock => return self.start_unlock(form),
            FormKind::Import { .. } => return self.save_import(form),
            FormKind::Export { pair_id } => self.save_export(pair_id, &mut form),
            FormKind::EditPair { pair_id, version } => {
                self.save_pair_edit(pair_id, version, &mut form)
            }
            FormKind::AddToFirstMeeting { pair_id } => self.save_addition(pair_id, &form),
            FormKind::ItemNote { item_id } => self
                .store
                .set_item_note(item_id, &form.text(Name::ItemNote))
                .map(|i| format!("Saved the note on \"{}\".", text::one_line(&i.title)))
                .map_err(store_error),
            FormKind::Meeting {
                pair_id,
                id,
                version,
            } => self.save_meeting(pair_id, id, version, &form),
            FormKind::Feedback {
                pair_id,
                id,
                version,
            } => self.save_feedback(pair_id, id, version, &form),
            FormKind::Note {
                pair_id,
                id,
                version,
            } => self.save_note(pair_id, id, version, &form),
            FormKind::Action {
                pair_id,
                id,
                version,
            } => self.save_action(pair_id, id, version, &mut form),
            FormKind::Checkin { pair_id } => self.save_checkin(pair_id, &form),
            FormKind::Goal {
                pair_id,
                id,
                version,
            } => self.save_goal(pair_id, id, version, &mut form),
            FormKind::GoalProgress { goal_id, .. } => self.save_goal_progress(goal_id, &form),
        };
        // Another candor is writing: keep the form and try again on the
        // next ticks, saying so, instead of freezing the screen.
        if matches!(
            &result,
            Err(FieldError {
                cause: Some(StoreError::Busy),
                ..
            })
        ) {
            self.state.overlay = Some(Overlay::Form(form));
            return self.wait_for_writer();
        }
        self.waiting_since = None;
        // A full disk or a journal that cannot be written is said with its
        // path and what to do; the form stays open with the text, and
        // Ctrl-s saves once the cause is gone.
        let result = result.map_err(|e| {
            let explained = e
                .cause
                .as_ref()
                .zip(self.store.path())
                .and_then(|(cause, db)| crate::store::space::explain(cause, db));
            (e.field, explained.unwrap_or(e.message))
        });
        match result {
            Ok(message) => {
                self.drop_draft();
                self.saved(&message);
                self.reload();
                if form.kind == FormKind::NewPair {
                    let last = self.state.pairs.len().saturating_sub(1);
                    self.select_pair_public(last);
                    self.state.focus = Focus::Pairs;
                }
            }
            Err((field, message)) => {
                if let Some(idx) = field {
                    form.focus_on(idx);
                }
                form.error = Some(sentence(&message));
                self.state.overlay = Some(Overlay::Form(form));
                self.error(&message);
            }
        }
    }

    fn select_pair_public(&mut self, index: usize) {
        self.select_pair(index);
    }

    fn save_new_pair(&mut self, form: &Form) -> Result<String, FieldError> {
        let mentor = domain::person_name("the mentor's name", &form.text(Name::MentorName))
            .map_err(at(Name::MentorName))?;
        let mentee = domain::person_name("the mentee's name", &form.text(Name::MenteeName))
            .map_err(at(Name::MenteeName))?;
        let since = domain::parse_date(&form.text(Name::StartedOn)).map_err(at(Name::StartedOn))?;
        let cadence = cadence_field(&form.text(Name::Cadence), Name::Cadence)?;
        let role = if form.choice(Name::MyRole) == 0 {
            Role::Mentor
        } else {
            Role::Mentee
        };
        let new = NewPair::new(
            &mentor,
            &mentee,
            role,
            &form.text(Name::Focus),
            since,
            cadence,
        )
        .map_err(at(Name::Focus))?;
        let pair = self
            .store
            .add_pair(&new, &self.state.template)
            .map_err(store_error)?;
        Ok(format!(
            "Added {} & {}.",
            text::one_line(&pair.mentor_name),
            text::one_line(&pair.mentee_name)
        ))
    }

    fn save_pair_edit(
        &mut self,
        pair_id: i64,
        version: i64,
        form: &mut Form,
    ) -> Result<String, FieldError> {
        let mentor = domain::person_name("the mentor's name", &form.text(Name::MentorName))
            .map_err(at(Name::MentorName))?;
        let mentee = domain::person_name("the mentee's name", &form.text(Name::MenteeName))
            .map_err(at(Name::MenteeName))?;
        let cadence = cadence_field(&form.text(Name::Cadence), Name::Cadence)?;
        let next = match form.text(Name::NextMeetingOn).trim() {
            "" => None,
            t => Some(domain::parse_date(t).map_err(at(Name::NextMeetingOn))?),
        };
        let edit = PairEdit {
            mentor_name: Some(mentor),
            mentee_name: Some(mentee),
            focus: Some(form.text(Name::Focus)),
            cadence_days: Some(cadence),
            next_meeting_on: Some(next),
        };
        match self.store.edit_pair(pair_id, Some(version), &edit) {
            Ok(p) => Ok(format!(
                "Saved the pair with {}.",
                text::one_line(p.partner_name())
            )),
            Err(StoreError::Conflict { current, .. }) => {
                // The next Ctrl-s overwrites knowingly.
                form.kind = FormKind::EditPair {
                    pair_id,
                    version: current,
                };
                Err((None, conflict("pair")).into())
            }
            Err(e) => Err(store_error(e)),
        }
    }

    fn save_addition(&mut self, pair_id: i64, form: &Form) -> Result<String, FieldError> {
        match form.choice(Name::Addition) {
            choice @ (0 | 1) => {
                let text = domain::required_text("the strength", &form.text(Name::Strength))
                    .map_err(at(Name::Strength))?;
                let whose = if choice == 0 {
                    Role::Mentee
                } else {
                    Role::Mentor
                };
                self.store
                    .add_strength(pair_id, whose, &text)
                    .map_err(store_error)?;
                Ok("Added the strength.".into())
            }
            _ => {
                let challenge = domain::required_text("the challenge", &form.text(Name::Challenge))
                    .map_err(at(Name::Challenge))?;
                let similar =
                    domain::required_text("the similar experience", &form.text(Name::Experience))
                        .map_err(at(Name::Experience))?;
                self.store
                    .add_experience(pair_id, &challenge, &similar)
                    .map_err(store_error)?;
                Ok("Added the challenge and the similar experience.".into())
            }
        }
    }

    fn save_meeting(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &Form,
    ) -> Result<String, FieldError> {
        let held_at = domain::parse_datetime(&form.text(Name::When), self.store.clock())
            .map_err(at(Name::When))?;
        let meeting = NewMeeting {
            held_at,
            agenda: form.text(Name::Agenda),
            notes: form.text(Name::MeetingNotes),
            next_steps: form.text(Name::NextSteps),
        };
        let owner = match form.choice(Name::StepsBecomeActions) {
            1 => Some(Owner::Both),
            2 => Some(Owner::Mentee),
            3 => Some(Owner::Mentor),
            _ => None,
        };
        let actions = match owner {
            Some(owner) => self
                .store
                .next_step_actions(pair_id, &meeting, owner)
                .map_err(|e| match e {
                    StoreError::Invalid(i) => (Some(Name::NextSteps), i.to_string()).into(),
                    e => store_error(e),
                })?,
            None => Vec::new(),
        };
        let edit = id.map(|id| MeetingEdit {
            id,
            expected_version: version,
        });
        let saved = self
            .store
            .save_meeting(pair_id, edit, &meeting, &actions)
            .map_err(|e| match e {
                StoreError::Invalid(i) => (Some(Name::Agenda), i.to_string()).into(),
                e => store_error(e),
            })?;
        let added = saved.actions.len();
        let extra = match added {
            0 => String::new(),
            1 => " and 1 action item".into(),
            n => format!(" and {n} action items"),
        };
        if saved.beside.is_some() {
            return Ok(format!(
                "That meeting was changed in another candor meanwhile; yours was saved as a new meeting beside it{extra}."
            ));
        }
        let verb = if saved.meeting.held_at > self.store.clock().now() {
            "Planned"
        } else {
            "Saved"
        };
        Ok(format!(
            "{verb} the meeting of {}{extra}.",
            self.local_time(saved.meeting.held_at)
        ))
    }

    fn save_feedback(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &Form,
    ) -> Result<String, FieldError> {
        let body = domain::body("the feedback", &form.text(Name::Feedback), false)
            .map_err(at(Name::Feedback))?;
        let optional = |name: Name| Some(form.text(name)).filter(|t| !t.trim().is_empty());
        let given_at = domain::parse_datetime(&form.text(Name::When), self.store.clock())
            .map_err(at(Name::When))?;
        let feedback = NewFeedback {
            direction: if form.choice(Name::Direction) == 0 {
                Direction::ToMentor
            } else {
                Direction::ToMentee
            },
            requested: form.choice(Name::Requested) == 1,
            body,
            situation: optional(Name::Situation),
            behaviour: optional(Name::Behaviour),
            impact: optional(Name::Impact),
            response: RESPONSES[form.choice(Name::Response).min(RESPONSES.len() - 1)],
            follow_up: form.text(Name::FollowUp),
            given_at,
        };
        match id {
            Some(id) => match self.store.update_feedback(id, version, &feedback) {
                Ok(_) => Ok("Saved the feedback.".into()),
                Err(StoreError::Conflict { .. }) => {
                    self.store
                        .add_feedback(pair_id, &feedback)
                        .map_err(store_error)?;
                    Ok("That feedback was changed in another candor meanwhile; yours was saved as a new entry beside it.".into())
                }
                Err(e) => Err(store_error(e)),
            },
            None => {
                self.store
                    .add_feedback(pair_id, &feedback)
                    .map_err(store_error)?;
                Ok("Recorded the feedback.".into())
            }
        }
    }

    fn save_note(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &Form,
    ) -> Result<String, FieldError> {
        let body =
            domain::body("the note", &form.text(Name::Body), false).map_err(at(Name::Body))?;
        let tags = domain::parse_tags([form.text(Name::Tags).as_str()]).map_err(at(Name::Tags))?;
        let note = NewNote {
            body,
            private: form.is_private(),
            tags,
        };
        let what = if note.private { "private note" } else { "note" };
        match id {
            Some(id) => match self.store.update_note(id, version, &note) {
                Ok(_) => Ok(format!("Saved the {what}.")),
                Err(StoreError::Conflict { .. }) => {
                    let copy = self.store.add_note(pair_id, &note).map_err(store_error)?;
                    Ok(format!(
                        "That note was changed in another candor meanwhile; yours was saved as note {} beside it.",
                        copy.id
                    ))
                }
                Err(e) => Err(store_error(e)),
            },
            None => {
                self.store.add_note(pair_id, &note).map_err(store_error)?;
                Ok(format!("Added the {what}."))
            }
        }
    }

    fn save_action(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &mut Form,
    ) -> Result<String, FieldError> {
        let text = domain::required_text("the action item", &form.text(Name::What))
            .map_err(at(Name::What))?;
        let owner = OWNERS[form.choice(Name::Owner).min(OWNERS.len() - 1)];
        let due = match form.text(Name::DueOn).trim() {
            "" => None,
            t => Some(domain::parse_date(t).map_err(at(Name::DueOn))?),
        };
        match id {
            Some(id) => match self.store.update_action(id, version, owner, &text, due) {
                Ok(_) => Ok("Saved the action item.".into()),
                Err(StoreError::Conflict { current, .. }) => {
                    form.kind = FormKind::Action {
                        pair_id,
                        id: Some(id),
                        version: Some(current),
                    };
                    Err((None, conflict("action item")).into())
                }
                Err(e) => Err(store_error(e)),
            },
            None => {
                self.store
                    .add_action(pair_id, owner, &text, due)
                    .map_err(store_error)?;
                Ok("Added the action item.".into())
            }
        }
    }

    fn save_export(&mut self, pair_id: Option<i64>, form: &mut Form) -> Result<String, FieldError> {
        let only = match (form.choice(Name::Scope), pair_id) {
            (0, Some(id)) => Some(self.store.pair(id).map_err(store_error)?),
            _ => None,
        };
        let format = if form.choice(Name::Format) == 0 {
            export::Format::Markdown
        } else {
            export::Format::Json
        };
        let include_private = form.choice(Name::IncludePrivate) == 1;
        let name = form.text(Name::File);
        let name = name.trim();
        if name.is_empty() {
            return Err((
                Some(Name::File),
                "the file name must not be empty".to_owned(),
            )
                .into());
        }
        let mut path = std::path::PathBuf::from(name);
        if path.extension().is_none() {
            path.set_extension(format.extension());
        }
        let shown = export::canonical(&path).unwrap_or_else(|| path.clone());
        let replace = form.replace.as_ref() == Some(&shown);
        match export::check_destination(&path, self.store.path(), &[], replace) {
            Ok(()) => {}
            Err(export::DestinationError::Exists { .. }) => {
                form.replace = Some(shown.clone());
                return Err(FieldError::from((
                    Some(Name::File),
                    format!(
                        "{} exists already; Ctrl-s again replaces it, or change the name",
                        text::path(&shown)
                    ),
                )));
            }
            Err(e) => return Err((Some(Name::File), e.to_string()).into()),
        }
        let mut doc =
            export::build(&self.store, only.as_ref(), include_private).map_err(store_error)?;
        if format == export::Format::Json {
            export::name_journal(&self.store, &mut doc).map_err(store_error)?;
        }
        let text = export::render(&doc, format, self.store.clock(), &self.state.template);
        export::write_private(&path, text.as_bytes()).map_err(|e| {
            FieldError::from((
                Some(Name::File),
                format!("cannot write {}: {e}", text::path(&path)),
            ))
        })?;
        let held = if include_private {
            export::HeldBack::default()
        } else {
            export::held_back(&self.store, only.as_ref()).map_err(store_error)?
        };
        let shown = export::canonical(&path).unwrap_or(shown);
        Ok(format!(
            "Wrote {}: {}.",
            text::path(&shown),
            export::summary(&export::contents(&doc), held)
        ))
    }

    /// A save met another candor writing: say so at once, keep the text,
    /// and let [`App::tick`] try again until [`WAIT_FOR_WRITER`] has passed.
    fn wait_for_writer(&mut self) {
        let now = self.store.clock().now();
        let since = *self.waiting_since.get_or_insert(now);
        let waited = (now - since).to_std().unwrap_or_default();
        if waited >= WAIT_FOR_WRITER {
            self.waiting_since = None;
            return self.error(&format!(
                "Another candor has been writing for {} seconds; your text is kept — Ctrl-s tries again.",
                WAIT_FOR_WRITER.as_secs()
            ));
        }
        self.info(
            "Waiting for another candor to finish writing… your text is kept (Esc stops waiting).",
        );
    }

    /// On each tick while a save waits for another writer: try it again.
    pub(super) fn retry_waiting_save(&mut self) {
        if self.waiting_since.is_none() {
            return;
        }
        if matches!(self.state.overlay, Some(Overlay::Form(_))) {
            self.save_form();
        } else {
            self.waiting_since = None;
        }
    }

    /// Ctrl-e: hand the focused field to `$EDITOR`, unless the text is private.
    pub(super) fn request_editor(&mut self) {
        let Some(Overlay::Form(form)) = &self.state.overlay else {
            return;
        };
        if form.is_secret() {
            return self.error("A passphrase never goes to an outside editor.");
        }
        if form.keeps_from_editor() {
            return self.error("Private text never goes to an outside editor; edit it here.");
        }
        match form.focused_text() {
            Some(text) => self.emit(Effect::Editor(text)),
            None => self.error("Ctrl-e edits a text field; this one is a choice."),
        }
    }

    /// The terminal loop ran `$EDITOR`: put its text in the focused field, or say why not.
    pub fn editor_returned(&mut self, result: Result<String, EditorError>) -> super::Effects {
        match result {
            Ok(text) => {
                if let Some(Overlay::Form(form)) = &mut self.state.overlay {
                    form.set_focused_text(&text);
                }
                self.form_changed();
                self.info("Back from the editor; Ctrl-s saves.");
            }
            Err(e) => self.error(&format!("{e}; your text is unchanged")),
        }
        self.emit(Effect::Redraw);
        self.effects()
    }
}

/// How long a save waits for another running candor before it stops and says so.
pub const WAIT_FOR_WRITER: std::time::Duration = std::time::Duration::from_secs(8);

/// How long one try of a write waits in the screen before the screen is
/// drawn again and the try repeated.
pub const WAIT_PER_TRY: std::time::Duration = std::time::Duration::from_millis(250);

/// Why a save over a newer copy was refused, and what the next Ctrl-s does.
pub(super) fn conflict(what: &str) -> String {
    format!(
        "this {what} was changed in another candor meanwhile; nothing was overwritten — Ctrl-s again saves yours over it, Esc keeps theirs"
    )
}

fn cadence_field(text: &str, field: Name) -> Result<Option<u32>, FieldError> {
    match text.trim() {
        "" => Ok(None),
        t => {
            let days: i64 = t.parse().map_err(|_| {
                FieldError::from((Some(field), format!("'{t}' is not a number of days")))
            })?;
            Ok(Some(domain::cadence(days).map_err(at(field))?))
        }
    }
}
