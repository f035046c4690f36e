//! A check of every page of the journal, on a thread of its own with a
//! read-only connection of its own: the screen starts it after its first
//! frame, so damage deep in the file is found early and a person never
//! waits for the reading. (`candor doctor` runs the full check in the
//! foreground.)

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

use rusqlite::{Connection, OpenFlags};

use super::Store;

/// The most problems a check reports; the first says the most.
const REPORTED: usize = 3;

/// What a check of the whole file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileCheck {
    /// Every page read well.
    Sound,
    /// SQLite reported these problems.
    Damaged(Vec<String>),
    /// The check could not run (the file was busy or went away); nothing is known.
    NotRun(String),
}

impl Store {
    /// Starts a check of every page of the journal file on another thread;
    /// `None` for a journal in memory. The receiver yields one [`FileCheck`].
    pub fn check_file_in_background(&self) -> Option<Receiver<FileCheck>> {
        let path: PathBuf = self.path.clone()?;
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("candor-file-check".into())
            .spawn(move || {
                let _ = tx.send(check(&path));
            });
        spawned.ok().map(|_| rx)
    }
}

fn check(path: &std::path::Path) -> FileCheck {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match Connection::open_with_flags(path, flags) {
        Ok(c) => c,
        Err(e) => return FileCheck::NotRun(e.to_string()),
    };
    let _ = conn.busy_timeout(std::time::Duration::from_secs(5));
    let rows = conn
        .prepare(&format!("PRAGMA quick_check({REPORTED})"))
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        });
    match rows {
        Ok(rows) if rows == ["ok"] => FileCheck::Sound,
        Ok(rows) => FileCheck::Damaged(rows),
        Err(rusqlite::Error::SqliteFailure(e, msg))
            if matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            FileCheck::Damaged(vec![msg.unwrap_or_else(|| e.to_string())])
        }
        Err(e) => FileCheck::NotRun(e.to_string()),
    }
}
