//! `i` on the pair list: importing a JSON export, in one window. First the
//! file's path; Enter reads and checks it exactly as `candor import` does and
//! shows what the merge would add, update and remove (a dry run, rolled
//! back), with a choice for each pair of the file that has the same two
//! people as a pair here. The dry run follows the choices. Ctrl-s then
//! imports, after a copy of the journal when anything would be replaced or
//! removed. Esc at any step writes nothing.
//!
//! The checked file stays in the app while the window is open; the form
//! only holds what the person typed and chose, and is never kept as a draft.

use std::path::{Path, PathBuf};

use super::form::{Field, Form, FormKind, ImportStep, Name};
use super::{App, Overlay, Status, StatusKind, sentence};
use crate::domain::Role;
use crate::export::{self, Import, Origin, report};
use crate::store::{MergeReport, Store, StoreError};
use crate::text;

/// How a pair of this journal is removed, as the import notices say it.
const REMOVE_PAIR: &str = "d on the pair list";

/// A file read and checked, while its preview is open.
#[derive(Debug)]
pub(super) struct Importing {
    /// The path as typed: the preview is of this file.
    typed: String,
    /// What the file holds, checked.
    import: Import,
    /// Where it comes from.
    origin: Origin,
    /// Its pairs not linked here yet that have the same two people as a
    /// pair here, in the order of the choice fields.
    look_alikes: Vec<LookAlike>,
}

/// A pair of the file that may be one of yours.
#[derive(Debug)]
struct LookAlike {
    /// The file pair's uid, which a link makes an alias of the pair here.
    uid: String,
    /// "Ana Ruiz & Ben Okafor".
    names: String,
    /// The pair here with the same two people.
    here: i64,
    /// The role the file was written from, and yours here: the same role
    /// on both sides means a merge would swap the two names.
    file_role: Role,
    my_role: Role,
}

impl LookAlike {
    fn swaps(&self) -> bool {
        self.file_role == self.my_role
    }
}

impl App {
    /// `i`: the import window, asking for the file.
    pub(super) fn open_import_form(&mut self) {
        self.importing = None;
        let mut form = Form::new(
            "Import an export",
            FormKind::Import {
                step: ImportStep::File,
            },
            vec![Field::text(
                Name::File,
                "File (a candor JSON export; ~ is your home folder)",
                "",
                false,
            )],
        );
        form.notes = file_notes();
        // No draft: a path is not writing worth keeping.
        self.state.overlay = Some(Overlay::Form(Box::new(form)));
    }

    /// Enter or Ctrl-s in the import window: read the file (or read it
    /// again, if the path changed), or, once its preview shows, import it.
    pub(super) fn save_import(&mut self, form: Box<Form>) {
        let previewed = form.kind
            == FormKind::Import {
                step: ImportStep::Preview,
            }
            && self
                .importing
                .as_ref()
                .is_some_and(|i| i.typed == form.text(Name::File));
        if previewed {
            self.import_now(form);
        } else {
            self.preview_import(form);
        }
    }

    /// Esc in the import window: close it; nothing was written.
    pub(super) fn cancel_import(&mut self) {
        self.state.overlay = None;
        self.importing = None;
        self.info("Nothing was imported.");
    }

    /// After any change in the import window: a new path goes back to
    /// asking for the file; a changed choice recomputes the dry run.
    pub(super) fn import_form_changed(&mut self) {
        let Some(Overlay::Form(form)) = &mut self.state.overlay else {
            return;
        };
        if form.kind
            != (FormKind::Import {
                step: ImportStep::Preview,
            })
        {
            return;
        }
        let same_file = self
            .importing
            .as_ref()
            .is_some_and(|i| i.typed == form.text(Name::File));
        let Some(importing) = self.importing.as_ref().filter(|_| same_file) else {
            self.importing = None;
            ask_for_file(form);
            return;
        };
        match preview_notes(&mut self.store, importing, form) {
            Ok(notes) => {
                form.notes = notes;
                form.error = None;
            }
            Err(e) => form.error = Some(sentence(&e.to_string())),
        }
    }

    /// Reads and checks the file typed, as `candor import` does, and shows
    /// what importing it would do; a refusal keeps the window open with the
    /// path as typed and one sentence saying why.
    fn preview_import(&mut self, mut form: Box<Form>) {
        self.importing = None;
        let typed = form.text(Name::File);
        let read = self.read_import(&typed).and_then(|importing| {
            show_choices(&mut form, &importing);
            let notes =
                preview_notes(&mut self.store, &importing, &form).map_err(|e| e.to_string())?;
            Ok((importing, notes))
        });
        match read {
            Ok((importing, notes)) => {
                form.notes = notes;
                form.error = None;
                form.kind = FormKind::Import {
                    step: ImportStep::Preview,
                };
                if !importing.look_alikes.is_empty() {
                    form.focus_on(Name::Link(0));
                }
                self.importing = Some(importing);
                // The window says it all; the status line keeps room for the keys.
                self.info("");
            }
            Err(message) => {
                ask_for_file(&mut form);
                form.error = Some(sentence(&message));
                self.error(&message);
            }
        }
        self.state.overlay = Some(Overlay::Form(form));
    }

