//! The Overview tab: the pair at a glance, its trust check-ins, and its
//! goals, one of them selected, read in full, changed or deleted.

use super::entry_forms::CHECKINS_SHOWN;
use super::front::moved;
use super::{App, Question, Right};
use crate::action::Action;
use crate::domain::{CheckIn, Goal, Readable};
use crate::store::Page;
use crate::text;

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

    /// Enter on the Overview: the selected goal, its criteria and its history.
    pub(super) fn show_goal(&mut self) {
        let Some(goal) = self.selected_goal().cloned() else {
            return self.info("There is no goal yet; a adds one.");
        };
        let history = match self.store.goal_history(goal.id) {
            Ok(h) => h,
            Err(e) => return self.error(&e.to_string()),
        };
        let mut body = goal.text.clone();
        if !goal.criteria.is_empty() {
            body.push_str(&format!("\n\nSuccess looks like\n{}", goal.criteria));
        }
        if let Some(due) = goal.due_on {
            body.push_str(&format!("\n\nTarget date {due}"));
        }
        body.push_str(&format!("\n\nProgress {}%", goal.progress));
        for p in &history {
            let comment = if p.comment.is_empty() {
                String::new()
            } else {
                format!("  {}", p.comment)
            };
            body.push_str(&format!(
                "\n{}  {:>3}%{comment}",
                self.local_time(p.noted_at),
                p.percent
            ));
        }
        self.view_text("Goal".into(), &body, None);
    }

    /// `t` on the Overview: the latest check-ins in full (after unlocking, if sealed).
    pub(super) fn show_checkins(&mut self) {
        let Some(pair_id) = self.selected_pair_id() else {
            return;
        };
        let checkins = match self
            .store
            .checkins(pair_id, &Page::first(CHECKINS_SHOWN * 2))
        {
            Ok(c) => c,
            Err(e) => return self.error(&e.to_string()),
        };
        if checkins.is_empty() {
            return self.info("No trust check-ins yet; c adds one.");
        }
        if checkins.iter().any(CheckIn::is_locked) {
            return self.unlock_then(crate::action::Action::ShowCheckins);
        }
        let mut body = String::new();
        for c in &checkins {
            let (trust, text) = match c.readable() {
                Readable::Open(text) => (format!("trust {}/5", text.trust), Some(text)),
                // Not so here: any locked one asked for the passphrase above.
                Readable::Locked => ("locked".to_owned(), None),
                Readable::Damaged => ("damaged: it cannot be opened".to_owned(), None),
            };
            body.push_str(&format!("{} · {trust}\n", self.local_time(c.checked_at)));
            for (label, t) in text.iter().flat_map(|text| {
                [
                    ("helped", &text.helped),
                    ("in the way", &text.in_the_way),
                    ("note", &text.note),
                ]
            }) {
                if !t.trim().is_empty() {
                    body.push_str(&format!("  {label}: {t}\n"));
                }
            }
            body.push('\n');
        }
        self.view_text("Trust check-ins (private)".into(), body.trim_end(), None);
    }

    pub(super) fn edit_goal(&mut self) {
        match self.selected_goal().cloned() {
            Some(g) => self.open_goal_form(Some(g)),
            None => self.info("There is no goal yet; a adds one."),
        }
    }

    pub(super) fn ask_delete_goal(&mut self) {
        let Some(goal) = self.selected_goal() else {
            return;
        };
        let text = format!(
            "Delete the goal \"{}\" and its progress? u undoes it right after.",
            text::one_line(&goal.text)
        );
        self.ask_before_writing(text, Question::DeleteGoal(goal.id));
    }

    pub(super) fn delete_goal(&mut self, id: i64) {
        let Some(pair_id) = self.state.pair().map(|p| p.id) else {
            return;
        };
        match self
            .store
            .delete_entry(pair_id, crate::domain::Kind::Goal, id)
        {
            Ok(_) => {
                self.saved("Deleted the goal; u brings it back.");
                self.reload();
            }
            Err(e) => self.error(&e.to_string()),
        }
    }
}
