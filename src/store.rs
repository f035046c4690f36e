//! The journal's SQLite store: opening a file safely, pragmas, migrations and
//! transactions. The queries for each group of entities live in `store/`.
//!
//! All SQL of the program is under `src/store*`.

mod actions;
mod backup;
mod binding;
mod checkins;
mod checklist;
mod copies;
mod deletion;
mod drafts;
mod exchange;
mod feedback;
mod first_meeting;
mod goals;
mod keys;
mod links;
mod meetings;
mod notes;
mod pairs;
mod row;
mod search;
pub mod space;

pub use actions::NewAction;
pub use backup::Check;
pub use checkins::NewCheckIn;
pub use copies::ClearCopy;
pub use deletion::{Deleted, EntryKind};
pub use drafts::Draft;
pub use exchange::{KeptPair, KindCounts, MergeReport, PairBundle, RowKind, Tombstone};
pub use feedback::{FeedbackSummary, NewFeedback};
pub use goals::NewGoal;
pub use keys::{Opener, RepairKey, RepairReport, UnlockMaterial};
pub use links::{PairMerge, would_swap_names};
pub use meetings::{MeetingEdit, NewMeeting, SavedMeeting};
pub use notes::{NewNote, open_all};
pub use pairs::PairEdit;
pub use search::{Hit, SearchFilter, kind_code};

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::clock::Clock;
use crate::domain::Invalid;
use crate::paths;

/// Stamped in the file header so a candor journal is told from other SQLite files ("cand").
pub const APPLICATION_ID: i32 = 0x6361_6e64;

