//! Consistent copies of a journal through SQLite's online backup: `backup`
//! to a file of one's choosing, `restore` from one, and the copy taken
//! before an import.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::file::{
    check_header, check_rollback_journal, classify_open, quick_check, sibling, verify_existing,
};
use super::file_copy::{automatic_copy, copy_to};
use super::migrate::migrate;
use super::{Result, Store, StoreError};

impl Store {
    /// A consistent copy of the journal in the new file `dest` (0600),
    /// checked after, and recorded in the journal with its absolute path and
    /// whether its private text is sealed.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        copy_to(&self.conn, dest)?;
        let recorded = fs::canonicalize(dest)
            .map_err(|source| StoreError::Io {
                path: dest.to_owned(),
                source,
            })
            .and_then(|path| self.record_backup(&path));
        match recorded {
            // A read-only journal is worth a copy all the same; it cannot
            // have a passphrase set until it can be written again.
            Err(StoreError::ReadOnly) => Ok(()),
            Err(e) => {
                // Unrecorded, the copy would be missed by `passphrase set`.
                let _ = fs::remove_file(dest);
                Err(e)
            }
            Ok(()) => Ok(()),
        }
    }

    /// Replaces the journal by the candor journal in `src`, after checking it
    /// and after copying the current journal beside itself; returns that copy's path.
    pub fn restore(&mut self, src: &Path) -> Result<PathBuf> {
        let Some(db) = self.path.clone() else {
            return Err(StoreError::NotFound(
                "an in-memory journal has no file to restore into".into(),
            ));
        };
        check_header(src)?;
        check_rollback_journal(src)?;
        // The copies this journal made stay on record, whatever the restored one knew.
        let records = self.backup_records()?;
        // Reading a WAL-mode backup makes SQLite create its side files; the
        // ones this creates go again, so the backup is left as it was.
        let side_files = [sibling(src, "-wal"), sibling(src, "-shm")];
        let had = side_files.clone().map(|f| f.exists());
        let result = (|| -> Result<PathBuf> {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let source =
                Connection::open_with_flags(src, flags).map_err(|e| classify_open(src, e))?;
            verify_existing(&source, src)?;
            quick_check(&source, src)?;
            let saved = automatic_copy(&self.conn, &db, "before-restore", self.clock.now())?;
            let backup = Backup::new(&source, &mut self.conn)?;
            backup.run_to_completion(1024, Duration::from_millis(5), None)?;
            Ok(saved)
        })();
        for (file, had) in side_files.iter().zip(had) {
            if !had {
                let _ = fs::remove_file(file);
            }
        }
        let saved = result?;
        migrate(&mut self.conn, Some(&db), &*self.clock)?;
        self.keep_backup_records(&records)?;
        Ok(saved)
    }

    /// Copies the journal beside itself (`NAME.before-import-…`, 0600,
    /// checked) before an import changes or removes what is in it; returns
    /// the copy, or `None` for a journal in memory.
    pub fn backup_before_import(&self) -> Result<Option<PathBuf>> {
        let Some(db) = &self.path else {
            return Ok(None);
        };
        automatic_copy(&self.conn, db, "before-import", self.clock.now()).map(Some)
    }
}
