//! Drafts of the form being edited: mirrored after every change for the
//! shutdown path, written to the store once typing pauses, offered back at
//! the next start, and forgotten once the form is saved or discarded.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::entry_forms::addition_kind;
use super::form::{Form, FormKind, Values};
use super::{App, Confirm, Overlay, Question};
use crate::domain::Kind;
use crate::store::Draft;
use crate::text;

/// The latest draft of the open form, shared with the shutdown path, which
/// saves it on its own connection when a signal arrives.
pub type DraftMirror = Arc<Mutex<Option<Draft>>>;

/// What a draft's text holds: the form's kind and every field's value by
/// the field's name.
#[derive(Debug, Serialize, Deserialize)]
struct Snapshot {
    kind: FormKind,
    /// The fields by name (layout 2, since 0.9).
    #[serde(default, skip_serializing_if = "Values::is_empty")]
    fields: Values,
    /// The fields by position, as 0.5 to 0.8 wrote them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    values: Vec<String>,
    /// How the fields are kept: 0 (absent) by position as 0.5 wrote
    /// drafts, 1 by position since the note form put Private first, 2 by name.
    #[serde(default)]
    layout: u8,
}

/// How drafts are written now: by field name.
const LAYOUT: u8 = 2;

/// What `form` writes, kept in its draft's row to say what the draft is
/// while its text is sealed.
fn writes(form: &Form) -> Option<Kind> {
    match form.kind {
        FormKind::AddToFirstMeeting { .. } => Some(addition_kind(form)),
        kind => kind.kind(),
    }
}

impl Snapshot {
    /// The values by name for `form`: as kept, or, from a draft of an
    /// earlier release, by the position each field had then.
    fn values_for(mut self, form: &Form) -> Values {
        if self.layout >= 2 {
            return self.fields;
        }
        if self.layout == 0 && matches!(self.kind, FormKind::Note { .. }) && self.values.len() == 3
        {
            // 0.5: text, tags, private → since 0.6 private, text, tags.
            self.values.rotate_right(1);
        }
        form.fields
            .iter()
            .map(|f| f.name)
            .zip(self.values)
            .collect()
    }

