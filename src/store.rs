//! The journal's SQLite store: opening a file safely, pragmas, migrations and
//! transactions. The queries for each group of entities live in `store/`.
//!
//! All SQL of the program is under `src/store*`.

mod actions;
mod backup;
mod binding;
mod bundles;
mod checkins;
mod checklist;
mod copies;
mod deletion;
mod doctor;
mod drafts;
mod due;
mod error;
mod feedback;
mod file;
mod file_check;
mod file_copy;
mod first_meeting;
mod goals;
mod journal_uid;
mod key_repair;
mod key_slots;
mod keys;
mod links;
mod meetings;
mod merge;
mod migrate;
mod notes;
mod pairs;
mod private_index;
mod row;
mod schema;
mod search;
pub mod space;
mod sync;
mod sync_private;
mod undo;

pub use actions::NewAction;
pub use bundles::{Entry, PairBundle, Tombstone};
pub use checkins::NewCheckIn;
pub use copies::ClearCopy;
pub use deletion::Deleted;
pub use doctor::Check;
pub use drafts::Draft;
pub use error::{Result, StoreError};
pub use feedback::{FeedbackSummary, NewFeedback};
pub use file::BUSY_TIMEOUT;
pub use file_check::FileCheck;
pub use goals::NewGoal;
pub use key_repair::RepairReport;
pub use key_slots::{Opener, RepairKey, UnlockMaterial};
pub use links::{PairMerge, would_swap_names};
pub use meetings::{MeetingEdit, NewMeeting, SavedMeeting};
pub use merge::{KeptPair, KindCounts, MergeReport, Merger};
pub use notes::{NewNote, open_all};
pub use pairs::PairEdit;
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use search::{Hit, PREFIX_FROM, RANKED, SearchFilter, Searched, hit_word};
pub use sync::{SyncFile, SyncFolder};
pub use sync_private::{KeySlotDoc, PrivateOutcome, Sealed, SealedDoc};
pub use undo::Undone;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};

use crate::clock::Clock;
use crate::domain::Kind;
use crate::paths;
use file::{
    check_header, check_rollback_journal, check_wal, classify_open, immutable_uri, set_wal,
    sibling, verify_existing, writable,
};
use migrate::migrate;

/// An open journal.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    clock: Arc<dyn Clock>,
    /// The secret key while unlocked; zeroed when dropped.
    key: Option<crate::crypto::SecretKey>,
    /// Opened read-only: the file, its folder or its disk cannot be written.
    read_only: bool,
    /// SQLite's `data_version` when [`Store::changed_elsewhere`] last looked.
    seen_version: std::cell::Cell<Option<i64>>,
    /// How many rows each list has, while nothing was written since.
    counts: std::cell::RefCell<Counts>,
    /// The journal counted as open in this process, after the connection
    /// closes (fields drop in order): see `file::OpenHere`.
    _open_here: Option<file::OpenHere>,
}

