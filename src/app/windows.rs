//! The windows over the screen and the actions each takes: a form, the
//! viewer of a long text, a yes/no question, and the search window.

use super::form::FormKind;
use super::{App, Overlay, Question};
use crate::action::Action;

impl App {
    /// An action while a form is open.
    pub(super) fn act_on_form(&mut self, action: Action) {
        match action {
            Action::Cancel => self.cancel_form(),
            Action::Save => self.save_form(),
            Action::ExternalEditor => self.request_editor(),
            Action::NextField | Action::PrevField => {
                if let Some(Overlay::Form(f)) = &mut self.state.overlay {
                    if action == Action::NextField {
                        f.next_field();
                    } else {
                        f.prev_field();
                    }
                }
            }
            _ => {}
        }
    }

    /// An action while a long text is read.
    pub(super) fn act_on_viewer(&mut self, action: Action) {
        let delta = self.delta(action);
        let height = usize::from(self.state.size.1.saturating_sub(5));
        let Some(Overlay::Viewer(v)) = &mut self.state.overlay else {
            return;
        };
        match action {
            _ if delta != 0 => v.scroll_by(delta, height),
            Action::Cancel => self.state.overlay = None,
            Action::Edit if v.row.is_some() => self.edit_row(),
            _ => {}
        }
    }

    /// An action while a yes/no question is asked.
    pub(super) fn act_on_confirm(&mut self, action: Action) {
        match action {
            Action::Yes => self.answer(true),
            Action::No => self.answer(false),
            Action::Cancel => {
                let draft_offered = matches!(
                    &self.state.overlay,
                    Some(Overlay::Confirm(c)) if matches!(c.question, Question::Draft(_))
                );
                if draft_offered {
                    self.state.overlay = None;
                    self.info("The draft is kept; it is offered again next time.");
                    self.offer_next_draft_after_current();
                } else {
                    self.answer(false);
                }
            }
            _ => {}
        }
    }

    /// An action while the search window is open (other keys type the query).
    pub(super) fn act_on_search(&mut self, action: Action) {
        let mut delta = self.delta(action);
        // A hit takes two lines: a page of hits is half a page of rows.
        if matches!(action, Action::PageUp | Action::PageDown) {
            delta = delta.signum() * (delta.abs() / 2).max(1);
        }
        match action {
            _ if delta != 0 => self.move_in_search(delta),
            Action::Open => self.open_hit(),
            Action::Cancel => self.state.overlay = None,
            _ => {}
        }
    }

    /// Esc in a form: asks once before typed text is thrown away.
    pub(super) fn cancel_form(&mut self) {
        if self.waiting_since.take().is_some() {
            return self.info("Stopped waiting; your text is here — Ctrl-s tries again.");
        }
        match &mut self.state.overlay {
            // A path is not worth asking about: Esc closes the import window at any step.
            Some(Overlay::Form(f)) if matches!(f.kind, FormKind::Import { .. }) => {
                self.cancel_import();
            }
            Some(Overlay::Form(form)) if form.is_dirty() && !form.confirm_discard => {
                form.confirm_discard = true;
                self.error(
                    "Discard what you typed? Esc again discards it; any other key keeps editing.",
                );
            }
            Some(Overlay::Form(f)) if f.kind == FormKind::Unlock => {
                // A prompt holds no draft: nothing to throw away.
                if let Some(Overlay::Form(mut f)) = self.state.overlay.take() {
                    f.clear_secrets();
                }
                self.after_unlock = None;
                self.info("Still locked; U asks again.");
            }
            Some(Overlay::Form(_)) => {
                self.state.overlay = None;
                self.drop_draft();
                self.info("Cancelled; nothing was saved.");
            }
            _ => {}
        }
    }

    pub(super) fn answer(&mut self, yes: bool) {
        let Some(Overlay::Confirm(confirm)) = self.state.overlay.take() else {
            return;
        };
        match (confirm.question, yes) {
            (Question::DeleteEntry(row), true) => self.delete_row(&row),
            (Question::DeletePair(id), true) => self.delete_pair(id),
            (Question::DeleteGoal(id), true) => self.delete_goal(id),
            (Question::PausePair(id), true) => {
                self.set_status(id, crate::domain::PairStatus::Paused);
            }
            (Question::PausePair(_), false) => self.info("The pair was not paused."),
            (Question::Draft(draft), true) => self.reopen_draft(&draft),
            (Question::RepairKey, yes) => self.answer_repair(yes),
            (Question::Draft(draft), false) => self.ask_discard_draft(draft),
            (Question::DiscardDraft(draft), true) => {
                match self.store.discard_draft(&draft.uid) {
                    Ok(()) => self.info("The draft was thrown away."),
                    Err(e) => self.error(&e.to_string()),
                }
                self.offer_next_draft();
            }
            (Question::DiscardDraft(draft), false) => self.keep_offered_draft(draft),
            (_, false) => self.info("Nothing was deleted."),
        }
    }
}
