//! Opening and saving the forms of the journal's entries, one file per
//! kind in `entry_forms/`; here what every form shares: opening one,
//! routing a save to its kind, waiting for another writer, `$EDITOR`. A
//! refused save keeps the form open with everything typed and moves to the
//! field at fault.

mod action;
mod closing;
mod export_window;
mod feedback;
mod first_meeting;

pub(super) use first_meeting::addition_kind;
mod meeting;
mod note;
mod overview;
pub(crate) use overview::CHECKINS_SHOWN;
mod pair;

use super::form::{Form, FormKind, Name};
use super::{App, Effect, Focus, Overlay, sentence};
use crate::action::Action;
use crate::domain::{self, ActionItem, Experience, Feedback, Invalid, Meeting, Note, Strength};
use crate::editor::EditorError;
use crate::store::StoreError;
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

    /// The form adding to the first meeting, starting on `start` (0 the
    /// mentee's strength, 1 the mentor's, 2 a challenge ↔ experience).
    pub(super) fn open_add_form(&mut self, start: usize) {
        self.open_for_pair(|pair_id| FormKind::AddToFirstMeeting { pair_id, start });
    }

    pub(super) fn open_strength_form(&mut self, s: &Strength) {
        self.open_or_say(FormKind::Strength {
            pair_id: s.pair_id,
            id: s.id,
            version: s.version,
        });
    }

    pub(super) fn open_experience_form(&mut self, e: &Experience) {
        self.open_or_say(FormKind::Experience {
            pair_id: e.pair_id,
            id: e.id,
            version: e.version,
        });
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

    /// The form for `kind`, filled from the store for an existing entry.
    pub(super) fn form_for(&self, kind: FormKind) -> Result<Form, String> {
        match kind {
            FormKind::NewPair => self.new_pair_form(kind),
            FormKind::EditPair { pair_id, .. } => self.edit_pair_form(kind, pair_id),
            FormKind::AddToFirstMeeting { pair_id, start } => {
                self.addition_form(kind, pair_id, start)
            }
            FormKind::ClosePair { pair_id } => self.closing_form(kind, pair_id),
            FormKind::Strength { id, .. } => self.strength_form(kind, id),
            FormKind::Experience { id, .. } => self.experience_form(kind, id),
            FormKind::ItemNote { item_id } => self.item_note_form(kind, item_id),
            FormKind::Meeting { pair_id, id, .. } => self.meeting_form(kind, pair_id, id),
            FormKind::Feedback { id, .. } => self.feedback_form(kind, id),
            FormKind::Note { pair_id, id, .. } => self.note_form(kind, pair_id, id),
            FormKind::Action { id, .. } => self.action_form(kind, id),
            FormKind::Export { pair_id } => self.export_form(kind, pair_id),
            FormKind::Checkin { .. } | FormKind::Goal { .. } | FormKind::GoalProgress { .. } => {
                self.overview_form(kind)
            }
            FormKind::Unlock => Err("the passphrase prompt is opened with U".into()),
            FormKind::Import { .. } => {
                Err("the import window is opened with i on the pair list".into())
            }
        }
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
            FormKind::AddToFirstMeeting { pair_id, .. } => self.save_addition(pair_id, &form),
            FormKind::ClosePair { pair_id } => self.save_closing(pair_id, &form),
            FormKind::Strength { id, version, .. } => self.save_strength(id, version, &form),
            FormKind::Experience { id, version, .. } => self.save_experience(id, version, &form),
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
                self.reload_selecting_new(form.kind.kind());
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

    /// A save met another candor writing: say so at once, keep the text,
    /// and let [`App::tick`] try again until [`WAIT_FOR_WRITER`] has passed.
    fn wait_for_writer(&mut self) {
        // The import beside the screen: the save is made once it ends.
        if self.import_running() {
            self.waiting_since.get_or_insert(self.store.clock().now());
            return self.info(
                "An import is under way; your text is kept and saved once it ends (Esc stops waiting).",
            );
        }
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

    /// Whether a key (its `action`, `None` for text) is held back because
    /// a save waits with the form's text: text and `$EDITOR` are, saying
    /// so; Esc (stop waiting), Ctrl-s and moving between fields are not.
    pub(super) fn save_waits(&mut self, action: Option<Action>) -> bool {
        let waiting = self.waiting_since.is_some()
            && matches!(self.state.overlay, Some(Overlay::Form(_)))
            && matches!(action, None | Some(Action::ExternalEditor));
        if waiting {
            self.info("Your text waits to be saved as it was; Esc stops waiting to change it.");
        }
        waiting
    }

    /// On each tick while a save waits for another writer: try it again.
    pub(super) fn retry_waiting_save(&mut self) {
        if self.waiting_since.is_none() || self.import_running() {
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
            // Said once, whether or not the editor's error says it already.
            Err(e) => {
                let e = e.to_string();
                if e.contains("not changed") {
                    self.error(&e);
                } else {
                    self.error(&format!("{e}; your text is unchanged"));
                }
            }
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
pub(super) fn conflict(kind: domain::Kind) -> String {
    format!(
        "this {} was changed in another candor meanwhile; nothing was overwritten — Ctrl-s again saves yours over it, Esc keeps theirs",
        kind.noun()
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
