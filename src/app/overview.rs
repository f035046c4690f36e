//! The Overview tab: the pair at a glance, its trust check-ins, and its
//! goals, one of them selected.

use super::front::moved;
use super::{App, Right};
use crate::action::Action;
use crate::domain::Goal;

/// The Overview's state: which goal is selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverviewView {
    /// Index of the selected goal in the pair's goals.
    pub goal_cursor: usize,
}

impl App {
    /// An action for the Overview, when it has the keyboard.
    pub(super) fn act_on_overview(&mut self, action: Action) {
        let len = self.state.detail.goals.len();
        let delta = self.delta(action);
        if let Right::Overview(view) = &mut self.state.right
            && delta != 0
        {
            view.goal_cursor = moved(view.goal_cursor, delta, len);
            return;
        }
        match action {
            Action::Open => self.show_goal(),
            Action::Edit => self.edit_goal(),
            Action::Delete => self.ask_delete_goal(),
            Action::New => self.error(
                "Open a tab to add to it: 2 first meeting, 3 meetings, 4 feedback, 5 notes.",
            ),
            _ => self.act_on_pair(action),
        }
    }

    /// The goal selected on the Overview.
    pub(super) fn selected_goal(&self) -> Option<&Goal> {
        let Right::Overview(view) = &self.state.right else {
            return None;
        };
        self.state.detail.goals.get(view.goal_cursor)
    }
}
