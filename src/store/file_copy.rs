//! Copies of the journal file: a new file through SQLite's online backup,
//! checked after; and the automatic copies candor keeps beside a journal
//! (`NAME.before-…`) before a migration, a restore, an import or a merge
//! of pairs: their names, finding them, and keeping the newest few.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;

use super::error::{Result, StoreError};
use super::file::{SIDE_FILES, sibling};
use crate::paths;

/// Copies the database behind `conn` to a new file `dest` (0600), then checks the copy.
pub(super) fn copy_to(conn: &Connection, dest: &Path) -> Result<()> {
    let io = |source| StoreError::Io {
        path: dest.to_owned(),
        source,
    };
    if let Some(dir) = dest.parent() {
        paths::create_private_dirs(dir).map_err(io)?;
    }
    paths::create_private_file(dest).map_err(io)?;
    let written = (|| -> Result<()> {
        let mut copy = Connection::open(dest)?;
        {
            let backup = Backup::new(conn, &mut copy)?;
            backup.run_to_completion(1024, Duration::from_millis(5), None)?;
        }
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: dest.to_owned(),
                detail: format!("the copy failed its integrity check: {check}"),
            });
        }
        Ok(())
    })();
    if written.is_err() {
        let _ = fs::remove_file(dest);
        let _ = fs::remove_file(sibling(dest, "-wal"));
        let _ = fs::remove_file(sibling(dest, "-shm"));
    }
    written
}

/// A new file name next to `db` for an automatic copy, such as
/// `journal.db.before-v2-20261127T100000.000Z` (with `-2`, `-3`… if taken).
pub(super) fn beside(db: &Path, what: &str, now: chrono::DateTime<chrono::Utc>) -> PathBuf {
    let base = format!(".{what}-{}", now.format("%Y%m%dT%H%M%S%.3fZ"));
    let mut path = sibling(db, &base);
    let mut n = 2;
    while path.exists() {
        path = sibling(db, &format!("{base}-{n}"));
        n += 1;
    }
    path
}

/// Copies the journal behind `conn` beside `db` as `NAME.before-WHAT-…`
/// (0600, checked), then deletes the oldest automatic copies of the same
/// kind beyond [`KEEP_AUTOMATIC`]; returns the new copy.
pub(super) fn automatic_copy(
    conn: &Connection,
    db: &Path,
    what: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<PathBuf> {
    let dest = beside(db, what, now);
    copy_to(conn, &dest)?;
    prune_automatic(db, what);
    Ok(dest)
}

/// The files candor copied the journal `db` to beside itself before a
/// migration, a restore or an import: `<name>.before-…`, without SQLite's
/// side files.
pub(super) fn automatic_copies(db: &Path) -> Vec<PathBuf> {
    let Some(name) = db.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let prefix = format!("{name}.before-");
    let dir = match db.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name().to_str().is_some_and(|n| {
                n.starts_with(&prefix) && !SIDE_FILES.iter().any(|s| n.ends_with(s))
            })
        })
        .map(|e| fs::canonicalize(e.path()).unwrap_or_else(|_| e.path()))
        .collect();
    found.sort();
    found
}

/// How many automatic copies of each kind candor keeps beside a journal.
pub const KEEP_AUTOMATIC: usize = 5;

/// What an automatic copy's name says: its kind (`import`, `restore`, or
/// `upgrade` for every `vN`), its time stamp and its number among copies
/// made in the same millisecond. `None` for a name candor did not make.
fn automatic_key(file: &str, prefix: &str) -> Option<(String, String, u32)> {
    let rest = file.strip_prefix(prefix)?;
    // KIND-YYYYMMDDTHHMMSS.mmmZ, then -N when that name was taken.
    let (rest, n) = match rest.rsplit_once('-') {
        Some((head, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
            (head, n.parse().ok()?)
        }
        _ => (rest, 1),
    };
    let (kind, stamp) = rest.rsplit_once('-')?;
    let b = stamp.as_bytes();
    let stamp_ok = b.len() == 20
        && b[8] == b'T'
        && b[15] == b'.'
        && b[19] == b'Z'
        && b.iter()
            .enumerate()
            .all(|(i, c)| matches!(i, 8 | 15 | 19) || c.is_ascii_digit());
    if !stamp_ok || kind.is_empty() {
        return None;
    }
    Some((copy_kind(kind), stamp.to_owned(), n))
}

/// The kind of automatic copy `what` (`before-v4` and `v4` are `upgrade`).
fn copy_kind(what: &str) -> String {
    let what = what.strip_prefix("before-").unwrap_or(what);
    let upgrade = what
        .strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if upgrade {
        "upgrade".into()
    } else {
        what.to_owned()
    }
}

/// Deletes (with their side files) the automatic copies of the kind of
/// `what` beside `db` beyond the [`KEEP_AUTOMATIC`] newest. A copy that
/// cannot be deleted is left; the journal is never touched.
pub(super) fn prune_automatic(db: &Path, what: &str) {
    let Some(name) = db.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let prefix = format!("{name}.before-");
    let kind = copy_kind(what);
    let dir = match db.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = fs::read_dir(&dir) else {
        return;
    };
    let mut copies: Vec<((String, u32), PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let file = e.file_name().to_str()?.to_owned();
            let (k, stamp, n) = automatic_key(&file, &prefix)?;
            (k == kind).then(|| ((stamp, n), e.path()))
        })
        .collect();
    // Newest first.
    copies.sort_by(|a, b| b.0.cmp(&a.0));
    for (_, old) in copies.into_iter().skip(KEEP_AUTOMATIC) {
        if fs::remove_file(&old).is_ok() {
            for suffix in SIDE_FILES {
                let _ = fs::remove_file(sibling(&old, suffix));
            }
        }
    }
}
