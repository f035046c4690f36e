//! The export window: one pair or all, Markdown or JSON, private text held
//! back or included, and the file — with what would leave shown first.

use super::{FieldError, options, store_error};
use crate::app::App;
use crate::app::form::{Field, Form, FormKind, Name};
use crate::export;
use crate::text;

impl App {
    pub(in crate::app) fn open_export_form(&mut self) {
        let pair_id = self.state.pair().map(|p| p.id);
        if pair_id.is_none() {
            return self.error("There is nothing to export yet.");
        }
        self.open_or_say(FormKind::Export { pair_id });
    }

    /// What an export of `only` (or all pairs) sends and holds back, in a line.
    pub(in crate::app) fn export_preview(
        &self,
        only: Option<&crate::domain::Pair>,
        label: &str,
    ) -> Result<String, String> {
        let doc = export::build(&self.store, only, false).map_err(|e| e.to_string())?;
        let held = export::held_back(&self.store, only).map_err(|e| e.to_string())?;
        Ok(format!(
            "{label}: {}.",
            export::summary(&export::contents(&doc), held)
        ))
    }

    /// The export window for the selected pair (or all).
    pub(in crate::app) fn export_form(
        &self,
        kind: FormKind,
        pair_id: Option<i64>,
    ) -> Result<Form, String> {
        Ok({
            let pair = pair_id
                .map(|id| self.store.pair(id))
                .transpose()
                .map_err(|e| e.to_string())?;
            let partner = pair
                .as_ref()
                .map_or("everyone".to_owned(), |p| text::one_line(p.partner_name()));
            let slug: String = partner
                .to_lowercase()
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .collect();
            let file = format!("candor-{slug}-{}", self.state.today);
            let mut form = Form::new(
                "Export: what leaves, and where",
                kind,
                vec![
                    Field::choice(
                        Name::Scope,
                        "Export",
                        vec![format!("only {partner}"), "all pairs".into()],
                        0,
                    ),
                    Field::choice(
                        Name::Format,
                        "As",
                        options(&["Markdown, to read", "JSON, to import elsewhere"]),
                        0,
                    ),
                    Field::choice(
                        Name::IncludePrivate,
                        "Private notes and trust check-ins",
                        options(&["hold back", "include them"]),
                        0,
                    ),
                    Field::text(Name::File, "File (the extension is added)", &file, false),
                ],
            );
            form.notes = vec![
                self.export_preview(pair.as_ref(), &format!("Only {partner}"))?,
                self.export_preview(None, "All pairs")?,
                "Nothing leaves until you press Ctrl-s; the file is created readable by you alone."
                    .into(),
            ];
            form
        })
    }

    pub(in crate::app) fn save_export(
        &mut self,
        pair_id: Option<i64>,
        form: &mut Form,
    ) -> Result<String, FieldError> {
        let only = match (form.choice(Name::Scope), pair_id) {
            (0, Some(id)) => Some(self.store.pair(id).map_err(store_error)?),
            _ => None,
        };
        let format = if form.choice(Name::Format) == 0 {
            export::Format::Markdown
        } else {
            export::Format::Json
        };
        let include_private = form.choice(Name::IncludePrivate) == 1;
        let name = form.text(Name::File);
        let name = name.trim();
        if name.is_empty() {
            return Err((
                Some(Name::File),
                "the file name must not be empty".to_owned(),
            )
                .into());
        }
        let mut path = std::path::PathBuf::from(name);
        if path.extension().is_none() {
            path.set_extension(format.extension());
        }
        let shown = export::canonical(&path).unwrap_or_else(|| path.clone());
        let replace = form.replace.as_ref() == Some(&shown);
        match export::check_destination(&path, self.store.path(), &[], replace) {
            Ok(()) => {}
            Err(export::DestinationError::Exists { .. }) => {
                form.replace = Some(shown.clone());
                return Err(FieldError::from((
                    Some(Name::File),
                    format!(
                        "{} exists already; Ctrl-s again replaces it, or change the name",
                        text::path(&shown)
                    ),
                )));
            }
            Err(e) => return Err((Some(Name::File), e.to_string()).into()),
        }
        let mut doc =
            export::build(&self.store, only.as_ref(), include_private).map_err(store_error)?;
        if format == export::Format::Json {
            export::name_journal(&self.store, &mut doc).map_err(store_error)?;
        }
        let text = export::render(&doc, format, self.store.clock(), &self.state.template);
        export::write_private(&path, text.as_bytes()).map_err(|e| {
            FieldError::from((
                Some(Name::File),
                format!("cannot write {}: {e}", text::path(&path)),
            ))
        })?;
        let held = if include_private {
            export::HeldBack::default()
        } else {
            export::held_back(&self.store, only.as_ref()).map_err(store_error)?
        };
        let shown = export::canonical(&path).unwrap_or(shown);
        Ok(format!(
            "Wrote {}: {}.",
            text::path(&shown),
            export::summary(&export::contents(&doc), held)
        ))
    }
}