    /// The file at the path typed, read and checked.
    fn read_import(&self, typed: &str) -> Result<Importing, String> {
        let trimmed = typed.trim();
        if trimmed.is_empty() {
            return Err("type the path of the export to import".into());
        }
        let path = expand_home(trimmed);
        let import = export::open(&path, self.store.clock().now()).map_err(|e| e.to_string())?;
        let err = |e: StoreError| e.to_string();
        let origin = import.origin(self.store.journal_uid().map_err(err)?.as_deref());
        let look_alikes = self
            .store
            .unlinked_look_alikes(&import.bundles)
            .map_err(err)?
            .into_iter()
            .map(|(b, here)| LookAlike {
                uid: b.pair.uid.clone(),
                names: format!(
                    "{} & {}",
                    text::one_line(&b.pair.mentor_name),
                    text::one_line(&b.pair.mentee_name)
                ),
                here: here.id,
                file_role: b.pair.my_role,
                my_role: here.my_role,
            })
            .collect();
        Ok(Importing {
            typed: typed.to_owned(),
            import,
            origin,
            look_alikes,
        })
    }

    /// Ctrl-s on the preview: the merge with the links chosen, after a copy
    /// of the journal if it replaces or removes anything.
    fn import_now(&mut self, mut form: Box<Form>) {
        let Some(importing) = self.importing.take() else {
            return self.preview_import(form);
        };
        let links = links(&importing, &form);
        match importing.import.import(&mut self.store, &links) {
            Ok((merged, saved)) => {
                self.state.status = Status {
                    text: imported(&importing.typed, &merged, saved.as_deref()),
                    kind: StatusKind::Info,
                    saved_at: None,
                };
                // A list that cannot be read again says so over the news.
                self.reload();
            }
            Err(e) => {
                let message = e.to_string();
                form.error = Some(sentence(&message));
                self.importing = Some(importing);
                self.state.overlay = Some(Overlay::Form(form));
                self.error(&message);
            }
        }
    }
}

/// What the window says while it asks for the file.
fn file_notes() -> Vec<String> {
    vec![
        "A JSON export from another journal (x there, or `candor export … --format json`). Enter shows what it would add, update or remove; nothing is written before Ctrl-s.".into(),
    ]
}

/// Back to asking for the file: the path stays as typed, the choices and
/// the preview of another file go.
fn ask_for_file(form: &mut Form) {
    form.fields.retain(|f| f.name == Name::File);
    form.focus_on(Name::File);
    form.notes = file_notes();
    form.kind = FormKind::Import {
        step: ImportStep::File,
    };
}

/// A choice per look-alike pair after the File field: it is your pair
/// (the default), or keep it apart; only the latter when a merge would
/// swap the names.
fn show_choices(form: &mut Form, importing: &Importing) {
    form.fields.retain(|f| f.name == Name::File);
    for (n, l) in (0..).zip(&importing.look_alikes) {
        let mut options = vec!["keep it apart".to_owned()];
        if !l.swaps() {
            options.insert(0, format!("it is your pair {}", l.here));
        }
        form.fields.push(Field::choice(
            Name::Link(n),
            format!("{} in the file", l.names),
            options,
            0,
        ));
    }
}

/// The links chosen: each file pair merged into your pair with the same
/// two people, unless kept apart.
fn links(importing: &Importing, form: &Form) -> Vec<(String, i64)> {
    (0..)
        .zip(&importing.look_alikes)
        .filter(|(n, l)| !l.swaps() && form.choice(Name::Link(*n)) == 0)
        .map(|(_, l)| (l.uid.clone(), l.here))
        .collect()
}

/// What importing the file with the choices in `form` would do: the dry
/// run, rolled back, in the words of `candor import --dry-run`.
fn preview_notes(
    store: &mut Store,
    importing: &Importing,
    form: &Form,
) -> Result<Vec<String>, export::ImportError> {
    let links = links(importing, form);
    let plan = importing.import.merge(store, &links, |_| false)?.0;
    let mut notes = vec![format!("This file is {}.", importing.origin.describe())];
    notes.extend(report::would(&plan));
    for l in importing.look_alikes.iter().filter(|l| l.swaps()) {
        notes.push(format!(
            "{} was written by its {}, and you are the {} of your pair {} too: merging would swap the two names, so it is kept apart.",
            l.names, l.file_role, l.my_role, l.here
        ));
    }
    notes.extend(report::notices(&plan, importing.origin, true, REMOVE_PAIR));
    notes.push(if plan.rewrites() {
        "Ctrl-s imports it, after copying the journal beside itself: something here would be replaced or removed.".into()
    } else {
        "Ctrl-s imports it; nothing here would be replaced or removed.".into()
    });
    Ok(notes)
}

/// The status line after an import: what came in, and the copy made first.
fn imported(typed: &str, merged: &MergeReport, saved: Option<&Path>) -> String {
    let trimmed = typed.trim();
    let name = Path::new(trimmed)
        .file_name()
        .map_or_else(|| trimmed.into(), |n| n.to_string_lossy());
    let name = text::one_line(&name);
    let counts: Vec<String> = [
        (merged.added, "added"),
        (merged.updated, "updated"),
        (merged.deleted, "removed"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    let what = if counts.is_empty() {
        format!("nothing new ({} unchanged)", merged.unchanged)
    } else {
        counts.join(", ")
    };
    match saved {
        Some(copy) => {
            let copy = copy
                .file_name()
                .map_or_else(|| text::path(copy), |n| text::path(Path::new(n)));
            format!("Imported {name}: {what}; the journal before it is in {copy}.")
        }
        None => format!("Imported {name}: {what}."),
    }
}

/// `~/…` as a path in the home folder; anything else as it is (a relative
/// path is relative to where candor was started).
fn expand_home(path: &str) -> PathBuf {
    let rest = match path {
        "~" => Some(""),
        p => p.strip_prefix("~/"),
    };
    match (rest, directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => PathBuf::from(path),
    }
}
