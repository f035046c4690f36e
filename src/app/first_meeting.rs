//! The First meeting tab: the checklist of the five trust-building steps,
//! one item selected, ticked with space.

use super::front::moved;
use super::{App, Right};
use crate::action::Action;
use crate::domain::ChecklistItem;
use crate::text;

/// The First meeting tab's state: which checklist item is selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstMeetingView {
    /// Index of the selected item in the pair's checklist.
    pub item_cursor: usize,
}

impl App {
    /// An action for the First meeting tab, when it has the keyboard.
    pub(super) fn act_on_first_meeting(&mut self, action: Action) {
        let len = self.state.detail.checklist.len();
        let delta = self.delta(action);
        if let Right::FirstMeeting(view) = &mut self.state.right
            && delta != 0
        {
            view.item_cursor = moved(view.item_cursor, delta, len);
            return;
        }
        match action {
            Action::Toggle => self.toggle_item(),
            Action::Edit => self.open_item_note_form(),
            Action::New | Action::Add => self.open_add_form(),
            _ => self.act_on_pair(action),
        }
    }

    /// The checklist item selected on the First meeting tab.
    pub(super) fn selected_item(&self) -> Option<&ChecklistItem> {
        let Right::FirstMeeting(view) = &self.state.right else {
            return None;
        };
        self.state.detail.checklist.get(view.item_cursor)
    }

    /// Selects the checklist item with row id `id`, if the tab shows it.
    pub(super) fn select_item(&mut self, id: i64) {
        let at = self.state.detail.checklist.iter().position(|c| c.id == id);
        if let (Right::FirstMeeting(view), Some(i)) = (&mut self.state.right, at) {
            view.item_cursor = i;
        }
    }

    fn toggle_item(&mut self) {
        let Some(id) = self.selected_item().map(|i| i.id) else {
            return;
        };
        match self.store.toggle_item(id) {
            Ok(item) => {
                let verb = if item.done { "Ticked" } else { "Unticked" };
                self.saved(&format!("{verb}: {}", text::one_line(&item.title)));
                self.reload();
            }
            Err(e) => self.error(&e.to_string()),
        }
    }
}
