//! The pair list on the left: every pair, one selected; those in view hold
//! their counts, read as they come into view (the first frame reads the
//! records of the pairs it shows only). Choosing another pair loads its
//! details and its tab anew. Also the
//! actions on the selected pair that every view of it takes (pause, close,
//! add to it, undo the last delete).

use super::entry_forms;
use super::first_meeting::{self, FmRow};
use super::front::{Right, moved};
use super::{App, Detail, Focus, Question};
use crate::action::Action;
use crate::domain::{Pair, PairStatus, PairSummary};
use crate::text;

/// The pair list's state: the pairs and which one is selected.
#[derive(Debug, Clone, Default)]
pub struct PairList {
    /// All pairs in creation order; those shown (and all of them while Home
    /// is open) with their counts, see [`PairList::is_counted`].
    pub pairs: Vec<PairSummary>,
    /// Index of the selected pair in `pairs`.
    pub selected: usize,
    /// Which of `pairs` hold their counts and next meeting.
    counted: Vec<bool>,
}

impl PairList {
    /// Whether the pair at `index` holds its counts and next meeting: a
    /// pair is listed without them (all zero, no meeting) until it is shown,
    /// so the first frame reads the records of the pairs it shows only.
    pub fn is_counted(&self, index: usize) -> bool {
        self.counted.get(index).copied().unwrap_or(false)
    }

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
            self.count_shown_pairs();
            if let Some(tab) = self.state.right.tab() {
                self.state.right = Right::for_tab(tab);
            }
            self.load_detail();
            self.load_list();
        }
    }

    /// Selects the pair `spec` names (an id, or part of one name), as the
    /// config file's `default_pair` asks; one that names no pair, or
    /// several, is said in the status line and the selection stays.
    pub fn open_on_pair(&mut self, spec: &str) {
        let pairs: Vec<_> = self
            .state
            .pairs
            .pairs
            .iter()
            .map(|s| s.pair.clone())
            .collect();
        match crate::domain::find_pair(&pairs, spec) {
            Ok(pair) => {
                if let Some(at) = self.state.pairs.position(pair.id) {
                    self.select_pair(at);
                }
            }
            Err(e) => self.error(&format!("default_pair in the config file: {e}")),
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
        self.ask_before_writing(text, Question::DeletePair(pair.id));
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
        match self.store.pairs_without_next_meeting() {
            Ok(pairs) => {
                let list = &mut self.state.pairs;
                list.counted = vec![false; pairs.len()];
                list.pairs = pairs.into_iter().map(PairSummary::uncounted).collect();
            }
            Err(e) => return self.error(&e.to_string()),
        }
        self.state.pairs.selected = selected_id
            .and_then(|id| self.state.pairs.position(id))
            .unwrap_or(0);
        self.count_shown_pairs();
        let kept = self.selected_entry();
        self.load_detail();
        self.load_list();
        if matches!(self.state.right, Right::Home(_)) {
            self.load_home();
        }
        self.reselect(kept);
    }

    /// Reads the counts and next meeting of the pairs the pair list shows
    /// at the terminal's size (the selected one among them) that it has not
    /// read yet.
    pub(super) fn count_shown_pairs(&mut self) {
        let list = &self.state.pairs;
        let (width, height) = self.state.size;
        let shown = crate::layout::areas(ratatui::layout::Rect::new(0, 0, width, height))
            .map_or(list.selected..list.selected + 1, |a| {
                crate::layout::pairs_shown(list.selected, list.len(), a.pair_rows)
            });
        self.count_pairs(shown);
    }

    /// Reads the counts and next meeting of every pair (Home shows them all).
    pub(super) fn count_all_pairs(&mut self) {
        self.count_pairs(0..self.state.pairs.len());
    }

    /// Reads the counts and next meeting of the pairs at positions `range`
    /// not counted yet, in one statement.
    fn count_pairs(&mut self, range: std::ops::Range<usize>) {
        let list = &self.state.pairs;
        let range = range.start.min(list.len())..range.end.min(list.len());
        let Some(first) = range.clone().find(|&i| !list.is_counted(i)) else {
            return;
        };
        let last = range.rev().find(|&i| !list.is_counted(i)).unwrap_or(first);
        let (from, to) = (list.pairs[first].pair.id, list.pairs[last].pair.id);
        match self.store.pair_summaries_between(from, to) {
            Ok(summaries) => {
                let list = &mut self.state.pairs;
                for summary in summaries {
                    if let Some(at) = list.position(summary.pair.id) {
                        list.pairs[at] = summary;
                        list.counted[at] = true;
                    }
                }
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    /// Reloads after a save: the entry the save added, if it added one to
    /// the tab shown, is selected; otherwise the one selected before.
    ///
    /// A save that adds several (a meeting and the action items of its
    /// next steps) selects the one of kind `saved`, the entry the form was for.
    pub(super) fn reload_selecting_new(&mut self, saved: Option<crate::domain::Kind>) {
        let before: std::collections::HashSet<Selected> =
            self.shown_entries().into_iter().collect();
        let counted = self.listed_of(saved);
        self.reload();
        // A list holds only the rows around the selection: an entry saved
        // far from it is found by its id, the newest of its kind.
        if let (Some(kind), Some(pair_id)) = (saved, self.state.pair().map(|p| p.id))
            && self.listed_of(saved) > counted
            && let Ok(Some(id)) = self.store.newest_id(kind, pair_id)
            && self.select_entry_row(kind, id)
        {
            return;
        }
        let added: Vec<Selected> = self
            .shown_entries()
            .into_iter()
            .filter(|e| !before.contains(e))
            .collect();
        let added = added
            .iter()
            .find(|e| matches!(e, Selected::Row(kind, _) if Some(*kind) == saved))
            .or(added.first())
            .copied();
        if added.is_some() {
            self.reselect(added);
        }
    }

    /// How many entries of `kind` the tab on the right lists.
    fn listed_of(&self, kind: Option<crate::domain::Kind>) -> Option<usize> {
        match &self.state.right {
            Right::Entries(view) => view
                .list
                .sections
                .iter()
                .find(|s| Some(s.kind.kind()) == kind)
                .map(|s| s.total),
            _ => None,
        }
    }

    /// Every entry the tab on the right has loaded (its rows around the selection).
    fn shown_entries(&self) -> Vec<Selected> {
        match &self.state.right {
            Right::Entries(view) => view
                .list
                .loaded()
                .map(|(_, r)| Selected::Row(r.kind(), r.id()))
                .collect(),
            Right::FirstMeeting(_) => {
                let detail = &self.state.detail;
                first_meeting::rows(detail)
                    .into_iter()
                    .filter_map(|(_, row)| fm_selected(detail, row))
                    .collect()
            }
            Right::Overview(_) => {
                let goals = &self.state.detail.goals;
                goals.iter().map(|g| Selected::Goal(g.id)).collect()
            }
            Right::Home(_) => Vec::new(),
        }
    }

    /// What the tab on the right has selected, to find again after a reload.
    fn selected_entry(&self) -> Option<Selected> {
        match &self.state.right {
            Right::Entries(view) => view.row().map(|r| Selected::Row(r.kind(), r.id())),
            Right::FirstMeeting(_) => self
                .selected_fm_row()
                .and_then(|(_, row)| fm_selected(&self.state.detail, row)),
            Right::Overview(_) => self.selected_goal().map(|g| Selected::Goal(g.id)),
            Right::Home(_) => None,
        }
    }

    /// Selects again the entry selected before a reload (ticking an item or
    /// finishing a goal moves it in its list), if it is still there.
    fn reselect(&mut self, kept: Option<Selected>) {
        let detail = &self.state.detail;
        match (&mut self.state.right, kept) {
            (Right::Entries(_), Some(Selected::Row(kind, id))) => {
                self.select_entry_row(kind, id);
            }
            (Right::FirstMeeting(view), Some(kept)) => {
                let rows = first_meeting::rows(detail);
                if let Some(i) = rows
                    .iter()
                    .position(|(_, row)| fm_selected(detail, *row) == Some(kept))
                {
                    view.cursor = i;
                }
            }
            (Right::Overview(view), Some(Selected::Goal(id))) => {
                if let Some(i) = detail.goals.iter().position(|g| g.id == id) {
                    view.goal_cursor = i;
                }
            }
            _ => {}
        }
    }

    pub(super) fn load_detail(&mut self) {
        let Some((pair_id, closed)) = self
            .state
            .pair()
            .map(|p| (p.id, p.status == PairStatus::Closed))
        else {
            self.state.detail = Detail::default();
            return;
        };
        let loaded = (|| {
            Ok::<_, crate::store::StoreError>(Detail {
                meetings_per_week: self.store.meetings_per_week(
                    pair_id,
                    self.store.clock().now(),
                    12,
                    self.settings.week_start,
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
                // Only a closed pair shows its reflection: no other pays for
                // looking through its tagged notes.
                reflection: if closed {
                    self.store.closing_reflection(pair_id)?
                } else {
                    None
                },
                first_met_at: self.store.first_met_at(pair_id)?,
                feedback_unasked: self
                    .store
                    .feedback_unasked_for(pair_id, FEEDBACK_EVERY_MEETINGS)?,
            })
        })();
        match loaded {
            Ok(d) => {
                match &mut self.state.right {
                    Right::FirstMeeting(v) => {
                        v.cursor = v
                            .cursor
                            .min(first_meeting::rows(&d).len().saturating_sub(1));
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

    /// An action on the selected pair that every view of it takes.
    pub(super) fn act_on_pair(&mut self, action: Action) {
        match action {
            Action::Add => self.open_add_form(0),
            Action::NewAction => self.open_action_form(None),
            Action::Checkin => self.open_checkin_form(),
            Action::ShowCheckins => self.show_checkins(),
            Action::NewGoal => self.open_goal_form(None),
            Action::GoalProgress => self.open_goal_progress_form(),
            Action::PauseResume => self.pause_resume(),
            Action::CloseReopen => self.close_reopen(),
            _ => self.act_anywhere(action),
        }
    }

    /// `u`: brings back the entry deleted last in the journal, here or by
    /// `candor delete` or another running candor, and selects its pair.
    pub(super) fn undo_delete(&mut self) {
        match self.store.undo_deletion() {
            Ok(None) => self.info("Nothing to undo."),
            Ok(Some(undone)) => {
                self.reload();
                let elsewhere = self.state.pair().map(|p| p.id) != Some(undone.pair_id);
                if elsewhere && let Some(at) = self.state.pairs.position(undone.pair_id) {
                    self.select_pair(at);
                }
                let whose = self
                    .state
                    .pair()
                    .map(|p| text::one_line(p.partner_name()))
                    .unwrap_or_default();
                self.saved(&format!(
                    "Restored the {} (the pair with {whose}).",
                    undone.kind.noun()
                ));
            }
            Err(e) => {
                self.error(&e.to_string());
                self.reload();
            }
        }
    }

    pub(super) fn pause_resume(&mut self) {
        let Some(pair) = self.state.pair() else {
            return;
        };
        // Resuming takes nothing away: done at once. Pausing asks first, as
        // `candor pair pause` would do it to a closed pair too (paused, not
        // reopened).
        if pair.status == PairStatus::Paused {
            return self.set_status(pair.id, PairStatus::Active);
        }
        let text = format!(
            "Pause the pair with {}? It keeps everything; P makes it active again.",
            text::one_line(pair.partner_name())
        );
        self.ask_before_writing(text, Question::PausePair(pair.id));
    }

    /// Reopens a closed pair; closing one asks for the closing reflection
    /// first (Esc leaves the pair as it was).
    pub(super) fn close_reopen(&mut self) {
        let Some(pair) = self.state.pair() else {
            return;
        };
        if pair.status == PairStatus::Closed {
            self.set_status(pair.id, PairStatus::Active);
        } else {
            let pair_id = pair.id;
            self.open_or_say(super::form::FormKind::ClosePair { pair_id });
        }
    }

    pub(super) fn set_status(&mut self, id: i64, status: PairStatus) {
        match self.store.set_pair_status(id, status) {
            Ok(p) => {
                self.saved(&format!(
                    "{} is now {}.",
                    text::one_line(p.partner_name()),
                    p.status
                ));
                self.reload();
            }
            Err(e) => self.error(&e.to_string()),
        }
    }
}

/// After this many meetings without feedback to the mentor asked for, the
/// Overview says so.
pub const FEEDBACK_EVERY_MEETINGS: u32 = 3;

/// What a row of the First meeting tab is, to find it again.
fn fm_selected(detail: &Detail, row: FmRow) -> Option<Selected> {
    match row {
        FmRow::Item(i) => detail.checklist.get(i).map(|c| Selected::Item(c.id)),
        FmRow::Strength(i) => detail
            .strengths
            .get(i)
            .map(|s| Selected::Row(crate::domain::Kind::Strength, s.id)),
        FmRow::Experience(i) => detail
            .experiences
            .get(i)
            .map(|e| Selected::Row(crate::domain::Kind::Experience, e.id)),
    }
}

/// An entry selected in a tab, by what it is rather than where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Selected {
    /// A row of a list tab.
    Row(crate::domain::Kind, i64),
    /// A checklist item.
    Item(i64),
    /// A goal.
    Goal(i64),
}
