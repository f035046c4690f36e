//! The feedback form: for whom, whether it was asked for, the feedback,
//! how it was taken, and its situation, behaviour and impact.

use super::{FieldError, NO_YES, at, options, store_error};
use crate::app::App;
use crate::app::form::{Field, Form, FormKind, Name};
use crate::clock::Clock;
use crate::domain::{self, Direction, Response};
use crate::store::{NewFeedback, StoreError};

/// How feedback was taken, in the order the form offers.
const RESPONSES: [Response; 4] = [
    Response::Pending,
    Response::Accepted,
    Response::Discussed,
    Response::PushedBack,
];

impl App {
    /// The form for feedback, new or saved.
    pub(in crate::app) fn feedback_form(
        &self,
        kind: FormKind,
        id: Option<i64>,
    ) -> Result<Form, String> {
        let err = |e: StoreError| e.to_string();
        Ok({
            let f = id
                .map(|id| self.store.feedback_entry(id))
                .transpose()
                .map_err(err)?;
            let direction = f
                .as_ref()
                .map_or(0, |f| usize::from(f.direction == Direction::ToMentee));
            let requested = f.as_ref().map_or(0, |f| usize::from(f.requested));
            let response = f
                .as_ref()
                .and_then(|f| RESPONSES.iter().position(|r| *r == f.response))
                .unwrap_or(0);
            let opt = |v: Option<&Option<String>>| v.and_then(|v| v.clone()).unwrap_or_default();
            let when = f
                .as_ref()
                .map_or_else(|| self.local_now(), |f| self.local_time(f.given_at));
            Form::new(
                if id.is_some() {
                    "Feedback"
                } else {
                    "New feedback"
                },
                kind,
                vec![
                    Field::choice(
                        Name::Direction,
                        "For",
                        options(&["the mentor", "the mentee"]),
                        direction,
                    ),
                    Field::choice(
                        Name::Requested,
                        "The mentor asked for it",
                        options(&NO_YES),
                        requested,
                    ),
                    Field::text(
                        Name::Feedback,
                        "Feedback",
                        f.as_ref().map_or("", |f| &f.body),
                        true,
                    ),
                    Field::choice(
                        Name::Response,
                        "How it was taken",
                        RESPONSES.iter().map(|r| r.label().to_owned()).collect(),
                        response,
                    ),
                    Field::text(
                        Name::Situation,
                        "Situation (optional)",
                        &opt(f.as_ref().map(|f| &f.situation)),
                        false,
                    ),
                    Field::text(
                        Name::Behaviour,
                        "Behaviour (optional)",
                        &opt(f.as_ref().map(|f| &f.behaviour)),
                        false,
                    ),
                    Field::text(
                        Name::Impact,
                        "Impact (optional)",
                        &opt(f.as_ref().map(|f| &f.impact)),
                        false,
                    ),
                    Field::text(
                        Name::FollowUp,
                        "Follow-up",
                        f.as_ref().map_or("", |f| &f.follow_up),
                        false,
                    ),
                    Field::text(Name::When, "When (YYYY-MM-DD HH:MM)", &when, false),
                ],
            )
        })
    }

    pub(in crate::app) fn save_feedback(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &Form,
    ) -> Result<String, FieldError> {
        let feedback = validate(form, self.store.clock())?;
        match id {
            Some(id) => match self.store.update_feedback(id, version, &feedback) {
                Ok(_) => Ok("Saved the feedback.".into()),
                Err(StoreError::Conflict { .. }) => {
                    self.store
                        .add_feedback(pair_id, &feedback)
                        .map_err(store_error)?;
                    Ok("That feedback was changed in another candor meanwhile; yours was saved as a new entry beside it.".into())
                }
                Err(e) => Err(store_error(e)),
            },
            None => {
                self.store
                    .add_feedback(pair_id, &feedback)
                    .map_err(store_error)?;
                Ok("Recorded the feedback.".into())
            }
        }
    }
}

/// The feedback the form holds, or the field at fault.
pub(super) fn validate(form: &Form, clock: &dyn Clock) -> Result<NewFeedback, FieldError> {
    let body = domain::body("the feedback", &form.text(Name::Feedback), false)
        .map_err(at(Name::Feedback))?;
    let optional = |name: Name| Some(form.text(name)).filter(|t| !t.trim().is_empty());
    let given_at = domain::parse_datetime(&form.text(Name::When), clock).map_err(at(Name::When))?;
    Ok(NewFeedback {
        direction: if form.choice(Name::Direction) == 0 {
            Direction::ToMentor
        } else {
            Direction::ToMentee
        },
        requested: form.choice(Name::Requested) == 1,
        body,
        situation: optional(Name::Situation),
        behaviour: optional(Name::Behaviour),
        impact: optional(Name::Impact),
        response: RESPONSES[form.choice(Name::Response).min(RESPONSES.len() - 1)],
        follow_up: form.text(Name::FollowUp),
        given_at,
    })
}
