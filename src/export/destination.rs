//! Where an export may be written: never over the journal, its side files
//! or its backups, over another file only when asked; and writing it as a
//! private file, whole or not at all.

use crate::text;

/// Why an export was not written to the file asked for; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum DestinationError {
    /// The file is the journal itself, one of its side files or one of its backups.
    #[error("{path} is {what}; an export never writes over it — choose another file")]
    Journal {
        /// The file asked for.
        path: String,
        /// "the journal", "the journal's write-ahead log", "a backup of the journal"…
        what: &'static str,
    },
    /// The file exists and overwriting was not asked for.
    #[error("{path} exists already; choose another file, or give --force to replace it")]
    Exists {
        /// The file asked for.
        path: String,
    },
}

/// The same file, by device and inode when both exist, else by canonical
/// path (of the folder, for a file not yet there).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    match (canonical(a), canonical(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// `path` made absolute with its folder's symbolic links resolved.
pub fn canonical(path: &std::path::Path) -> Option<std::path::PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(path.file_name()?))
}

/// What `path` is to the journal at `journal`, if it is the journal, one of
/// its side files or a backup candor keeps beside it (`NAME.before-…`).
fn journal_file(path: &std::path::Path, journal: &std::path::Path) -> Option<&'static str> {
    if same_file(path, journal) {
        return Some("the journal");
    }
    let name = journal.file_name()?.to_string_lossy().into_owned();
    for (suffix, what) in [
        ("-wal", "the journal's write-ahead log"),
        ("-shm", "the journal's shared-memory file"),
        ("-journal", "the journal's rollback journal"),
    ] {
        if same_file(path, &journal.with_file_name(format!("{name}{suffix}"))) {
            return Some(what);
        }
    }
    let here = canonical(path)?;
    let beside = canonical(journal)?;
    let file = here.file_name()?.to_string_lossy().into_owned();
    (here.parent() == beside.parent() && file.starts_with(&format!("{name}.")))
        .then_some("a backup of the journal")
}

/// Checks that an export may be written to `path`: never over the journal
/// at `journal`, its side files or the backups beside it (`others` names
/// more, such as recorded `candor backup` copies), and over an existing
/// file only when `force` is given.
pub fn check_destination(
    path: &std::path::Path,
    journal: Option<&std::path::Path>,
    others: &[std::path::PathBuf],
    force: bool,
) -> Result<(), DestinationError> {
    let shown = text::path(path);
    if let Some(what) = journal.and_then(|j| journal_file(path, j)) {
        return Err(DestinationError::Journal { path: shown, what });
    }
    if others.iter().any(|o| same_file(path, o)) {
        return Err(DestinationError::Journal {
            path: shown,
            what: "a backup of the journal",
        });
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(DestinationError::Exists { path: shown });
    }
    Ok(())
}

/// Writes `bytes` to `path` as a 0600 file, replacing it whole or not at all.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    crate::paths::create_private_dirs(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4()));
    let written = (|| {
        let mut file = crate::paths::create_private_file(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