    /// Every text in the draft, for reading when no form can take it.
    fn plain_text(&self) -> String {
        let texts = self.fields.values().chain(&self.values);
        texts
            .filter(|t| t.parse::<usize>().is_err() && !t.trim().is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// Tracks the draft of the open form.
#[derive(Debug, Default)]
pub(super) struct Keeper {
    mirror: DraftMirror,
    /// The uid of the open form's draft, fixed while the form is open.
    uid: Option<String>,
    /// When the form last changed, if that is not yet in the store.
    unsaved_since: Option<DateTime<Utc>>,
    /// Drafts the user chose to keep for later in this run.
    postponed: Vec<String>,
    /// Sealed drafts asked for while locked: offered again after an unlock.
    awaiting_unlock: Vec<String>,
}

impl Keeper {
    pub(super) fn mirror(&self) -> DraftMirror {
        Arc::clone(&self.mirror)
    }

    /// Whether typing has paused for `after` with changes not yet stored.
    pub(super) fn due(&self, now: DateTime<Utc>, after: Duration) -> bool {
        let after = chrono::Duration::from_std(after).unwrap_or(chrono::Duration::MAX);
        self.unsaved_since.is_some_and(|t| now - t >= after)
    }

    fn set_mirror(&self, draft: Option<Draft>) {
        // A poisoned lock only means a panic elsewhere; the draft is still worth keeping.
        let mut guard = self
            .mirror
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard = draft;
    }

    fn current(&self) -> Option<Draft> {
        self.mirror
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

impl App {
    /// Starts a fresh draft for a form just opened.
    pub(super) fn begin_draft(&mut self, uid: Option<String>) {
        self.drafts.uid = Some(uid.unwrap_or_else(|| uuid::Uuid::new_v4().to_string()));
        self.drafts.unsaved_since = None;
        self.drafts.set_mirror(None);
    }

    /// After any change to the open form: mirror it for the shutdown path.
    pub(super) fn form_changed(&mut self) {
        self.meeting_form_changed();
        self.new_pair_form_changed();
        let Some(Overlay::Form(form)) = &self.state.overlay else {
            return;
        };
        // The import window keeps no draft; its preview follows what changed.
        if matches!(form.kind, FormKind::Import { .. }) {
            return self.import_form_changed();
        }
        // An export form holds no writing worth keeping.
        if !form.is_dirty() || matches!(form.kind, FormKind::Export { .. } | FormKind::Unlock) {
            return;
        }
        let snapshot = Snapshot {
            kind: form.kind,
            fields: form.values(),
            values: Vec::new(),
            layout: LAYOUT,
        };
        let Ok(text) = serde_json::to_string(&snapshot) else {
            return;
        };
        let now = self.store.clock().now();
        let uid = self
            .drafts
            .uid
            .get_or_insert_with(|| uuid::Uuid::new_v4().to_string())
            .clone();
        let target_uid = None;
        let private = form.is_private();
        self.drafts.set_mirror(Some(Draft {
            uid,
            pair_id: form.kind.pair_id(),
            kind: writes(form),
            target_uid,
            private,
            text,
            saved_at: now,
            locked: false,
        }));
        // Each change restarts the idle wait.
        self.drafts.unsaved_since = Some(now);
    }

    /// Writes the mirrored draft to the store now.
    pub(super) fn save_draft_now(&mut self) {
        let Some(draft) = self.drafts.current() else {
            return;
        };
        match self.store.save_draft(&draft) {
            Ok(()) => {
                self.drafts.unsaved_since = None;
                // A question on the status line (discard?) is not covered up.
                let asking =
                    matches!(&self.state.overlay, Some(Overlay::Form(f)) if f.confirm_discard);
                if !asking {
                    let time = self.store.clock().local(draft.saved_at).format("%H:%M");
                    self.info(&format!("Draft kept at {time}."));
                }
            }
            Err(e) => self.error(&format!(
                "could not keep a draft: {e}; your text is still here"
            )),
        }
    }

    /// The form was saved or discarded: its draft is no longer needed.
    pub(super) fn drop_draft(&mut self) {
        if let Some(uid) = self.drafts.uid.take()
            && let Err(e) = self.store.discard_draft(&uid)
        {
            self.error(&e.to_string());
        }
        self.drafts.unsaved_since = None;
        self.drafts.set_mirror(None);
    }

    /// The form closed with its draft kept in the store (locking closed
    /// it): forget it here without throwing it away, so it is offered again.
    pub(super) fn let_draft_go(&mut self) {
        if let Some(uid) = self.drafts.uid.take() {
            self.drafts.awaiting_unlock.push(uid.clone());
            self.drafts.postponed.push(uid);
        }
        self.drafts.unsaved_since = None;
        self.drafts.set_mirror(None);
    }

    /// Offers the newest kept draft, if there is one and no window is open.
    pub(super) fn offer_next_draft(&mut self) {
        if self.state.overlay.is_some() {
            return;
        }
        let drafts = match self.store.drafts() {
            Ok(d) => d,
            Err(e) => return self.error(&e.to_string()),
        };
        let Some(draft) = drafts
            .into_iter()
            .find(|d| !self.drafts.postponed.contains(&d.uid))
        else {
            return;
        };
        let clock = self.store.clock();
        let when = clock.show_time(draft.saved_at);
        let whom = draft
            .pair_id
            .and_then(|id| self.state.pairs.pair(id))
            .map(|p| format!(" for {}", text::one_line(p.partner_name())))
            .unwrap_or_default();
        let what = draft.kind.map_or("an entry".to_owned(), |k| k.noun().a());
        let text = format!(
            "Draft kept from {when}: {what}{whom}. Reopen it? y reopens it, n asks to throw it away, Esc decides later."
        );
        self.state.overlay = Some(Overlay::Confirm(Box::new(Confirm {
            text,
            question: Question::Draft(Box::new(draft)),
        })));
    }

    /// n on a draft offer: a draft is thrown away only when asked twice,
    /// since n is also the first letter of many a word typed into it.
    pub(super) fn ask_discard_draft(&mut self, draft: Box<Draft>) {
        self.state.overlay = Some(Overlay::Confirm(Box::new(Confirm {
            text: "Throw the draft away for good? y throws it away, any other key keeps it.".into(),
            question: Question::DiscardDraft(draft),
        })));
    }

    /// Any key but y on "throw it away for good?": the draft stays in the
    /// store and is offered again at once, to reopen or leave for later.
    pub(super) fn keep_offered_draft(&mut self, draft: Box<Draft>) {
        self.offer_next_draft();
        match &self.state.overlay {
            Some(Overlay::Confirm(c)) if c.question == Question::Draft(draft) => {
                self.info("The draft is kept; y reopens it, Esc leaves it for later.");
            }
            _ => self.info("The draft is kept; it is offered again next time."),
        }
    }

    /// Esc on a draft offer: keep it for next time and offer the next one.
    pub(super) fn offer_next_draft_after_current(&mut self) {
        if let Ok(drafts) = self.store.drafts()
            && let Some(first) = drafts
                .iter()
                .find(|d| !self.drafts.postponed.contains(&d.uid))
        {
            self.drafts.postponed.push(first.uid.clone());
        }
        self.offer_next_draft();
    }

    /// After an unlock: offer again the sealed drafts that waited for it.
    pub(super) fn offer_drafts_kept_for_unlock(&mut self) {
        let waiting = std::mem::take(&mut self.drafts.awaiting_unlock);
        if waiting.is_empty() {
            return;
        }
        self.drafts.postponed.retain(|uid| !waiting.contains(uid));
        self.offer_next_draft();
    }

    /// Opens the form a draft came from, with its text.
    pub(super) fn reopen_draft(&mut self, draft: &Draft) {
        if draft.locked {
            self.drafts.postponed.push(draft.uid.clone());
            self.drafts.awaiting_unlock.push(draft.uid.clone());
            self.open_unlock_form();
            return self.info("That draft is sealed; once unlocked, it is offered again.");
        }
        let snapshot: Snapshot = match serde_json::from_str(&draft.text) {
            Ok(s) => s,
            // Not a draft this release can read: its words are still shown.
            Err(_) => {
                let text = draft.text.clone();
                return self.show_unusable_draft(&text, "it cannot be read as a form");
            }
        };
        let kind = match draft.pair_id {
            Some(pair_id) => snapshot.kind.in_pair(pair_id),
            None => snapshot.kind,
        };
        match self.form_for(kind) {
            Ok(mut form) => {
                let values = snapshot.values_for(&form);
                form.set_values(&values);
                self.state.overlay = Some(Overlay::Form(Box::new(form)));
                self.begin_draft(Some(draft.uid.clone()));
                self.form_changed();
                self.info("Draft reopened; Ctrl-s saves it, Esc throws it away.");
            }
            Err(e) => {
                let text = snapshot.plain_text();
                self.show_unusable_draft(&text, &e);
            }
        }
    }

    /// A draft no form can take any more (its entry is gone, or it was
    /// written by a release that wrote differently): its text is shown to
    /// read and copy, and the draft is kept.
    fn show_unusable_draft(&mut self, text: &str, why: &str) {
        self.view_text(
            "A draft that no form can take".into(),
            &format!("{text}\n\n(The draft is kept: {why}.)"),
            None,
        );
        self.info("The draft's text is shown as it was typed; it is kept.");
    }
}
