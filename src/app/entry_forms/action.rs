//! The action item form: what, who, and by when.

use super::{FieldError, at, conflict, options, store_error};
use crate::app::App;
use crate::app::form::{Field, Form, FormKind, Name};
use crate::domain::{self, Owner};
use crate::store::StoreError;

/// Who owns an action item, in the order the form offers.
const OWNERS: [Owner; 3] = [Owner::Both, Owner::Mentee, Owner::Mentor];

impl App {
    /// The form for an action item, new or saved.
    pub(in crate::app) fn action_form(
        &self,
        kind: FormKind,
        id: Option<i64>,
    ) -> Result<Form, String> {
        let err = |e: StoreError| e.to_string();
        Ok({
            let a = id
                .map(|id| self.store.action(id))
                .transpose()
                .map_err(err)?;
            let owner = a
                .as_ref()
                .and_then(|a| OWNERS.iter().position(|o| *o == a.owner))
                .unwrap_or(0);
            let due = a
                .as_ref()
                .and_then(|a| a.due_on)
                .map(|d| d.to_string())
                .unwrap_or_default();
            Form::new(
                if id.is_some() {
                    "Action item"
                } else {
                    "New action item"
                },
                kind,
                vec![
                    Field::text(
                        Name::What,
                        "What",
                        a.as_ref().map_or("", |a| &a.text),
                        false,
                    ),
                    Field::choice(
                        Name::Owner,
                        "Who",
                        options(&["both", "the mentee", "the mentor"]),
                        owner,
                    ),
                    Field::text(Name::DueOn, "Due on (YYYY-MM-DD, optional)", &due, false),
                ],
            )
        })
    }

    pub(in crate::app) fn save_action(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &mut Form,
    ) -> Result<String, FieldError> {
        let Valid { text, owner, due } = validate(form)?;
        match id {
            Some(id) => match self.store.update_action(id, version, owner, &text, due) {
                Ok(_) => Ok("Saved the action item.".into()),
                Err(StoreError::Conflict { current, .. }) => {
                    form.kind = FormKind::Action {
                        pair_id,
                        id: Some(id),
                        version: Some(current),
                    };
                    Err((None, conflict(domain::Kind::Action)).into())
                }
                Err(e) => Err(store_error(e)),
            },
            None => {
                self.store
                    .add_action(pair_id, owner, &text, due)
                    .map_err(store_error)?;
                Ok("Added the action item.".into())
            }
        }
    }
}

/// What an action item form holds, checked.
pub(super) struct Valid {
    text: String,
    owner: Owner,
    due: Option<chrono::NaiveDate>,
}

/// The action item the form holds, or the field at fault.
pub(super) fn validate(form: &Form) -> Result<Valid, FieldError> {
    let text =
        domain::required_text("the action item", &form.text(Name::What)).map_err(at(Name::What))?;
    let owner = OWNERS[form.choice(Name::Owner).min(OWNERS.len() - 1)];
    let due = match form.text(Name::DueOn).trim() {
        "" => None,
        t => Some(domain::parse_date(t).map_err(at(Name::DueOn))?),
    };
    Ok(Valid { text, owner, due })
}
