//! Home (`0`): what is due across every pair, and how feedback to you as a
//! mentor goes.

use super::front::Right;
use super::{App, Focus};
use crate::action::Action;
use crate::domain::ActionItem;
use crate::store::{FeedbackSummary, StoreError};

/// How far ahead Home looks for action items.
const DAYS_AHEAD: i64 = 7;
/// How many due action items Home lists.
const DUE_SHOWN: usize = 50;

/// Home's state: what it shows across all pairs.
#[derive(Debug, Clone, Default)]
pub struct HomeView {
    /// Open action items due within a week (or overdue), soonest first.
    pub due_actions: Vec<ActionItem>,
    /// How feedback to you as a mentor went, over every pair you mentor.
    pub mentor_feedback: FeedbackSummary,
}

impl App {
    /// Shows Home, with the pair list keeping the keyboard.
    pub(super) fn show_home(&mut self) {
        self.state.focus = Focus::Pairs;
        self.state.right = Right::Home(HomeView::default());
        self.load_home();
    }

    /// An action for Home, when it has the keyboard (it has no cursor).
    pub(super) fn act_on_home(&mut self, action: Action) {
        match action {
            Action::New => self.error(
                "Open a tab to add to it: 2 first meeting, 3 meetings, 4 feedback, 5 notes.",
            ),
            _ => self.act_on_pair(action),
        }
    }

    pub(super) fn load_home(&mut self) {
        let week = self.state.today + chrono::Duration::days(DAYS_AHEAD);
        let loaded = (|| {
            Ok::<_, StoreError>(HomeView {
                due_actions: self.store.actions_due(week, DUE_SHOWN)?,
                mentor_feedback: self.store.feedback_summary(None)?,
            })
        })();
        match loaded {
            Ok(h) => {
                if let Right::Home(view) = &mut self.state.right {
                    *view = h;
                }
            }
            Err(e) => self.error(&e.to_string()),
        }
    }
}
