//! The meeting form: when, agenda, notes, and next steps that become
//! action items — each line its own, with the owner and due date read
//! from it shown under the field before the save — saved with them in one
//! transaction. Editing a meeting makes items only of the lines added.

use super::{FieldError, at, options, store_error};
use crate::app::form::{Field, Form, FormKind, Hint, Name};
use crate::app::{App, Overlay};
use crate::clock::Clock;
use crate::domain::{self, Kind, Owner};
use crate::store::{MeetingEdit, NewAction, NewMeeting, Store, StoreError};
use crate::text;

impl App {
    /// The form for a meeting, new (with its agenda prefilled) or saved.
    pub(in crate::app) fn meeting_form(
        &self,
        kind: FormKind,
        pair_id: i64,
        id: Option<i64>,
    ) -> Result<Form, String> {
        let err = |e: StoreError| e.to_string();
        Ok({
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
            let mut form = Form::new(
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
                        if id.is_some() {
                            "Lines added now become action items"
                        } else {
                            "Next steps become action items"
                        },
                        options(&MAKE_ITEMS),
                        1,
                    ),
                ],
            );
            let hints = next_steps_preview(&self.store, pair_id, &form);
            form.set_hints(Name::NextSteps, hints);
            if id.is_none() {
                form.set_hints(Name::Agenda, self.open_step_prompt(pair_id));
            }
            form
        })
    }

    /// One prompt, in the voice of the person at the keyboard, from the
    /// first trust step whose checklist items are not all done: shown
    /// under a new meeting's agenda, so the step gets its conversation.
    /// Which of the step's prompts changes from day to day.
    fn open_step_prompt(&self, pair_id: i64) -> Vec<Hint> {
        let (Ok(pair), Ok(checklist)) = (self.store.pair(pair_id), self.store.checklist(pair_id))
        else {
            return Vec::new();
        };
        let open = (1..=5u8).find(|&n| checklist.iter().any(|i| i.step == n && !i.done));
        let Some(step) = open.and_then(|n| self.state.template.step(n)) else {
            return Vec::new();
        };
        let prompts = step.prompts.voice(pair.my_role);
        if prompts.is_empty() {
            return Vec::new();
        }
        let day = chrono::Datelike::ordinal(&self.store.clock().today()) as usize;
        let prompt = crate::template::fill_names(
            &prompts[day % prompts.len()],
            &text::one_line(&pair.mentor_name),
            &text::one_line(&pair.mentee_name),
        );
        let mut hints = vec![Hint {
            text: format!(
                "Step {} ({}) is still open; you might say:",
                step.number,
                text::one_line(&step.title)
            ),
            ask: false,
        }];
        hints.extend(
            crate::ui::fitting::wrap(&format!("“{}”", text::one_line(&prompt)), PROMPT_WIDTH)
                .into_iter()
                .map(|text| Hint { text, ask: false }),
        );
        hints
    }

    /// After a change in a meeting form: what its next steps will become,
    /// worked out again for the person to confirm.
    pub(in crate::app) fn meeting_form_changed(&mut self) {
        let Some(Overlay::Form(form)) = &mut self.state.overlay else {
            return;
        };
        if let FormKind::Meeting { pair_id, .. } = form.kind {
            let hints = next_steps_preview(&self.store, pair_id, form);
            form.set_hints(Name::NextSteps, hints);
        }
    }

    /// A new meeting's agenda: the open action items and the shared notes tagged `next`.
    pub(in crate::app) fn prefilled_agenda(&self, pair_id: i64) -> Result<String, String> {
        self.store
            .next_meeting_agenda(pair_id)
            .map_err(|e| e.to_string())
    }

    pub(in crate::app) fn save_meeting(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &Form,
    ) -> Result<String, FieldError> {
        let (meeting, make_items) = validate(form, self.store.clock())?;
        let actions: Vec<NewAction> = if make_items {
            self.store
                .next_step_actions(pair_id, &meeting, Owner::Both, &already(form))
                .map_err(|e| match e {
                    StoreError::Invalid(i) => (Some(Name::NextSteps), i.to_string()).into(),
                    e => store_error(e),
                })?
                .iter()
                .map(NewAction::from)
                .collect()
        } else {
            Vec::new()
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
            n => format!(" and {}", Kind::Action.noun().count(n)),
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
}

/// The options of the choice whether next steps become action items;
/// "no" stays first, where drafts of earlier releases keep it.
const MAKE_ITEMS: [&str; 2] = ["no", "yes"];

/// The width a prompt under the agenda is wrapped to: what a form's hint
/// has on the smallest screen (60 columns), so no word is ever cut.
const PROMPT_WIDTH: usize = 54;

/// The most lines the preview of next steps takes under the field.
const PREVIEW_LINES: usize = 4;

/// The next steps the meeting held when the form was opened: being
/// already in the meeting, they are not made into action items again.
fn already(form: &Form) -> String {
    match form.kind {
        FormKind::Meeting { id: Some(_), .. } => form.initial_text(Name::NextSteps),
        _ => String::new(),
    }
}

/// What the next steps typed will become, a line each, for the person to
/// confirm before the save: `→ mentee · due Fri 4 Dec · send the log`,
/// what was not read from a line said so.
fn next_steps_preview(store: &Store, pair_id: i64, form: &Form) -> Vec<Hint> {
    let hint = |text: String, ask: bool| Hint { text, ask };
    let typed = form.text(Name::NextSteps);
    let already = already(form);
    if domain::next_step_lines(&typed).next().is_none() {
        // The example names the other person of the pair.
        let pair = store.pair(pair_id).ok();
        let name = pair
            .as_ref()
            .and_then(|p| p.partner_name().split_whitespace().next())
            .unwrap_or("Ben");
        return vec![hint(
            format!("One step a line; \"{name}: send the log by Friday\" names who and when."),
            false,
        )];
    }
    if form.choice(Name::StepsBecomeActions) == 0 {
        return vec![hint("Kept as text only: no action items.".into(), false)];
    }
    let clock = store.clock();
    let meeting = NewMeeting {
        // Until the date typed reads as one, the default due counts from today.
        held_at: domain::parse_datetime(&form.text(Name::When), clock)
            .unwrap_or_else(|_| clock.now()),
        agenda: String::new(),
        notes: String::new(),
        next_steps: typed,
    };
    let steps = match store.next_step_actions(pair_id, &meeting, Owner::Both, &already) {
        Ok(steps) => steps,
        Err(e) => return vec![hint(crate::app::sentence(&e.to_string()), true)],
    };
    if steps.is_empty() {
        return vec![hint(
            "No lines added; lines already here are not made into items again.".into(),
            false,
        )];
    }
    let today = clock.today();
    let shown = if steps.len() > PREVIEW_LINES {
        PREVIEW_LINES - 1
    } else {
        steps.len()
    };
    let mut hints: Vec<Hint> = steps[..shown]
        .iter()
        .map(|step| hint(format!("→ {}", step.describe(today)), !step.owner_read))
        .collect();
    if steps.len() > shown {
        let rest = &steps[shown..];
        hints.push(hint(
            format!("… and {} more", rest.len()),
            rest.iter().any(|s| !s.owner_read),
        ));
    }
    hints
}

/// The meeting the form holds, and whether its next steps become action
/// items; or the field at fault.
pub(super) fn validate(form: &Form, clock: &dyn Clock) -> Result<(NewMeeting, bool), FieldError> {
    let held_at = domain::parse_datetime(&form.text(Name::When), clock).map_err(at(Name::When))?;
    let meeting = NewMeeting {
        held_at,
        agenda: form.text(Name::Agenda),
        notes: form.text(Name::MeetingNotes),
        next_steps: form.text(Name::NextSteps),
    };
    Ok((meeting, form.choice(Name::StepsBecomeActions) == 1))
}
