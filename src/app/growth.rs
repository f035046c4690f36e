//! The Overview's own entries: trust check-ins and goals with their progress.

use super::form::{Field, Form, FormKind, Name};
use super::forms::{FieldError, at, conflict, store_error};
use super::{App, Confirm, Overlay, Question};
use crate::domain::{self, Goal};
use crate::store::{NewCheckIn, NewGoal, Page, StoreError};
use crate::text;

/// The trust levels as the check-in form offers them.
const TRUST: [&str; 5] = [
    "1 · very little",
    "2 · some",
    "3 · moderate",
    "4 · a lot",
    "5 · complete",
];

/// How many check-ins the Overview charts, and the viewer lists.
pub const CHECKINS_SHOWN: usize = 24;

impl App {
    pub(super) fn open_checkin_form(&mut self) {
        self.open_for_pair(|pair_id| FormKind::Checkin { pair_id });
    }

    pub(super) fn open_goal_form(&mut self, goal: Option<Goal>) {
        self.open_for_pair(|pair_id| FormKind::Goal {
            pair_id,
            id: goal.as_ref().map(|g| g.id),
            version: goal.map(|g| g.version),
        });
    }

    pub(super) fn open_goal_progress_form(&mut self) {
        let Some(pair_id) = self.selected_pair_id() else {
            return;
        };
        let Some(goal_id) = self.selected_goal().map(|g| g.id) else {
            return self.error("There is no goal yet; a adds one.");
        };
        self.open_or_say(FormKind::GoalProgress { pair_id, goal_id });
    }

    /// The forms of this module, filled from the store for an existing entry.
    pub(super) fn growth_form(&self, kind: FormKind) -> Result<Form, String> {
        let err = |e: StoreError| e.to_string();
        Ok(match kind {
            FormKind::Checkin { .. } => {
                // A new check-in only: one is changed with `candor edit PAIR checkin ID`.
                let mut form = Form::new(
                    "Trust check-in (private)",
                    kind,
                    vec![
                        Field::choice(
                            Name::Trust,
                            "How much trust do you feel",
                            TRUST.iter().map(|t| (*t).to_owned()).collect(),
                            2,
                        ),
                        Field::text(Name::Helped, "What helped", "", false),
                        Field::text(Name::InTheWay, "What got in the way", "", false),
                        Field::text(Name::Note, "Anything else", "", true),
                    ],
                );
                form.notes = vec![
                    "Only you see this: it is never exported unless you ask, and sealed under the passphrase when one is set.".into(),
                ];
                form
            }
            FormKind::Goal { id, .. } => {
                let g = id.map(|id| self.store.goal(id)).transpose().map_err(err)?;
                let due = g
                    .as_ref()
                    .and_then(|g| g.due_on)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                Form::new(
                    if id.is_some() { "Goal" } else { "New goal" },
                    kind,
                    vec![
                        Field::text(
                            Name::What,
                            "Goal",
                            g.as_ref().map_or("", |g| &g.text),
                            false,
                        ),
                        Field::text(
                            Name::Criteria,
                            "Success looks like",
                            g.as_ref().map_or("", |g| &g.criteria),
                            true,
                        ),
                        Field::text(
                            Name::DueOn,
                            "Target date (YYYY-MM-DD, optional)",
                            &due,
                            false,
                        ),
                    ],
                )
            }
            FormKind::GoalProgress { goal_id, .. } => {
                let g = self.store.goal(goal_id).map_err(err)?;
                let history = self.store.goal_history(goal_id).map_err(err)?;
                let mut form = Form::new(
                    format!("Progress: {}", text::one_line(&g.text)),
                    kind,
                    vec![
                        Field::text(
                            Name::Percent,
                            format!("Progress in percent, 0-100 (now {}%)", g.progress),
                            "",
                            false,
                        ),
                        Field::text(Name::Comment, "What changed", "", false),
                    ],
                );
                form.notes = history
                    .iter()
                    .rev()
                    .take(3)
                    .map(|p| {
                        let when = self.local_time(p.noted_at);
                        format!("{when}  {:>3}%  {}", p.percent, text::one_line(&p.comment))
                    })
                    .collect();
                form
            }
            _ => return Err("not a form of the Overview".into()),
        })
    }

