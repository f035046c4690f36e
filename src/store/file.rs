//! The journal as a file, before and as SQLite opens it: its header, a
//! rollback journal or a write-ahead log beside it that is not SQLite's,
//! whether it can be written here, the switch to WAL, SQLite's side files,
//! and SQLite's errors at opening told apart.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use super::error::{Result, StoreError};
use super::schema::{APPLICATION_ID, SCHEMA_VERSION};

/// How long a write waits for another running copy before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(8);

/// `path` with `suffix` appended to its file name, as SQLite names its side files.
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Journals this process has open through SQLite, by canonical path, with
/// how many connections each.
///
/// Such a file must not be opened outside SQLite here: closing any
/// descriptor of a file drops every record lock the process holds on it
/// (POSIX ties them to the process, not the descriptor), so a connection
/// open here would lose its shared lock. Another program closing the
/// journal would then take itself for the last, checkpoint and delete the
/// write-ahead log this connection still writes to (what it wrote after is
/// lost), or take the journal out of WAL mode under it. A second connection
/// (the screen's import, a sync) finds the file checked already.
static OPEN_HERE: std::sync::Mutex<std::collections::BTreeMap<PathBuf, usize>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

fn open_here_key(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

fn open_here_map() -> std::sync::MutexGuard<'static, std::collections::BTreeMap<PathBuf, usize>> {
    OPEN_HERE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Whether a connection of this process has the journal at `path` open.
pub(super) fn open_here(path: &Path) -> bool {
    open_here_map().contains_key(&open_here_key(path))
}

/// A connection to the journal at a path, counted in [`OPEN_HERE`] while it
/// lives; kept last in the [`super::Store`], so the connection closes first.
#[derive(Debug)]
pub(super) struct OpenHere(PathBuf);

impl OpenHere {
    pub(super) fn new(path: &Path) -> Self {
        let key = open_here_key(path);
        *open_here_map().entry(key.clone()).or_default() += 1;
        Self(key)
    }
}

impl Drop for OpenHere {
    fn drop(&mut self) {
        let mut open = open_here_map();
        if let Some(n) = open.get_mut(&self.0) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.0);
            }
        }
    }
}

/// The side files SQLite keeps beside a database.
pub(super) const SIDE_FILES: [&str; 3] = ["-wal", "-shm", "-journal"];

/// handler, so two copies creating a journal at once retry here instead.
/// Whether candor can write the journal at `path`: the file, and its folder
/// (where SQLite keeps the `-wal` and `-shm` beside it), on a disk mounted
/// for writing.
pub(super) fn writable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use rustix::fs::{Access, access};
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let on_rw_disk = rustix::fs::statvfs(dir)
            .map(|s| !s.f_flag.contains(rustix::fs::StatVfsMountFlags::RDONLY))
            .unwrap_or(true);
        on_rw_disk
            && access(path, Access::WRITE_OK).is_ok()
            && access(dir, Access::WRITE_OK).is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

/// `path` as an SQLite URI that opens the file read-only and immutable.
pub(super) fn immutable_uri(path: &Path) -> String {
    let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let mut uri = String::from("file:");
    for &b in absolute.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

/// Switches to WAL. Changing the journal mode does not wait on the busy
pub(super) fn set_wal(conn: &Connection) -> Result<String> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return Ok(other?),
        }
    }
}

/// Header checks that need no SQLite: magic, application id, schema version.
///
/// The file's size is not judged here: another copy may be checkpointing
/// right now, writing page 1 (with the new page count) before the pages that
/// extend the file, so a size read without SQLite's lock can call a healthy
/// journal truncated. SQLite compares the two under its own lock when it
/// first reads the file and reports a short file as corrupt.
pub(super) fn check_header(path: &Path) -> Result<()> {
    // Checked when this process first opened it; reading it now would drop
    // the locks of the connection that has it open ([`OPEN_HERE`]).
    if open_here(path) {
        return Ok(());
    }
    let not_journal = |reason: &str| StoreError::NotJournal {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let header = read_header(path).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })?;
    let Some(header) = header else {
        return Err(not_journal("it is not an SQLite database"));
    };
    let app_id = header.be32(68) as i32;
    let user_version = i64::from(header.be32(60));
    // An application id of 0 is inconclusive: a journal whose first commits
    // are still in its WAL, or one being created by another copy right now,
    // has it too. SQLite decides those in `verify_existing`.
    if app_id != APPLICATION_ID && app_id != 0 {
        return Err(not_journal("it is another program's SQLite database"));
    }
    if user_version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: user_version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Refuses a file with a rollback journal (`PATH-journal`) beside it, before
