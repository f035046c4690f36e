//! `i` on the pair list: importing a JSON export, in one window. First the
//! file's path; Enter reads and checks it exactly as `candor import` does and
//! shows what the merge would add, update and remove (a dry run, rolled
//! back), with a choice for each pair of the file that has the same two
//! people as a pair here. The dry run follows the choices. Ctrl-s then
//! imports beside the screen (`import_run.rs`), after a copy of the journal
//! when anything would be replaced or removed. Esc at any step writes
//! nothing.
//!
//! The checked file stays in the app while the window is open; the form
//! only holds what the person typed and chose, and is never kept as a draft.

use std::path::{Path, PathBuf};

use super::form::{Field, Form, FormKind, ImportStep, Name};
use super::{App, Overlay, Status, StatusKind, sentence};
use crate::domain::Role;
use crate::export::{self, Import, Origin, Progress, report};
use crate::store::{MergeReport, Store, StoreError};
use crate::text;

/// How a pair of this journal is removed, as the import notices say it.
const REMOVE_PAIR: &str = "d on the pair list";

/// What an import ends with: what it merged and the copy made first, or
/// why nothing was imported.
pub(super) type Outcome = Result<(MergeReport, Option<PathBuf>), String>;

/// A file read and checked, while its preview is open.
#[derive(Debug, Clone)]
pub(super) struct Importing {
    /// The path as typed: the preview is of this file.
    pub(super) typed: String,
    /// What the file holds, checked.
    pub(super) import: Import,
    /// Where it comes from.
    origin: Origin,
    /// Its pairs not linked here yet that have the same two people as a
    /// pair here, in the order of the choice fields.
    look_alikes: Vec<LookAlike>,
}