/// Row counts of lists, each an index walk over every row of a pair (tens of
/// milliseconds at 100,000), kept while the journal is unchanged: no write
/// here (`total_changes`) and none by another connection (`data_version`).
#[derive(Default)]
struct Counts {
    written: Option<(u64, i64)>,
    of: std::collections::HashMap<String, usize>,
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
                seen_version: std::cell::Cell::new(None),
                counts: Default::default(),
                _open_here: Some(file::OpenHere::new(path)),
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
        // A new journal has larger pages from its first write (they cannot
        // change in WAL mode; an older journal's are changed by migrate).
        let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        if pages == 0 {
            conn.pragma_update(None, "page_size", schema::PAGE_SIZE)?;
        }
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
        // A merge uses some twenty statements a row; SQLite's compile of
        // each once per row would cost more than the row.
        conn.set_prepared_statement_cache_capacity(64);
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        migrate(&mut conn, path.as_deref(), &*clock)?;
        let open_here = path.as_deref().map(file::OpenHere::new);
        Ok(Self {
            conn,
            path,
            clock,
            key: None,
            read_only: false,
            seen_version: std::cell::Cell::new(None),
            counts: Default::default(),
            _open_here: open_here,
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

    /// Whether another connection (another candor, a command line) wrote to
    /// the journal since this was last asked; the first call only looks.
    /// SQLite's `data_version` costs no read of the file.
    pub fn changed_elsewhere(&self) -> Result<bool> {
        let now = self.data_version()?;
        let before = self.seen_version.replace(Some(now));
        Ok(before.is_some_and(|b| b != now))
    }

    /// SQLite's count of commits made to the file by other connections.
    fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
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

    /// The clock, to share with another connection to this journal.
    pub fn clock_arc(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
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

/// The sort key and id below every stored one, for the last page of a
/// newest-first list read backward.
const LOWEST_KEY: (&str, i64) = ("", i64::MIN);

/// The key and id to read a newest-first list backward from: just after
/// `before` in stored order, or from the very oldest row.
fn after_in_stored_order(before: Option<&Cursor>) -> (&str, i64) {
    before.map_or(LOWEST_KEY, |c| (c.key.as_str(), c.id))
}

impl Store {
    /// Rows of pair `pair_id` in `table` (`filter` is more SQL conditions,
    /// may be empty) that a newest-first list by `key` shows before the row
    /// at `at` — with `None`, all of them. An index range count: no row is read.
    fn newest_first_position(
        &self,
        table: &str,
        key: &str,
        filter: &str,
        pair_id: i64,
        at: Option<&Cursor>,
    ) -> Result<usize> {
        if at.is_none() {
            let sql = format!("SELECT count(*) FROM {table} WHERE pair_id = ?1 {filter}");
            return self.count_of(&sql, pair_id);
        }
        let (k, id) = after_in_stored_order(at);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT count(*) FROM {table} WHERE pair_id = ?1 {filter} AND ({key}, id) > (?2, ?3)"
        ))?;
        let n: i64 = stmt.query_row(params![pair_id, k, id], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The count `sql` makes of pair `pair_id`'s rows, counted again only
    /// after something was written.
    pub(crate) fn count_of(&self, sql: &str, pair_id: i64) -> Result<usize> {
        let written = (self.conn.total_changes(), self.data_version()?);
        let key = format!("{pair_id} {sql}");
        {
            let counts = self.counts.borrow();
            if counts.written == Some(written)
                && let Some(&n) = counts.of.get(&key)
            {
                return Ok(n);
            }
        }
        let n: i64 = self
            .conn
            .prepare_cached(sql)?
            .query_row([pair_id], |r| r.get(0))?;
        let n = usize::try_from(n).unwrap_or(0);
        let mut counts = self.counts.borrow_mut();
        if counts.written != Some(written) {
            counts.of.clear();
            counts.written = Some(written);
        }
        counts.of.insert(key, n);
        Ok(n)
    }
}

impl Store {
    /// The id of the entry of `kind` last added to pair `pair_id`.
    pub fn newest_id(&self, kind: Kind, pair_id: i64) -> Result<Option<i64>> {
        // Walks the table from its last row: the newest rows come first.
        let sql = format!(
            "SELECT id FROM {} WHERE pair_id = ?1 ORDER BY id DESC LIMIT 1",
            kind.table()
        );
        Ok(rusqlite::OptionalExtension::optional(self.conn.query_row(
            &sql,
            [pair_id],
            |r| r.get(0),
        ))?)
    }
}

/// After an UPDATE guarded by `version = expected`: a conflict if the row
/// exists with another version, not found if it is gone.
fn check_updated(
    tx: &rusqlite::Transaction<'_>,
    kind: Kind,
    id: i64,
    changed: usize,
) -> Result<()> {
    if changed > 0 {
        return Ok(());
    }
    let current: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
        &format!("SELECT version FROM {} WHERE id = ?1", kind.table()),
        [id],
        |r| r.get(0),
    ))?;
    Err(match current {
        Some(current) => StoreError::Conflict {
            what: format!("{} {id}", kind.noun()),
            current,
        },
        None => StoreError::NotFound(format!("there is no {} with id {id}", kind.noun())),
    })
}

pub use row::timestamp;
use row::{datestamp, new_uid};
