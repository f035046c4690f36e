//! The First meeting tab: the checklist of the five trust-building steps,
//! with each person's strengths under step 2 and the challenge ↔ experience
//! pairs under step 4 as rows of their own. One row is selected: space
//! ticks an item, Enter reads a strength or experience in full, `e` edits,
//! `d` deletes (u undoes), and `a` adds what fits the step under the cursor:
//! a strength under step 2, a challenge ↔ experience under step 4, feedback
//! under step 5.

use super::front::moved;
use super::rows::Row;
use super::state::Detail;
use super::{App, Right};
use crate::action::Action;
use crate::domain::{ChecklistItem, Role};
use crate::text;

/// The First meeting tab's state: which row is selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FirstMeetingView {
    /// Index of the selected row in [`rows`].
    pub cursor: usize,
}

/// A row of the First meeting tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FmRow {
    /// A checklist item, by index in the pair's checklist.
    Item(usize),
    /// A strength, by index in the pair's strengths.
    Strength(usize),
    /// A challenge ↔ experience, by index in the pair's experiences.
    Experience(usize),
}

/// The rows of the tab in the order they are drawn, with the step each
/// belongs to: each step's items, then under step 2 the mentee's strengths
/// and the mentor's, and under step 4 the challenge ↔ experience pairs.
pub fn rows(detail: &Detail) -> Vec<(u8, FmRow)> {
    let mut rows = Vec::new();
    for step in 1..=5u8 {
        rows.extend(
            detail
                .checklist
                .iter()
                .enumerate()
                .filter(|(_, i)| i.step == step)
                .map(|(i, _)| (step, FmRow::Item(i))),
        );
        if step == 2 {
            for side in [Role::Mentee, Role::Mentor] {
                rows.extend(
                    detail
                        .strengths
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| s.whose == side)
                        .map(|(i, _)| (step, FmRow::Strength(i))),
                );
            }
        }
        if step == 4 {
            rows.extend((0..detail.experiences.len()).map(|i| (step, FmRow::Experience(i))));
        }
    }
    rows
}

impl App {
    /// An action for the First meeting tab, when it has the keyboard.
    pub(super) fn act_on_first_meeting(&mut self, action: Action) {
        let len = rows(&self.state.detail).len();
        let delta = self.delta(action);
        if let Right::FirstMeeting(view) = &mut self.state.right
            && delta != 0
        {
            view.cursor = moved(view.cursor, delta, len);
            return;
        }
        match (action, self.selected_fm_row()) {
            (Action::Toggle, Some((_, FmRow::Item(_)))) => self.toggle_item(),
            (Action::Toggle, Some(_)) => {
                self.info("Space ticks a checklist item; Enter reads this one, e edits it.");
            }
            (Action::Open, Some((_, FmRow::Item(_))))
            | (Action::Edit, Some((_, FmRow::Item(_)))) => self.open_item_note_form(),
            (Action::Open, Some(_)) => {
                if let Some(row) = self.first_meeting_row() {
                    self.read_in_full(row);
                }
            }
            (Action::Edit, Some(_)) => {
                if let Some(row) = self.first_meeting_row() {
                    self.edit(row);
                }
            }
            (Action::Delete, Some((_, FmRow::Item(_)))) => self.info(
                "Checklist items stay; space unticks one. d deletes a strength or an experience.",
            ),
            (Action::Delete, Some(_)) => {
                if let Some(row) = self.first_meeting_row() {
                    self.ask_delete(row);
                }
            }
            // Steps 1 and 3 are talked through, not written down as entries.
            (Action::New | Action::Add, Some((step @ (1 | 3), _))) => self.info(&format!(
                "Step {step} is talked through: space ticks its items, e adds a note to one."
            )),
            // Step 5 is feedback to the mentor: its form.
            (Action::New | Action::Add, Some((5, _))) => self.open_feedback_form(None),
            (Action::New | Action::Add, selected) => {
                let start = self.addition_for(selected);
                self.open_add_form(start);
            }
            _ => self.act_on_pair(action),
        }
    }

    /// What `a` adds at the selected row: under step 4 a challenge ↔
    /// experience; under step 2 the strength of the person the row is about;
    /// elsewhere the mentee's strength, the form's first choice.
    fn addition_for(&self, selected: Option<(u8, FmRow)>) -> usize {
        let detail = &self.state.detail;
        match selected {
            Some((4, _)) => 2,
            Some((2, FmRow::Strength(i))) => match detail.strengths.get(i).map(|s| s.whose) {
                Some(Role::Mentor) => 1,
                _ => 0,
            },
            Some((2, FmRow::Item(i))) => match detail.checklist.get(i).and_then(|c| c.ticked_by) {
                Some(crate::domain::Fact::StrengthOfMentor) => 1,
                _ => 0,
            },
            _ => 0,
        }
    }

    /// The selected row and its step.
    pub(super) fn selected_fm_row(&self) -> Option<(u8, FmRow)> {
        let Right::FirstMeeting(view) = &self.state.right else {
            return None;
        };
        rows(&self.state.detail).get(view.cursor).copied()
    }

    /// The selected strength or experience, as an entry row.
    pub(super) fn first_meeting_row(&self) -> Option<Row> {
        let detail = &self.state.detail;
        match self.selected_fm_row()?.1 {
            FmRow::Item(_) => None,
            FmRow::Strength(i) => detail.strengths.get(i).cloned().map(Row::Strength),
            FmRow::Experience(i) => detail.experiences.get(i).cloned().map(Row::Experience),
        }
    }

    /// The checklist item selected on the First meeting tab.
    pub(super) fn selected_item(&self) -> Option<&ChecklistItem> {
        match self.selected_fm_row()? {
            (_, FmRow::Item(i)) => self.state.detail.checklist.get(i),
            _ => None,
        }
    }

    /// Selects the checklist item with row id `id`, if the tab shows it.
    pub(super) fn select_item(&mut self, id: i64) {
        let at = self.state.detail.checklist.iter().position(|c| c.id == id);
        if let Some(i) = at {
            self.select_fm_row(FmRow::Item(i));
        }
    }

    /// Selects the strength or experience with row id `id`, if the tab shows it.
    pub(super) fn select_first_meeting_entry(&mut self, kind: crate::domain::Kind, id: i64) {
        let detail = &self.state.detail;
        let row = match kind {
            crate::domain::Kind::Strength => detail
                .strengths
                .iter()
                .position(|s| s.id == id)
                .map(FmRow::Strength),
            crate::domain::Kind::Experience => detail
                .experiences
                .iter()
                .position(|e| e.id == id)
                .map(FmRow::Experience),
            crate::domain::Kind::ChecklistItem => {
                return self.select_item(id);
            }
            _ => None,
        };
        if let Some(row) = row {
            self.select_fm_row(row);
        }
    }

    fn select_fm_row(&mut self, row: FmRow) {
        let at = rows(&self.state.detail).iter().position(|(_, r)| *r == row);
        if let (Right::FirstMeeting(view), Some(i)) = (&mut self.state.right, at) {
            view.cursor = i;
        }
    }

    fn toggle_item(&mut self) {
        let Some(id) = self.selected_item().map(|i| i.id) else {
            return;
        };
        match self.store.toggle_item(id) {
            Ok(item) => {
                let verb = match (item.done, &item.from) {
                    (true, Some(_)) => "Ticked (the record ticks it too)",
                    (true, None) => "Ticked",
                    (false, _) => "Unticked",
                };
                self.saved(&format!("{verb}: {}", text::one_line(&item.title)));
                self.reload();
            }
            Err(e) => self.error(&e.to_string()),
        }
    }
}
