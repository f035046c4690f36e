//! The pair's own forms: a new pair, and its names, focus, cadence and
//! next meeting.

use super::{FieldError, at, cadence_field, conflict, options, store_error};
use crate::app::form::{Field, Form, FormKind, Name};
use crate::app::{App, Overlay};
use crate::domain::{self, NewPair, Role};
use crate::store::{PairEdit, StoreError};
use crate::text;

impl App {
    /// The form for a new pair: your own side holds the name you gave for
    /// it in the pair added last (you mentor, unless you say otherwise).
    pub(in crate::app) fn new_pair_form(&self, kind: FormKind) -> Result<Form, String> {
        let own = self.store.own_name().map_err(|e| e.to_string())?;
        Ok({
            let today = self.state.today.format("%Y-%m-%d").to_string();
            let cadence = domain::DEFAULT_CADENCE_DAYS.to_string();
            let mut form = Form::new(
                "New pair",
                kind,
                vec![
                    Field::text(
                        Name::MentorName,
                        "Mentor's name",
                        own.as_deref().unwrap_or(""),
                        false,
                    ),
                    Field::text(Name::MenteeName, "Mentee's name", "", false),
                    Field::choice(
                        Name::MyRole,
                        "You are the",
                        options(&["mentor", "mentee"]),
                        0,
                    ),
                    Field::text(Name::Focus, "Focus", "", false),
                    Field::text(Name::StartedOn, "Started on (YYYY-MM-DD)", &today, false),
                    Field::text(Name::Cadence, "Meet every (days)", &cadence, false),
                ],
            );
            // Your own name is filled in: typing starts on the other person's.
            if own.is_some() {
                form.focus_on(Name::MenteeName);
            }
            form
        })
    }

    /// The form for a pair's names, your role, focus, start, cadence and
    /// next meeting.
    pub(in crate::app) fn edit_pair_form(
        &self,
        kind: FormKind,
        pair_id: i64,
    ) -> Result<Form, String> {
        let pair = |id: i64| self.store.pair(id).map_err(|e| e.to_string());
        Ok({
            let p = pair(pair_id)?;
            let next = p.next_meeting_on.map(|d| d.to_string()).unwrap_or_default();
            let cadence = p.cadence_days.map(|d| d.to_string()).unwrap_or_default();
            Form::new(
                "Pair",
                kind,
                vec![
                    Field::text(Name::MentorName, "Mentor's name", &p.mentor_name, false),
                    Field::text(Name::MenteeName, "Mentee's name", &p.mentee_name, false),
                    Field::choice(
                        Name::MyRole,
                        "You are the",
                        options(&["mentor", "mentee"]),
                        usize::from(p.my_role == Role::Mentee),
                    ),
                    Field::text(Name::Focus, "Focus", &p.focus, false),
                    Field::text(
                        Name::StartedOn,
                        "Started on (YYYY-MM-DD)",
                        &p.started_on.to_string(),
                        false,
                    ),
                    Field::text(
                        Name::Cadence,
                        "Meet every (days, empty for none)",
                        &cadence,
                        false,
                    ),
                    Field::text(
                        Name::NextMeetingOn,
                        "Next meeting on (YYYY-MM-DD; plans one, empty cancels it)",
                        &next,
                        false,
                    ),
                ],
            )
        })
    }

    /// In the new pair form, your own name follows your role: saying you
    /// are the mentee moves it from the mentor's name to the mentee's (and
    /// back), as long as the other name is still empty.
    pub(in crate::app) fn new_pair_form_changed(&mut self) {
        let Some(Overlay::Form(form)) = &mut self.state.overlay else {
            return;
        };
        if form.kind != FormKind::NewPair {
            return;
        }
        let Ok(Some(own)) = self.store.own_name() else {
            return;
        };
        let (mine, theirs) = match role_of(form) {
            Role::Mentor => (Name::MentorName, Name::MenteeName),
            Role::Mentee => (Name::MenteeName, Name::MentorName),
        };
        if form.text(mine).is_empty() && form.text(theirs) == own {
            let values = [(mine, own), (theirs, String::new())].into_iter().collect();
            form.set_values(&values);
        }
    }

    pub(in crate::app) fn save_new_pair(&mut self, form: &Form) -> Result<String, FieldError> {
        let new = validate_new(form)?;
        let pair = self
            .store
            .add_pair(&new, &self.state.template)
            .map_err(store_error)?;
        Ok(format!(
            "Added {} & {}.",
            text::one_line(&pair.mentor_name),
            text::one_line(&pair.mentee_name)
        ))
    }

    pub(in crate::app) fn save_pair_edit(
        &mut self,
        pair_id: i64,
        version: i64,
        form: &mut Form,
    ) -> Result<String, FieldError> {
        let edit = validate_edit(form)?;
        match self.store.edit_pair(pair_id, Some(version), &edit) {
            Ok(p) => Ok(format!(
                "Saved the pair with {}.",
                text::one_line(p.partner_name())
            )),
            Err(StoreError::Conflict { current, .. }) => {
                // The next Ctrl-s overwrites knowingly.
                form.kind = FormKind::EditPair {
                    pair_id,
                    version: current,
                };
                Err((None, conflict(domain::Kind::Pair)).into())
            }
            Err(StoreError::Invalid(i @ domain::Invalid::PastDay(_))) => {
                Err((Some(Name::NextMeetingOn), i.to_string()).into())
            }
            Err(e) => Err(store_error(e)),
        }
    }
}

/// The new pair the form holds, or the field at fault.
pub(super) fn validate_new(form: &Form) -> Result<NewPair, FieldError> {
    let mentor = domain::person_name("the mentor's name", &form.text(Name::MentorName))
        .map_err(at(Name::MentorName))?;
    let mentee = domain::person_name("the mentee's name", &form.text(Name::MenteeName))
        .map_err(at(Name::MenteeName))?;
    let since = domain::parse_date(&form.text(Name::StartedOn)).map_err(at(Name::StartedOn))?;
    let cadence = cadence_field(&form.text(Name::Cadence), Name::Cadence)?;
    let role = role_of(form);
    NewPair::new(
        &mentor,
        &mentee,
        role,
        &form.text(Name::Focus),
        since,
        cadence,
    )
    .map_err(at(Name::Focus))
}

/// The change to a pair the form holds, or the field at fault.
pub(super) fn validate_edit(form: &Form) -> Result<PairEdit, FieldError> {
    let mentor = domain::person_name("the mentor's name", &form.text(Name::MentorName))
        .map_err(at(Name::MentorName))?;
    let mentee = domain::person_name("the mentee's name", &form.text(Name::MenteeName))
        .map_err(at(Name::MenteeName))?;
    let since = domain::parse_date(&form.text(Name::StartedOn)).map_err(at(Name::StartedOn))?;
    let cadence = cadence_field(&form.text(Name::Cadence), Name::Cadence)?;
    let next = match form.text(Name::NextMeetingOn).trim() {
        "" => None,
        t => Some(domain::parse_date(t).map_err(at(Name::NextMeetingOn))?),
    };
    Ok(PairEdit {
        mentor_name: Some(mentor),
        mentee_name: Some(mentee),
        my_role: Some(role_of(form)),
        focus: Some(form.text(Name::Focus)),
        started_on: Some(since),
        cadence_days: Some(cadence),
        next_meeting_on: Some(next),
    })
}

/// The role the form's "You are the" choice holds.
fn role_of(form: &Form) -> Role {
    if form.choice(Name::MyRole) == 0 {
        Role::Mentor
    } else {
        Role::Mentee
    }
}
