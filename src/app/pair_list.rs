//! The pair list on the left: every pair with its counts, one selected.
//! Choosing another pair loads its details and its tab anew.

use super::entry_forms;
use super::front::{Right, moved};
use super::{App, Confirm, Detail, Focus, Overlay, Question};
use crate::action::Action;
use crate::domain::{Pair, PairSummary};
use crate::text;

/// The pair list's state: the pairs and which one is selected.
#[derive(Debug, Clone, Default)]
pub struct PairList {
    /// All pairs in creation order, each with its counts.
    pub pairs: Vec<PairSummary>,
    /// Index of the selected pair in `pairs`.
    pub selected: usize,
}

impl PairList {
    /// The selected pair with its counts, if there is one.
    pub fn selected(&self) -> Option<&PairSummary> {
        self.pairs.get(self.selected)
    }

    /// The pair with row id `id`, if it is listed.
    pub fn pair(&self, id: i64) -> Option<&Pair> {
        self.pairs.iter().map(|s| &s.pair).find(|p| p.id == id)
    }

    /// Whether there is no pair yet.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Where the pair with row id `id` is in the list.
    pub fn position(&self, id: i64) -> Option<usize> {
        self.pairs.iter().position(|s| s.pair.id == id)
    }
}

impl App {
    /// An action for the pair list, when it has the keyboard.
    pub(super) fn act_on_pairs(&mut self, action: Action) {
        let len = self.state.pairs.len();
        let at = self.state.pairs.selected;
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => {
                let delta = self.delta(action);
                self.select_pair(moved(at, delta, len));
            }
            Action::Top => self.select_pair(0),
            Action::Bottom => self.select_pair(len.saturating_sub(1)),
            Action::New => self.open_new_pair_form(),
            Action::Edit => self.open_edit_pair_form(),
            Action::Open => self.act(Action::FocusTab),
            Action::Delete => self.ask_delete_pair(),
            _ => self.act_on_pair(action),
        }
    }

    /// Selects the pair at `index` and loads what its tab shows.
    pub(super) fn select_pair(&mut self, index: usize) {
        if index != self.state.pairs.selected {
            self.state.pairs.selected = index;
            if let Some(tab) = self.state.right.tab() {
                self.state.right = Right::for_tab(tab);
            }
            self.load_detail();
            self.load_list();
        }
    }

    fn ask_delete_pair(&mut self) {
        let Some(pair) = self.state.pair() else {
            return;
        };
        let text = format!(
            "Erase the pair with {} and everything in it: checklist, meetings, feedback, notes? This cannot be undone.",
            text::one_line(pair.partner_name())
        );
        let question = Question::DeletePair(pair.id);
        self.state.overlay = Some(Overlay::Confirm(Box::new(Confirm { text, question })));
    }

    pub(super) fn delete_pair(&mut self, id: i64) {
        match self.store.delete_pair(id) {
            Ok(()) => {
                self.saved("Erased the pair and everything in it.");
                self.state.focus = Focus::Pairs;
                self.state.pairs.selected = self.state.pairs.selected.saturating_sub(1);
                self.reload();
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    /// Reloads the pairs and the selected pair's details from the store.
    pub fn reload(&mut self) {
        let selected_id = self.state.pair().map(|p| p.id);
        self.state.today = self.store.clock().today();
        match self.store.pair_summaries() {
            Ok(pairs) => self.state.pairs.pairs = pairs,
            Err(e) => return self.error(&e.to_string()),
        }
        self.state.pairs.selected = selected_id
            .and_then(|id| self.state.pairs.position(id))
            .unwrap_or(0);
        self.load_detail();
        self.load_list();
        if matches!(self.state.right, Right::Home(_)) {
            self.load_home();
        }
    }

    pub(super) fn load_detail(&mut self) {
        let Some(pair_id) = self.state.pair().map(|p| p.id) else {
            self.state.detail = Detail::default();
            return;
        };
        let loaded = (|| {
            Ok::<_, crate::store::StoreError>(Detail {
                meetings_per_week: self.store.meetings_per_week(
                    pair_id,
                    self.store.clock().now(),
                    12,
                )?,
                feedback: self.store.feedback_summary(Some(pair_id))?,
                checklist: self.store.checklist(pair_id)?,
                strengths: self.store.strengths(pair_id)?,
                experiences: self.store.experiences(pair_id)?,
                goals: self
                    .store
                    .goals_open_first(pair_id, &crate::store::Page::first(50))?,
                checkins: {
                    let mut c = self.store.checkins(
                        pair_id,
                        &crate::store::Page::first(entry_forms::CHECKINS_SHOWN),
                    )?;
                    c.reverse();
                    c
                },
                checkin_count: self.store.checkin_count(Some(pair_id))?,
            })
        })();
        match loaded {
            Ok(d) => {
                match &mut self.state.right {
                    Right::FirstMeeting(v) => {
                        v.item_cursor = v.item_cursor.min(d.checklist.len().saturating_sub(1));
                    }
                    Right::Overview(v) => {
                        v.goal_cursor = v.goal_cursor.min(d.goals.len().saturating_sub(1));
                    }
                    Right::Home(_) | Right::Entries(_) => {}
                }
                self.state.detail = d;
            }
            Err(e) => self.error(&e.to_string()),
        }
    }
}
