//! Closing a pair: the closing reflection the screen asks for first — what
//! worked, what each takes forward, whether to stay in touch. Ctrl-s closes
//! the pair with it (an empty reflection closes without one); Esc leaves the
//! pair as it was.

use super::{FieldError, options, store_error};
use crate::app::App;
use crate::app::form::{Field, Form, FormKind, Name};
use crate::domain::{Reflection, Role, StayInTouch};
use crate::store::StoreError;
use crate::text;

impl App {
    /// The closing reflection form for pair `pair_id`.
    pub(in crate::app) fn closing_form(
        &self,
        kind: FormKind,
        pair_id: i64,
    ) -> Result<Form, String> {
        let p = self
            .store
            .pair(pair_id)
            .map_err(|e: StoreError| e.to_string())?;
        let mentor = text::one_line(&p.mentor_name);
        let mentee = text::one_line(&p.mentee_name);
        // Your own side is asked of you; the other's names them.
        let takes = |role: Role, name: &str| {
            if role == p.my_role {
                "What you take forward".to_owned()
            } else {
                format!("What {name} takes forward")
            }
        };
        Ok(Form::new(
            format!("Close: {mentor} & {mentee}"),
            kind,
            vec![
                Field::text(Name::Worked, "What worked", "", true),
                Field::text(Name::MentorTakes, takes(Role::Mentor, &mentor), "", true),
                Field::text(Name::MenteeTakes, takes(Role::Mentee, &mentee), "", true),
                Field::choice(
                    Name::StayInTouch,
                    "Stay in touch",
                    options(&["not decided", "yes", "no"]),
                    0,
                ),
            ],
        ))
    }

    pub(in crate::app) fn save_closing(
        &mut self,
        pair_id: i64,
        form: &Form,
    ) -> Result<String, FieldError> {
        let reflection = Reflection {
            worked: form.text(Name::Worked),
            mentor_takes: form.text(Name::MentorTakes),
            mentee_takes: form.text(Name::MenteeTakes),
            stay_in_touch: match form.choice(Name::StayInTouch) {
                1 => StayInTouch::Yes,
                2 => StayInTouch::No,
                _ => StayInTouch::Undecided,
            },
        };
        let pair = self.store.pair(pair_id).map_err(store_error)?;
        let text =
            (!reflection.is_empty()).then(|| reflection.text(&pair.mentor_name, &pair.mentee_name));
        let (pair, note) =
            self.store
                .close_pair(pair_id, text.as_deref())
                .map_err(|e| match e {
                    StoreError::Invalid(i) => (Some(Name::Worked), i.to_string()).into(),
                    e => store_error(e),
                })?;
        let name = text::one_line(pair.partner_name());
        Ok(match note {
            Some(_) => format!("Closed the pair with {name}; the reflection is on its Overview."),
            None => format!("Closed the pair with {name}, without a reflection."),
        })
    }
}