/// Migrations in order; migration `n` (1-based) brings the schema to version `n`.
const MIGRATIONS: &[&str] = &[
    include_str!("store/migrations/0001_initial.sql"),
    include_str!("store/migrations/0002_private_keys.sql"),
    include_str!("store/migrations/0003_goals_checkins.sql"),
    include_str!("store/migrations/0004_privacy.sql"),
    include_str!("store/migrations/0005_pair_links.sql"),
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a write waits for another running copy before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(8);

/// Everything that can go wrong in the store, each with a sentence a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a candor journal; it was not touched.
    #[error("{path} is not a candor journal: {reason}; it was left unchanged")]
    NotJournal {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        reason: String,
    },
    /// The file is a damaged journal; it was not touched.
    #[error(
        "{path} is damaged ({detail}); it was left unchanged — restore a backup or run `candor doctor`"
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What SQLite found.
        detail: String,
    },
    /// The file was written by a newer candor.
    #[error(
        "{path} was written by a newer candor (schema {found}, this program knows up to {known}); it was left unchanged — upgrade candor to open it"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this program knows.
        known: i64,
    },
    /// The file or its folder could not be read or created.
    #[error("cannot open {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Another copy of candor held the journal for longer than the busy timeout.
    #[error("the journal is busy in another running candor; nothing was changed, try again")]
    Busy,
    /// The disk (or the journal's size limit) is full.
    #[error("the disk is full; nothing was changed and everything stored is intact")]
    Full,
    /// The journal cannot be written.
    #[error("the journal is read-only here; nothing was changed")]
    ReadOnly,
    /// A journal of an earlier release that cannot be written, so cannot be upgraded.
    #[error(
        "{path} is a journal of an earlier candor and cannot be written here, so it cannot be upgraded; open it once where it can be written"
    )]
    ReadOnlyOld {
        /// The file.
        path: PathBuf,
    },
    /// A value the user gave was refused.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The row changed in another running candor since it was read.
    #[error(
        "{what} was changed elsewhere since you opened it (now version {current}); nothing was overwritten — your text is kept"
    )]
    Conflict {
        /// What was being saved, such as "note 12".
        what: String,
        /// The row's version now.
        current: i64,
    },
    /// The passphrase or recovery code given does not open the journal.
    #[error("that passphrase does not open this journal; nothing was changed")]
    WrongSecret,
    /// The key the passphrase opened is not the one whose public key the
    /// journal stores (and seals private text to): someone who could write
    /// the file put another public key there.
    #[error(
        "the journal's public key was replaced, so private notes written since then may be readable by whoever replaced it; nothing was changed — run `candor passphrase repair` to put the right key back"
    )]
    KeyReplaced,
    /// Private notes or check-ins are sealed and the journal is locked.
    #[error("private notes and check-ins are locked; this needs the passphrase")]
    Locked,
    /// Sealing or opening failed for another reason.
    #[error("{0}")]
    Crypto(String),
    /// A named thing does not exist.
    #[error("{0}")]
    NotFound(String),
    /// SQLite met a damaged page after the journal opened (opening reads
    /// the header pages only). The command line names the file through
    /// [`StoreError::in_file`].
    #[error(
        "the journal is damaged; nothing was changed — run `candor doctor` or restore a backup ({0})"
    )]
    Damaged(rusqlite::Error),
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Self::Busy,
            Some(C::DiskFull) => Self::Full,
            Some(C::ReadOnly) => Self::ReadOnly,
            Some(C::DatabaseCorrupt | C::NotADatabase) => Self::Damaged(e),
            _ => Self::Sqlite(e),
        }
    }
}

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open journal.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    clock: Arc<dyn Clock>,
    /// The secret key while unlocked; zeroed when dropped.
    key: Option<crate::crypto::SecretKey>,
    /// Opened read-only: the file, its folder or its disk cannot be written.
    read_only: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the journal at `path`, creating it (0600, folders 0700) if it is
    /// missing or empty. A file that is not a healthy candor journal of a known
    /// schema is refused without being modified.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Self> {
        let io = |source| StoreError::Io {
            path: path.to_owned(),
            source,
        };
        let existing = match fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(StoreError::NotJournal {
                    path: path.to_owned(),
                    reason: "it is a folder".into(),
                });
            }
            // A fifo, a device or a socket: opening it could block or read
            // something else entirely.
            Ok(m) if !m.is_file() => {
                return Err(StoreError::NotJournal {
                    path: path.to_owned(),
                    reason: "it is not a regular file (a pipe, a device or a socket)".into(),
                });
            }
            Ok(m) => m.len() > 0,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent() {
                    paths::create_private_dirs(dir).map_err(io)?;
                }
                match paths::create_private_file(path) {
                    Ok(_) => false,
                    // Another copy created it a moment ago: open theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                        fs::metadata(path).map_err(io)?.len() > 0
                    }
                    Err(e) => return Err(io(e)),
                }
            }
            Err(e) => return Err(io(e)),
        };
        if existing {
            check_header(path)?;
        }
        check_rollback_journal(path)?;
        check_wal(path)?;
        // A journal that cannot be written here (a read-only file, folder
        // or disk) is still read: opened read-only, it says so on every write.
        if existing && !writable(path) {
            // Nothing can write the file here, nor make its -wal and -shm:
            // SQLite reads it as it is (`immutable`), without them.
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI;
            let conn = Connection::open_with_flags(immutable_uri(path), flags)
                .map_err(|e| classify_open(path, e))?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            verify_existing(&conn, path)?;
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version != SCHEMA_VERSION {
                return Err(StoreError::ReadOnlyOld {
                    path: path.to_owned(),
                });
            }
            conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;")?;
            return Ok(Self {
                conn,
                path: Some(path.to_owned()),
                clock,
                key: None,
                read_only: true,
            });
        }
        let side_files = [sibling(path, "-wal"), sibling(path, "-shm")];
        let had = side_files.clone().map(|f| f.exists());
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify_open(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if existing {
            // Until the file is known to be ours, closing this connection must
            // not checkpoint a WAL into it: a refused file stays byte for byte.
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
            if let Err(e) = verify_existing(&conn, path) {
                drop(conn);
                // Side files this attempt created (empty) go again.
                for (file, had) in side_files.iter().zip(had) {
                    if !had {
                        let _ = fs::remove_file(file);
                    }
                }
                return Err(e);
            }
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
        }
        // What `$EDITOR` sessions of candors no longer running left beside it.
        crate::editor::sweep_stale(path);
        Self::prepare(conn, Some(path.to_owned()), clock)
    }

    /// A journal in memory, for tests and throwaway use.
    pub fn open_in_memory(clock: Arc<dyn Clock>) -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?, None, clock)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>, clock: Arc<dyn Clock>) -> Result<Self> {
        let mode = set_wal(&conn)?;
        if path.is_some() && !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Sqlite(rusqlite::Error::InvalidQuery));
        }
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA secure_delete = ON;
             PRAGMA temp_store = MEMORY;",
        )?;
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        migrate(&mut conn, path.as_deref(), &clock.now())?;
        Ok(Self {
            conn,
            path,
            clock,
            key: None,
            read_only: false,
        })
    }

    /// Whether the journal was opened read-only, because the file, its
    /// folder or its disk cannot be written here.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The file this store is on, if it is not in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version of the open journal.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The clock the store stamps rows with.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The same clock, to share with the screen.
    pub fn shared_clock(&self) -> crate::clock::SharedClock {
        crate::clock::SharedClock(Arc::clone(&self.clock))
    }

    fn now(&self) -> String {
        timestamp(self.clock.now())
    }

    /// How long a write waits for another running candor before it gives
    /// up with [`StoreError::Busy`] (the journal screen waits a little at a
    /// time, so that it can say it is waiting and stay responsive).
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<()> {
        self.conn.busy_timeout(wait)?;
        Ok(())
    }
}

