//! Copies of the journal that may hold private text in clear: the ones
//! `candor backup` wrote (recorded in `backup_copy`) and the automatic ones
//! beside the journal (`journal.db.before-…`). Setting a passphrase seals the
//! journal, not its copies, so it asks which copies still hold private text
//! in clear, and can delete them.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::file::{SIDE_FILES, sibling};
use super::file_copy::automatic_copies;
use super::schema::APPLICATION_ID;
use super::{Result, Store, StoreError};

/// A copy of the journal that holds private text in clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClearCopy {
    /// Where it is.
    pub path: PathBuf,
    /// Its row in `backup_copy`, for a copy `candor backup` made; `None` for
    /// an automatic copy beside the journal.
    pub recorded: Option<i64>,
}

impl Store {
    /// Notes that `copy` (just written, absolute) was made now, and whether
    /// its private text was sealed, so that setting a passphrase later can
    /// name it.
    pub(super) fn record_backup(&self, copy: &Path) -> Result<()> {
        let sealed = self.has_passphrase()?;
        self.conn.execute(
            "INSERT INTO backup_copy (path, made_at, sealed) VALUES (?1, ?2, ?3)",
            params![copy.to_string_lossy(), self.now(), sealed],
        )?;
        Ok(())
    }

    /// Every recorded copy: path, when it was made, whether it was sealed.
    pub(super) fn backup_records(&self) -> Result<Vec<(String, String, bool)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT path, made_at, sealed FROM backup_copy ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records `records` again (after a restore replaced the table), each
    /// path once.
    pub(super) fn keep_backup_records(&mut self, records: &[(String, String, bool)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (path, made_at, sealed) in records {
            tx.execute(
                "INSERT INTO backup_copy (path, made_at, sealed)
                 SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM backup_copy WHERE path = ?1)",
                params![path, made_at, sealed],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The copies of this journal that still hold private text in clear:
    /// the automatic ones beside it and the ones `candor backup` wrote before
    /// a passphrase was set, as far as they still exist and are candor
    /// journals. Each is opened read-only to look; none is changed.
    pub fn copies_in_clear(&self) -> Result<Vec<ClearCopy>> {
        let Some(db) = &self.path else {
            return Ok(Vec::new());
        };
        let mut candidates: Vec<ClearCopy> = automatic_copies(db)
            .into_iter()
            .map(|path| ClearCopy {
                path,
                recorded: None,
            })
            .collect();
        let recorded: Vec<(i64, String)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id, path FROM backup_copy WHERE sealed = 0 ORDER BY id")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (id, path) in recorded {
            let path = PathBuf::from(path);
            match candidates.iter_mut().find(|c| same_file(&c.path, &path)) {
                Some(found) => found.recorded = Some(id),
                None => candidates.push(ClearCopy {
                    path,
                    recorded: Some(id),
                }),
            }
        }
        candidates.retain(|c| c.path.is_file() && !same_file(&c.path, db) && holds_clear(&c.path));
        Ok(candidates)
    }

    /// The copies `candor backup` wrote before a passphrase was set that are
    /// no longer where they were written: moved, perhaps, and then still
    /// holding private text in clear wherever they are now.
    pub fn missing_copies(&self) -> Result<Vec<PathBuf>> {
        let mut stmt = self
            .conn
            .prepare("SELECT path FROM backup_copy WHERE sealed = 0 ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let paths: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(paths
            .into_iter()
            .map(PathBuf::from)
            .filter(|p| !p.exists())
            .collect())
    }

    /// Deletes `copy` (with its `-wal` and `-shm`) and forgets it.
    pub fn delete_copy(&self, copy: &ClearCopy) -> Result<()> {
        let io = |source| StoreError::Io {
            path: copy.path.clone(),
            source,
        };
        fs::remove_file(&copy.path).map_err(io)?;
        for suffix in SIDE_FILES {
            match fs::remove_file(sibling(&copy.path, suffix)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
                _ => {}
            }
        }
        if let Some(id) = copy.recorded {
            self.conn
                .execute("DELETE FROM backup_copy WHERE id = ?1", [id])?;
        }
        Ok(())
    }
}

/// Whether `a` and `b` name the same file (also through links or `..`).
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Whether the candor journal at `path` holds private text in clear. A file
/// that cannot be read as a candor journal does not count: it is left alone.
fn holds_clear(path: &Path) -> bool {
    // Reading a WAL-mode copy makes SQLite create its side files; the ones
    // this creates go again, so the copy is left as it was.
    let side_files = SIDE_FILES.map(|s| sibling(path, s));
    let had = side_files.clone().map(|f| f.exists());
    let found = (|| -> rusqlite::Result<bool> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app != APPLICATION_ID {
            return Ok(false);
        }
        // Private notes, every check-in, and drafts with text: in clear
        // unless sealed, and always in a journal from before sealing existed.
        for (table, which) in [
            ("note", "private = 1"),
            ("checkin", "1"),
            ("draft", "text <> ''"),
        ] {
            let columns = columns(&conn, table)?;
            if columns.is_empty() {
                continue;
            }
            let clear = if columns.iter().any(|c| c == "sealed") {
                "sealed IS NULL"
            } else {
                "1"
            };
            let sql = format!("SELECT 1 FROM {table} WHERE {which} AND {clear} LIMIT 1");
            if conn.query_row(&sql, [], |_| Ok(())).optional()?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    })()
    .unwrap_or(false);
    for (file, had) in side_files.iter().zip(had) {
        if !had {
            let _ = fs::remove_file(file);
        }
    }
    found
}

/// The column names of `table`; none if there is no such table.
fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = stmt.query_map([table], |r| r.get(0))?;
    names.collect()
}
