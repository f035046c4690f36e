//! The First meeting tab's forms: a strength or a challenge ↔ experience
//! pair, and the note of a checklist item.

use super::{FieldError, at, conflict, store_error};
use crate::app::App;
use crate::app::form::{Field, Form, FormKind, Name};
use crate::domain::{self, Kind, Role};
use crate::store::StoreError;
use crate::text;

/// What a first-meeting addition writes, as its first field says: a
/// strength (the mentee's or the mentor's) or a challenge ↔ experience.
pub(in crate::app) fn addition_kind(form: &Form) -> Kind {
    match form.choice(Name::Addition) {
        0 | 1 => Kind::Strength,
        _ => Kind::Experience,
    }
}

impl App {
    /// The form adding a strength or a challenge ↔ similar experience.
    pub(in crate::app) fn addition_form(
        &self,
        kind: FormKind,
        pair_id: i64,
        start: usize,
    ) -> Result<Form, String> {
        let pair = |id: i64| self.store.pair(id).map_err(|e| e.to_string());
        Ok({
            let p = pair(pair_id)?;
            let mentee = text::one_line(&p.mentee_name);
            let mentor = text::one_line(&p.mentor_name);
            Form::new(
                "Add to the first meeting",
                kind,
                vec![
                    Field::choice(
                        Name::Addition,
                        "Add",
                        vec![
                            format!("{mentee}'s strength"),
                            format!("{mentor}'s strength"),
                            "a challenge ↔ similar experience".into(),
                        ],
                        start.min(2),
                    ),
                    Field::text(Name::Strength, "Strength", "", false)
                        .shown_when(Name::Addition, vec![0, 1]),
                    Field::text(Name::Challenge, format!("{mentee}'s challenge"), "", false)
                        .shown_when(Name::Addition, vec![2]),
                    Field::text(
                        Name::Experience,
                        format!("{mentor}'s similar experience"),
                        "",
                        false,
                    )
                    .shown_when(Name::Addition, vec![2]),
                ],
            )
        })
    }

    /// The form for a saved strength.
    pub(in crate::app) fn strength_form(&self, kind: FormKind, id: i64) -> Result<Form, String> {
        let err = |e: StoreError| e.to_string();
        let s = self.store.strength(id).map_err(err)?;
        let p = self.store.pair(s.pair_id).map_err(err)?;
        Ok(Form::new(
            "Strength",
            kind,
            vec![Field::text(
                Name::Strength,
                format!("{}'s strength", text::one_line(p.name_of(s.whose))),
                &s.text,
                false,
            )],
        ))
    }

    /// The form for a saved challenge ↔ similar experience.
    pub(in crate::app) fn experience_form(&self, kind: FormKind, id: i64) -> Result<Form, String> {
        let err = |e: StoreError| e.to_string();
        let e = self.store.experience(id).map_err(err)?;
        let p = self.store.pair(e.pair_id).map_err(err)?;
        Ok(Form::new(
            "Challenge ↔ similar experience",
            kind,
            vec![
                Field::text(
                    Name::Challenge,
                    format!("{}'s challenge", text::one_line(&p.mentee_name)),
                    &e.challenge,
                    false,
                ),
                Field::text(
                    Name::Experience,
                    format!("{}'s similar experience", text::one_line(&p.mentor_name)),
                    &e.similar,
                    false,
                ),
            ],
        ))
    }

    pub(in crate::app) fn save_strength(
        &mut self,
        id: i64,
        version: i64,
        form: &Form,
    ) -> Result<String, FieldError> {
        let text = domain::required_text("the strength", &form.text(Name::Strength))
            .map_err(at(Name::Strength))?;
        self.store
            .update_strength(id, Some(version), &text)
            .map_err(|e| match e {
                StoreError::Conflict { .. } => (None, conflict(Kind::Strength)).into(),
                e => store_error(e),
            })?;
        Ok("Saved the strength.".into())
    }

    pub(in crate::app) fn save_experience(
        &mut self,
        id: i64,
        version: i64,
        form: &Form,
    ) -> Result<String, FieldError> {
        let challenge = domain::required_text("the challenge", &form.text(Name::Challenge))
            .map_err(at(Name::Challenge))?;
        let similar = domain::required_text("the similar experience", &form.text(Name::Experience))
            .map_err(at(Name::Experience))?;
        self.store
            .update_experience(id, Some(version), &challenge, &similar)
            .map_err(|e| match e {
                StoreError::Conflict { .. } => (None, conflict(Kind::Experience)).into(),
                e => store_error(e),
            })?;
        Ok("Saved the challenge and the similar experience.".into())
    }

    /// The form for a checklist item's note.
    pub(in crate::app) fn item_note_form(
        &self,
        kind: FormKind,
        item_id: i64,
    ) -> Result<Form, String> {
        let err = |e: StoreError| e.to_string();
        Ok({
            let item = self.store.checklist_item(item_id).map_err(err)?;
            // The item as the person at the keyboard reads it on the tab.
            let title = match (
                self.state.template.item(&item.key),
                self.store.pair(item.pair_id),
            ) {
                (Some(t), Ok(p)) => t.title_for(p.my_role, &p.mentor_name, &p.mentee_name),
                _ => item.title.clone(),
            };
            Form::new(
                "Note",
                kind,
                vec![Field::text(
                    Name::ItemNote,
                    text::one_line(&title),
                    &item.note,
                    true,
                )],
            )
        })
    }

    pub(in crate::app) fn save_addition(
        &mut self,
        pair_id: i64,
        form: &Form,
    ) -> Result<String, FieldError> {
        match addition_kind(form) {
            Kind::Strength => {
                let text = domain::required_text("the strength", &form.text(Name::Strength))
                    .map_err(at(Name::Strength))?;
                let whose = if form.choice(Name::Addition) == 0 {
                    Role::Mentee
                } else {
                    Role::Mentor
                };
                self.store
                    .add_strength(pair_id, whose, &text)
                    .map_err(store_error)?;
                Ok("Added the strength.".into())
            }
            _ => {
                let challenge = domain::required_text("the challenge", &form.text(Name::Challenge))
                    .map_err(at(Name::Challenge))?;
                let similar =
                    domain::required_text("the similar experience", &form.text(Name::Experience))
                        .map_err(at(Name::Experience))?;
                self.store
                    .add_experience(pair_id, &challenge, &similar)
                    .map_err(store_error)?;
                Ok("Added the challenge and the similar experience.".into())
            }
        }
    }
}
