//! The meeting form: when, agenda, notes, and next steps that may become
//! action items, saved with them in one transaction.

use super::{FieldError, at, options, store_error};
use crate::app::App;
use crate::app::form::{Field, Form, FormKind, Name};
use crate::clock::Clock;
use crate::domain::{self, Kind, Owner};
use crate::store::{MeetingEdit, NewMeeting, StoreError};

impl App {
    /// The form for a meeting, new (with its agenda prefilled) or saved.
    pub(in crate::app) fn meeting_form(
        &self,
        kind: FormKind,
        pair_id: i64,
        id: Option<i64>,
    ) -> Result<Form, String> {
        let err = |e: StoreError| e.to_string();
        Ok({
            let (when, agenda, notes, next) = match id {
                Some(id) => {
                    let m = self.store.meeting(id).map_err(err)?;
                    (self.local_time(m.held_at), m.agenda, m.notes, m.next_steps)
                }
                None => (
                    self.local_now(),
                    self.prefilled_agenda(pair_id)?,
                    String::new(),
                    String::new(),
                ),
            };
            let title = if id.is_some() {
                "Meeting"
            } else {
                "New meeting"
            };
            Form::new(
                title,
                kind,
                vec![
                    Field::text(
                        Name::When,
                        "When (YYYY-MM-DD HH:MM; later than now plans it)",
                        &when,
                        false,
                    ),
                    Field::text(Name::Agenda, "Agenda", &agenda, true),
                    Field::text(Name::MeetingNotes, "Notes", &notes, true),
                    Field::text(Name::NextSteps, "Next steps (one per line)", &next, true),
                    Field::choice(
                        Name::StepsBecomeActions,
                        "Next steps become action items",
                        options(&[
                            "no",
                            "yes, for both",
                            "yes, for the mentee",
                            "yes, for the mentor",
                        ]),
                        0,
                    ),
                ],
            )
        })
    }

    /// A new meeting's agenda: the open action items and the shared notes tagged `next`.
    pub(in crate::app) fn prefilled_agenda(&self, pair_id: i64) -> Result<String, String> {
        self.store
            .next_meeting_agenda(pair_id)
            .map_err(|e| e.to_string())
    }

    pub(in crate::app) fn save_meeting(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &Form,
    ) -> Result<String, FieldError> {
        let (meeting, owner) = validate(form, self.store.clock())?;
        let actions = match owner {
            Some(owner) => self
                .store
                .next_step_actions(pair_id, &meeting, owner)
                .map_err(|e| match e {
                    StoreError::Invalid(i) => (Some(Name::NextSteps), i.to_string()).into(),
                    e => store_error(e),
                })?,
            None => Vec::new(),
        };
        let edit = id.map(|id| MeetingEdit {
            id,
            expected_version: version,
        });
        let saved = self
            .store
            .save_meeting(pair_id, edit, &meeting, &actions)
            .map_err(|e| match e {
                StoreError::Invalid(i) => (Some(Name::Agenda), i.to_string()).into(),
                e => store_error(e),
            })?;
        let added = saved.actions.len();
        let extra = match added {
            0 => String::new(),
            n => format!(" and {}", Kind::Action.noun().count(n)),
        };
        if saved.beside.is_some() {
            return Ok(format!(
                "That meeting was changed in another candor meanwhile; yours was saved as a new meeting beside it{extra}."
            ));
        }
        let verb = if saved.meeting.held_at > self.store.clock().now() {
            "Planned"
        } else {
            "Saved"
        };
        Ok(format!(
            "{verb} the meeting of {}{extra}.",
            self.local_time(saved.meeting.held_at)
        ))
    }
}

/// The meeting the form holds, and whose action items its next steps
/// become (if anyone's); or the field at fault.
pub(super) fn validate(
    form: &Form,
    clock: &dyn Clock,
) -> Result<(NewMeeting, Option<Owner>), FieldError> {
    let held_at = domain::parse_datetime(&form.text(Name::When), clock).map_err(at(Name::When))?;
    let meeting = NewMeeting {
        held_at,
        agenda: form.text(Name::Agenda),
        notes: form.text(Name::MeetingNotes),
        next_steps: form.text(Name::NextSteps),
    };
    let owner = match form.choice(Name::StepsBecomeActions) {
        1 => Some(Owner::Both),
        2 => Some(Owner::Mentee),
        3 => Some(Owner::Mentor),
        _ => None,
    };
    Ok((meeting, owner))
}
