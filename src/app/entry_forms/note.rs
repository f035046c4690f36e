//! The note form: Private first, then the text and its tags.

use super::{FieldError, at, store_error};
use crate::app::App;
use crate::app::form::{Field, Form, FormKind, Name};
use crate::domain;
use crate::store::{NewNote, StoreError};

impl App {
    /// The form for a note, new or saved.
    pub(in crate::app) fn note_form(
        &self,
        kind: FormKind,
        pair_id: i64,
        id: Option<i64>,
    ) -> Result<Form, String> {
        let err = |e: StoreError| e.to_string();
        Ok({
            let n = id.map(|id| self.store.note(id)).transpose().map_err(err)?;
            // A note that cannot be opened starts empty: what is saved
            // replaces a damaged one, and a locked one is refused until an unlock.
            let text = n.as_ref().and_then(domain::Note::text);
            let tags = text.map(|t| t.tags.join(" ")).unwrap_or_default();
            // Private comes first and is already chosen, so the text typed
            // first is typed knowing whether it is private.
            let private = match &n {
                Some(n) => n.is_private(),
                None => self.last_note_was_private(pair_id).map_err(err)?,
            };
            let mut form = Form::new(
                if id.is_some() { "Note" } else { "New note" },
                kind,
                vec![
                    Field::privacy("Private (never shared, never handed to an editor)", private),
                    Field::text(Name::Body, "Note", text.map_or("", |t| &t.body), true),
                    Field::text(
                        Name::Tags,
                        "Tags (next puts it on the next agenda)",
                        &tags,
                        false,
                    ),
                ],
            );
            form.focus_on(Name::Body);
            form
        })
    }

    /// Whether the pair's newest note is private: a new note starts with
    /// the choice made last time.
    pub(in crate::app) fn last_note_was_private(&self, pair_id: i64) -> Result<bool, StoreError> {
        Ok(self
            .store
            .notes(pair_id, true, &crate::store::Page::first(1))?
            .first()
            .is_some_and(domain::Note::is_private))
    }

    pub(in crate::app) fn save_note(
        &mut self,
        pair_id: i64,
        id: Option<i64>,
        version: Option<i64>,
        form: &Form,
    ) -> Result<String, FieldError> {
        let note = validate(form)?;
        let what = if note.private { "private note" } else { "note" };
        match id {
            Some(id) => match self.store.update_note(id, version, &note) {
                Ok(_) => Ok(format!("Saved the {what}.")),
                Err(StoreError::Conflict { .. }) => {
                    let copy = self.store.add_note(pair_id, &note).map_err(store_error)?;
                    Ok(format!(
                        "That note was changed in another candor meanwhile; yours was saved as note {} beside it.",
                        copy.id
                    ))
                }
                Err(e) => Err(store_error(e)),
            },
            None => {
                self.store.add_note(pair_id, &note).map_err(store_error)?;
                Ok(format!("Added the {what}."))
            }
        }
    }
}

/// The note the form holds, or the field at fault.
pub(super) fn validate(form: &Form) -> Result<NewNote, FieldError> {
    let body = domain::body("the note", &form.text(Name::Body), false).map_err(at(Name::Body))?;
    let tags = domain::parse_tags([form.text(Name::Tags).as_str()]).map_err(at(Name::Tags))?;
    Ok(NewNote {
        body,
        private: form.is_private(),
        tags,
    })
}
