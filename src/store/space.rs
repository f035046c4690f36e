//! A full disk or a journal that cannot be written, said as a person can
//! act on it: which journal, why, and what to do. SQLite reports a full disk as `FULL`, or,
//! when even the journal's `-shm` file cannot grow, as a plain I/O error;
//! both are told apart from other failures by asking the file system.

use std::path::Path;

use super::StoreError;

/// Below this many free bytes a file system counts as full here: SQLite
/// needs a page or two and its shared-memory file to do anything.
const ROOM: u64 = 256 * 1024;

/// The free bytes on the file system holding `path` (or its folder).
pub fn free_bytes(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let dir = if path.is_dir() {
            path
        } else {
            path.parent().filter(|d| !d.as_os_str().is_empty())?
        };
        let s = rustix::fs::statvfs(dir).ok()?;
        Some(s.f_bavail.saturating_mul(s.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Whether `e` is the disk holding the journal at `db` running out of room.
pub fn is_full_disk(e: &StoreError, db: &Path) -> bool {
    let io_failure = match e {
        StoreError::Full => return true,
        StoreError::Sqlite(e) => matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::SystemIoFailure | rusqlite::ErrorCode::DiskFull)
        ),
        StoreError::Io { source, .. } => source.raw_os_error() == Some(28),
        _ => false,
    };
    io_failure && free_bytes(db).is_some_and(|free| free < ROOM)
}

/// The sentence for a full disk under the journal at `db`.
pub fn full_disk_sentence(db: &Path) -> String {
    let free = free_bytes(db).unwrap_or(0);
    format!(
        "the disk holding {} is full ({} KiB free); nothing was changed and everything stored is intact — free some space there and try again",
        crate::text::one_line(&db.display().to_string()),
        free / 1024
    )
}

/// What to say of `e`, met on the journal at `db`, when it is a full disk
/// or a journal that cannot be written: the path, the cause and what to do.
pub fn explain(e: &StoreError, db: &Path) -> Option<String> {
    if matches!(e, StoreError::ReadOnly) {
        Some(read_only_sentence(db))
    } else if is_full_disk(e, db) {
        Some(full_disk_sentence(db))
    } else {
        None
    }
}

/// Why the journal at `db` cannot be written, in a sentence naming it.
pub fn read_only_sentence(db: &Path) -> String {
    let shown = crate::text::one_line(&db.display().to_string());
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    #[cfg(unix)]
    let why = {
        use rustix::fs::{Access, StatVfsMountFlags, access, statvfs};
        if statvfs(dir).is_ok_and(|s| s.f_flag.contains(StatVfsMountFlags::RDONLY)) {
            "the disk it is on is mounted read-only"
        } else if access(db, Access::WRITE_OK).is_err() {
            "the file is read-only for you"
        } else if access(dir, Access::WRITE_OK).is_err() {
            "its folder is read-only for you, and SQLite keeps its -wal and -shm files there"
        } else {
            "it cannot be written here"
        }
    };
    #[cfg(not(unix))]
    let why = "it cannot be written here";
    format!(
        "{shown} cannot be written: {why}; reading works, and nothing was changed — make it writable (or copy it somewhere that is) to change it"
    )
}
