//! The Overview's forms: a trust check-in (always private), a goal, and
//! progress on a goal.

use super::{FieldError, at, conflict, store_error};
use crate::app::App;
use crate::app::form::{Field, Form, FormKind, Name};
use crate::domain::{self, Goal};
use crate::store::{NewCheckIn, NewGoal, StoreError};
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
pub(crate) const CHECKINS_SHOWN: usize = 24;

impl App {
    pub(in crate::app) fn open_checkin_form(&mut self) {
        self.open_for_pair(|pair_id| FormKind::Checkin { pair_id });
    }

    pub(in crate::app) fn open_goal_form(&mut self, goal: Option<Goal>) {
        self.open_for_pair(|pair_id| FormKind::Goal {
            pair_id,
            id: goal.as_ref().map(|g| g.id),
            version: goal.map(|g| g.version),
        });
    }

    pub(in crate::app) fn open_goal_progress_form(&mut self) {
        let Some(pair_id) = self.selected_pair_id() else {
            return;
        };
        let Some(goal_id) = self.selected_goal().map(|g| g.id) else {
            return self.error("There is no goal yet; a adds one.");
        };
        self.open_or_say(FormKind::GoalProgress { pair_id, goal_id });
    }

    /// The forms of this module, filled from the store for an existing entry.
    pub(in crate::app) fn overview_form(&self, kind: FormKind) -> Result<Form, String> {
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

    pub(in crate::app) fn save_checkin(
        &mut self,
        pair_id: i64,
        form: &Form,
    ) -> Result<String, FieldError> {
        let c = validate_checkin(form);
        let saved = self.store.add_checkin(pair_id, &c).map_err(store_error)?;
        let kept = if saved.is_sealed() {
            "sealed under the passphrase"
        } else {
            "private"
        };
        Ok(format!("Check-in saved (trust {}/5, {kept}).", c.trust))
    }

    pub(in crate::app) fn save_goal(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &mut Form,
    ) -> Result<String, FieldError> {
        let g = validate_goal(form)?;
        match id {
            Some(id) => match self.store.update_goal(id, version, &g) {
                Ok(_) => Ok("Saved the goal.".into()),
                Err(StoreError::Conflict { current, .. }) => {
                    form.kind = FormKind::Goal {
                        pair_id,
                        id: Some(id),
                        version: Some(current),
                    };
                    Err((None, conflict(domain::Kind::Goal)).into())
                }
                Err(e) => Err(store_error(e)),
            },
            None => {
                self.store.add_goal(pair_id, &g).map_err(store_error)?;
                Ok("Added the goal; p records progress on it.".into())
            }
        }
    }

    pub(in crate::app) fn save_goal_progress(
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
}

/// The check-in the form holds (every choice and text is valid).
pub(super) fn validate_checkin(form: &Form) -> NewCheckIn {
    NewCheckIn {
        trust: u8::try_from(form.choice(Name::Trust) + 1).unwrap_or(3),
        helped: form.text(Name::Helped),
        in_the_way: form.text(Name::InTheWay),
        note: form.text(Name::Note),
        checked_at: None,
    }
}

/// The goal the form holds, or the field at fault.
pub(super) fn validate_goal(form: &Form) -> Result<NewGoal, FieldError> {
    let text = domain::required_text("the goal", &form.text(Name::What)).map_err(at(Name::What))?;
    let due_on = match form.text(Name::DueOn).trim() {
        "" => None,
        t => Some(domain::parse_date(t).map_err(at(Name::DueOn))?),
    };
    Ok(NewGoal {
        text,
        criteria: form.text(Name::Criteria),
        due_on,
    })
}