    pub(super) fn save_checkin(&mut self, pair_id: i64, form: &Form) -> Result<String, FieldError> {
        let c = NewCheckIn {
            trust: u8::try_from(form.choice(Name::Trust) + 1).unwrap_or(3),
            helped: form.text(Name::Helped),
            in_the_way: form.text(Name::InTheWay),
            note: form.text(Name::Note),
            checked_at: None,
        };
        let saved = self.store.add_checkin(pair_id, &c).map_err(store_error)?;
        let kept = if saved.sealed {
            "sealed under the passphrase"
        } else {
            "private"
        };
        Ok(format!("Check-in saved (trust {}/5, {kept}).", c.trust))
    }

    pub(super) fn save_goal(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &mut Form,
    ) -> Result<String, FieldError> {
        let text =
            domain::required_text("the goal", &form.text(Name::What)).map_err(at(Name::What))?;
        let due_on = match form.text(Name::DueOn).trim() {
            "" => None,
            t => Some(domain::parse_date(t).map_err(at(Name::DueOn))?),
        };
        let g = NewGoal {
            text,
            criteria: form.text(Name::Criteria),
            due_on,
        };
        match id {
            Some(id) => match self.store.update_goal(id, version, &g) {
                Ok(_) => Ok("Saved the goal.".into()),
                Err(StoreError::Conflict { current, .. }) => {
                    form.kind = FormKind::Goal {
                        pair_id,
                        id: Some(id),
                        version: Some(current),
                    };
                    Err((None, conflict("goal")).into())
                }
                Err(e) => Err(store_error(e)),
            },
            None => {
                self.store.add_goal(pair_id, &g).map_err(store_error)?;
                Ok("Added the goal; p records progress on it.".into())
            }
        }
    }

    pub(super) fn save_goal_progress(
        &mut self,
        goal_id: i64,
        form: &Form,
    ) -> Result<String, FieldError> {
        let percent =
            domain::parse_percent(&form.text(Name::Percent)).map_err(at(Name::Percent))?;
        let g = self
            .store
            .add_goal_progress(goal_id, percent, &form.text(Name::Comment))
            .map_err(store_error)?;
        Ok(if g.is_done() {
            format!("Goal reached: {}.", text::one_line(&g.text))
        } else {
            format!("Progress {}%: {}.", g.progress, text::one_line(&g.text))
        })
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
        if checkins.iter().any(|c| c.locked) {
            return self.open_unlock_form();
        }
        let mut body = String::new();
        for c in &checkins {
            let trust = c
                .trust
                .map_or("damaged: it cannot be opened".to_owned(), |t| {
                    format!("trust {t}/5")
                });
            body.push_str(&format!("{} · {trust}\n", self.local_time(c.checked_at)));
            for (label, t) in [
                ("helped", &c.helped),
                ("in the way", &c.in_the_way),
                ("note", &c.note),
            ] {
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
        let question = Question::DeleteGoal(goal.id);
        self.state.overlay = Some(Overlay::Confirm(Box::new(Confirm { text, question })));
    }

    pub(super) fn delete_goal(&mut self, id: i64) {
        let Some(pair_id) = self.state.pair().map(|p| p.id) else {
            return;
        };
        match self
            .store
            .delete_entry(pair_id, crate::store::EntryKind::Goal, id)
        {
            Ok(deleted) => {
                self.saved("Deleted the goal; u brings it back.");
                self.last_deleted = Some(deleted);
                self.reload();
            }
            Err(e) => self.error(&e.to_string()),
        }
    }
}