/// SQLite sees either: SQLite would play a hot journal back into the file
/// and delete it (and deletes any journal beside an empty file). A candor
/// journal is in WAL mode and never leaves one; another copy creating a
/// journal has one for a moment, so a journal that goes away within a
/// second is no reason to refuse. A file stamped as a candor journal is
/// left to SQLite, whose recovery of its own interrupted write is right.
pub(super) fn check_rollback_journal(path: &Path) -> Result<()> {
    if open_here(path) {
        return Ok(());
    }
    let journal = sibling(path, "-journal");
    let ours = || matches!(read_header(path), Ok(Some(h)) if h.be32(68) as i32 == APPLICATION_ID);
    for _ in 0..20 {
        if fs::symlink_metadata(&journal).is_err() || ours() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(StoreError::NotJournal {
        path: path.to_owned(),
        reason: format!(
            "it has another program's unfinished SQLite rollback journal beside it, {}, \
             which was not opened either",
            journal.display()
        ),
    })
}

/// Refuses a `-wal` beside the journal that is not SQLite's write-ahead log
/// (its first four bytes are one of SQLite's two WAL magic numbers): SQLite
/// would take it for an empty log and write over it, or delete it, at close.
pub(super) fn check_wal(path: &Path) -> Result<()> {
    use std::io::Read;
    let wal = sibling(path, "-wal");
    let Ok(mut file) = fs::File::open(&wal) else {
        return Ok(());
    };
    let mut magic = [0u8; 4];
    match file.read_exact(&mut magic) {
        // Empty (or shorter than a header): SQLite's own state between writes.
        Err(_) => Ok(()),
        Ok(()) if matches!(u32::from_be_bytes(magic), 0x377f_0682 | 0x377f_0683) => Ok(()),
        Ok(()) => Err(StoreError::NotJournal {
            path: path.to_owned(),
            reason: format!(
                "{} beside it is not SQLite's write-ahead log, and neither file was opened                  — move it away if it is not yours to keep",
                crate::text::path(&wal)
            ),
        }),
    }
}

/// The first 100 bytes of an SQLite file, and the file's size read with them.
struct Header {
    bytes: [u8; 100],
    len: u64,
}

impl Header {
    fn be32(&self, at: usize) -> u32 {
        let b = &self.bytes;
        u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    /// Whether the file is shorter than the page count its header claims.
    /// Only a description once SQLite has found the file corrupt: on its
    /// own, a checkpoint in another process can make a healthy file look so.
    fn short(&self) -> bool {
        let page_size = match u16::from_be_bytes([self.bytes[16], self.bytes[17]]) {
            1 => 65_536,
            n => u64::from(n),
        };
        self.be32(92) == self.be32(24) && self.len < page_size * u64::from(self.be32(28))
    }
}

/// The SQLite header of `path`, or `None` if the file does not start with one.
fn read_header(path: &Path) -> std::io::Result<Option<Header>> {
    let mut file = fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut bytes = [0u8; 100];
    if file.read_exact(&mut bytes).is_err() || &bytes[..16] != b"SQLite format 3\0" {
        return Ok(None);
    }
    Ok(Some(Header { bytes, len }))
}

/// Checks an existing journal through SQLite before anything is written:
/// what it is and its schema version, from the header pages alone, so that
/// opening costs the same at 100 entries and at 100,000. The whole-file
/// check is `doctor`'s; damage elsewhere is reported when SQLite meets it.
pub(super) fn verify_existing(conn: &Connection, path: &Path) -> Result<()> {
    let sqlite = |e| classify_open(path, e);
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(sqlite)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(sqlite)?;
    // A database without a single table holds nothing to harm: it is a
    // journal another copy is creating, or an empty file SQLite made.
    if app_id != APPLICATION_ID && tables > 0 {
        return Err(StoreError::NotJournal {
            path: path.to_owned(),
            reason: "it is another program's SQLite database".into(),
        });
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sqlite)?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// SQLite's own check of every page (`PRAGMA quick_check`), for a file that
/// is about to be copied over the journal.
pub(super) fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
    let check: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(|e| classify_open(path, e))?;
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("integrity check: {check}"),
        });
    }
    Ok(())
}

pub(super) fn classify_open(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) => StoreError::NotJournal {
            path: path.to_owned(),
            reason: "it is not an SQLite database".into(),
        },
        Some(C::DatabaseCorrupt) => {
            // SQLite judged the file under its lock; the size only says how.
            let short = !open_here(path) && matches!(read_header(path), Ok(Some(h)) if h.short());
            StoreError::Corrupt {
                path: path.to_owned(),
                detail: if short {
                    "the file is shorter than its header says; it was truncated".into()
                } else {
                    e.to_string()
                },
            }
        }
        _ => StoreError::from(e),
    }
}

impl StoreError {
    /// The same error, naming `path` if it is damage SQLite met in that file
    /// after it was opened (a page of a list, an index, the search index).
    pub fn in_file(self, path: &Path) -> Self {
        match self {
            Self::Damaged(e) => match classify_open(path, e) {
                Self::Damaged(e) => Self::Corrupt {
                    path: path.to_owned(),
                    detail: e.to_string(),
                },
                named => named,
            },
            other => other,
        }
    }
}