/// A pair of the file that may be one of yours.
#[derive(Debug, Clone)]
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
        if self.refuse_second_import() {
            return;
        }
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

    /// Esc in the import window: close it, stopping a reading under way;
    /// nothing was written.
    pub(super) fn cancel_import(&mut self) {
        self.stop_import();
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
            self.stop_import();
            return;
        };
        let (importing, links) = (importing.clone(), links(importing, form));
        self.repreview_beside(importing, links);
    }

    /// Reads and checks the file typed, as `candor import` does, and works
    /// out what importing it would do, beside the screen; the window says
    /// how far it has come meanwhile (Esc stops it).
    fn preview_import(&mut self, mut form: Box<Form>) {
        self.importing = None;
        let typed = form.text(Name::File);
        ask_for_file(&mut form);
        if typed.trim().is_empty() {
            return self.preview_refused(form, "type the path of the export to import");
        }
        form.error = None;
        self.state.overlay = Some(Overlay::Form(form));
        self.preview_beside(typed);
    }

    /// The file typed was read and checked and the dry run made: the
    /// preview shows, if the window still asks for that file.
    pub(super) fn previewed(&mut self, read: Result<(Importing, Vec<String>), String>) {
        if !self.import_window_open() {
            return;
        }
        let Some(Overlay::Form(form)) = self.state.overlay.take() else {
            return;
        };
        let (importing, notes) = match read {
            Ok(read) if read.0.typed == form.text(Name::File) => read,
            Ok(_) => {
                self.state.overlay = Some(Overlay::Form(form));
                return;
            }
            Err(message) => return self.preview_refused(form, &message),
        };
        let mut form = form;
        show_choices(&mut form, &importing);
        form.notes = notes;
        form.error = None;
        form.kind = FormKind::Import {
            step: ImportStep::Preview,
        };
        if !importing.look_alikes.is_empty() {
            form.focus_on(Name::Link(0));
        }
        self.importing = Some(importing);
        self.state.overlay = Some(Overlay::Form(form));
        // The window says it all; the status line keeps room for the keys.
        self.info("");
    }

    /// The preview with other choices, or why it could not be made.
    pub(super) fn repreviewed(&mut self, notes: Result<Vec<String>, String>) {
        if !self.import_window_open() {
            return;
        }
        let Some(Overlay::Form(form)) = &mut self.state.overlay else {
            return;
        };
        match notes {
            Ok(notes) => {
                form.notes = notes;
                form.error = None;
            }
            Err(message) => form.error = Some(sentence(&message)),
        }
    }

    fn import_window_open(&self) -> bool {
        matches!(&self.state.overlay, Some(Overlay::Form(f)) if matches!(f.kind, FormKind::Import { .. }))
    }

    /// A refusal keeps the window open with the path as typed and one
    /// sentence saying why.
    fn preview_refused(&mut self, mut form: Box<Form>, message: &str) {
        ask_for_file(&mut form);
        form.error = Some(sentence(message));
        self.state.overlay = Some(Overlay::Form(form));
        self.error(message);
    }

    /// Ctrl-s on the preview: the merge with the links chosen, after a copy
    /// of the journal if it replaces or removes anything, beside the screen;
    /// the window closes meanwhile.
    fn import_now(&mut self, form: Box<Form>) {
        let Some(importing) = self.importing.take() else {
            return self.preview_import(form);
        };
        let links = links(&importing, &form);
        self.import_beside(importing, links, form);
    }

    /// The import ended: what came in (the lists reloaded), or why nothing
    /// did, with the window back over the screen if nothing else is open
    /// there (Ctrl-s tries again).
    pub(super) fn import_ended(
        &mut self,
        outcome: Outcome,
        mut form: Box<Form>,
        importing: Importing,
    ) {
        match outcome {
            Ok((merged, saved)) => {
                // A save that waited for the import is made first; the
                // status line then says what came in (and when it saved).
                self.retry_waiting_save();
                self.state.status = Status {
                    text: imported(&importing.typed, &merged, saved.as_deref()),
                    kind: StatusKind::Info,
                    saved_at: self.state.status.saved_at.take(),
                };
                // A list that cannot be read again says so over the news.
                self.reload();
            }
            Err(message) => {
                if self.state.overlay.is_none() {
                    form.error = Some(sentence(&message));
                    self.importing = Some(importing);
                    self.state.overlay = Some(Overlay::Form(form));
                }
                self.error(&message);
            }
        }
        self.emit(super::Effect::Redraw);
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

/// The file at the path typed, read and checked (`progress` told each
/// entry), and its pairs that look like pairs of `store`.
pub(super) fn read_import(
    store: &Store,
    typed: &str,
    progress: &Progress,
) -> Result<Importing, String> {
    let path = expand_home(&unquoted(typed));
    let import =
        export::open_with(&path, store.clock().now(), progress).map_err(|e| e.to_string())?;
    let err = |e: StoreError| e.to_string();
    let origin = import.origin(store.journal_uid().map_err(err)?.as_deref());
    let look_alikes = store
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

/// The links a new preview starts with: each look-alike pair is yours,
/// unless a merge would swap the names (see [`show_choices`]).
pub(super) fn default_links(importing: &Importing) -> Vec<(String, i64)> {
    importing
        .look_alikes
        .iter()
        .filter(|l| !l.swaps())
        .map(|l| (l.uid.clone(), l.here))
        .collect()
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

/// What importing the file with `links` would do: the dry run, rolled
/// back (`progress` told each entry), in the words of `candor import
/// --dry-run`.
pub(super) fn preview_notes(
    store: &mut Store,
    importing: &Importing,
    links: &[(String, i64)],
    progress: &Progress,
) -> Result<Vec<String>, export::ImportError> {
    let plan = importing
        .import
        .merge_with(store, links, |_| false, progress)?
        .0;
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
pub(super) fn imported(typed: &str, merged: &MergeReport, saved: Option<&Path>) -> String {
    let name = file_name(typed);
    let counts: Vec<String> = [
        (merged.added, "added"),
        (merged.updated, "updated"),
        (merged.deleted, "removed"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{} {what}", crate::text::grouped(n)))
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

/// The file's name of the path typed, as the status line says it.
pub(super) fn file_name(typed: &str) -> String {
    let unquoted = unquoted(typed);
    let trimmed = unquoted.as_str();
    let name = Path::new(trimmed)
        .file_name()
        .map_or_else(|| trimmed.into(), |n| n.to_string_lossy());
    text::one_line(&name)
}

/// A path as a file manager copies it: in quotes (`'ben.json'`) or as a
/// `file://` address with its `%20`s; the path itself, trimmed.
fn unquoted(typed: &str) -> String {
    let t = typed.trim();
    let t = [('\'', '\''), ('"', '"')]
        .into_iter()
        .find_map(|(open, close)| {
            t.strip_prefix(open)
                .and_then(|rest| rest.strip_suffix(close))
        })
        .unwrap_or(t);
    let Some(address) = t.strip_prefix("file://") else {
        return t.to_owned();
    };
    // The host of a local file's address is empty or `localhost`.
    let address = address.strip_prefix("localhost").unwrap_or(address);
    // %XX is a byte; the bytes are read back as UTF-8 (a name of any
    // other bytes is left as typed).
    let bytes = address.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = (bytes[i] == b'%')
            .then(|| address.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match byte {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| address.to_owned())
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

#[cfg(test)]
mod tests {
    use super::unquoted;

    #[test]
    fn a_path_copied_from_a_file_manager_is_read_as_the_path() {
        assert_eq!(unquoted("  ben.json "), "ben.json");
        assert_eq!(unquoted("'ben.json'"), "ben.json");
        assert_eq!(
            unquoted("\"/tmp/my exports/ben.json\""),
            "/tmp/my exports/ben.json"
        );
        assert_eq!(
            unquoted("file:///tmp/my%20exports/caf%C3%A9.json"),
            "/tmp/my exports/café.json"
        );
        assert_eq!(unquoted("file://localhost/tmp/ben.json"), "/tmp/ben.json");
        // Unmatched quotes and a lone % stay as typed.
        assert_eq!(unquoted("'ben.json"), "'ben.json");
        assert_eq!(unquoted("file:///tmp/100%"), "/tmp/100%");
    }
}