/// Where a page of a list starts: just after the row with this sort key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The row's sort key as stored (a timestamp, or a composite key).
    pub key: String,
    /// The row's id, which breaks ties.
    pub id: i64,
}

/// One page of a list: at most `limit` rows after `after` (from the start if `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Start after this row.
    pub after: Option<Cursor>,
    /// The most rows to return.
    pub limit: usize,
}

impl Page {
    /// The first `limit` rows.
    pub fn first(limit: usize) -> Self {
        Self { after: None, limit }
    }

    fn key(&self) -> Option<&str> {
        self.after.as_ref().map(|c| c.key.as_str())
    }

    /// The sort key to list rows before, in a newest-first list. The first
    /// page uses a key above every stored one, so one statement serves all
    /// pages and its row-value comparison can walk the index.
    fn before_key(&self) -> &str {
        self.key().unwrap_or("\u{10ffff}")
    }

    /// The id to list rows before, in a newest-first list.
    fn before_id(&self) -> i64 {
        self.after.as_ref().map_or(i64::MAX, |c| c.id)
    }

    fn limit(&self) -> i64 {
        i64::try_from(self.limit).unwrap_or(i64::MAX)
    }
}

/// After an UPDATE guarded by `version = expected`: a conflict if the row
/// exists with another version, not found if it is gone.
fn check_updated(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    what: &str,
    id: i64,
    changed: usize,
) -> Result<()> {
    if changed > 0 {
        return Ok(());
    }
    let current: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
        &format!("SELECT version FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    ))?;
    Err(match current {
        Some(current) => StoreError::Conflict {
            what: format!("{what} {id}"),
            current,
        },
        None => StoreError::NotFound(format!("there is no {what} with id {id}")),
    })
}

/// A UTC instant as stored: RFC 3339 with milliseconds and `Z`.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A date as stored: `YYYY-MM-DD`.
fn datestamp(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `path` with `suffix` appended to its file name, as SQLite names its side files.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Switches to WAL. Changing the journal mode does not wait on the busy
/// handler, so two copies creating a journal at once retry here instead.
/// Whether candor can write the journal at `path`: the file, and its folder
/// (where SQLite keeps the `-wal` and `-shm` beside it), on a disk mounted
/// for writing.
fn writable(path: &Path) -> bool {
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
fn immutable_uri(path: &Path) -> String {
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

fn set_wal(conn: &Connection) -> Result<String> {
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
fn check_header(path: &Path) -> Result<()> {
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
fn check_rollback_journal(path: &Path) -> Result<()> {
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
fn check_wal(path: &Path) -> Result<()> {
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
fn verify_existing(conn: &Connection, path: &Path) -> Result<()> {
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
fn quick_check(conn: &Connection, path: &Path) -> Result<()> {
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

fn classify_open(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) => StoreError::NotJournal {
            path: path.to_owned(),
            reason: "it is not an SQLite database".into(),
        },
        Some(C::DatabaseCorrupt) => {
            // SQLite judged the file under its lock; the size only says how.
            let short = matches!(read_header(path), Ok(Some(h)) if h.short());
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

/// Brings the schema up to [`SCHEMA_VERSION`], one transaction per migration.
/// The version is read inside each transaction, so two copies starting at once
/// never apply a migration twice.
fn migrate(conn: &mut Connection, path: Option<&Path>, now: &DateTime<Utc>) -> Result<()> {
    // A journal of an earlier release is copied beside itself before it
    // changes. (A new journal is made in one transaction below, so no copy
    // ever sees one half made and takes a needless backup.)
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if let Some(db) = path
        && found > 0
        && found < SCHEMA_VERSION
    {
        backup::automatic_copy(conn, db, &format!("before-v{SCHEMA_VERSION}"), *now)?;
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.map(Path::to_owned).unwrap_or_default(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        if version == 0 {
            for sql in MIGRATIONS {
                tx.execute_batch(sql)?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.commit()?;
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}
