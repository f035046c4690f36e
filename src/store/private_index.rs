//! The in-memory search index of private notes, built at an unlock from
//! their opened text and kept in step while unlocked; it never touches the
//! file.

use rusqlite::params;

use super::{Result, Store, StoreError};
use crate::crypto::SecretKey;

impl Store {
    /// Builds the in-memory index of the private notes, so they are
    /// searchable while unlocked; it never touches the file.
    pub(super) fn build_private_index(&mut self) -> Result<()> {
        let key = self.key.take().ok_or(StoreError::Locked)?;
        let texts = super::notes::open_all(&key, self.private_notes_sealed()?);
        self.install_key_with(key, texts)
    }

    /// Keeps `key` in memory with the in-memory index built from `texts`
    /// (id, text), as [`super::notes::open_all`] makes them; the slow part of
    /// an unlock, opening every note, can so run on another thread.
    ///
    /// The key must be this journal's ([`StoreError::KeyReplaced`] if its
    /// public key is not the one in every key slot; nothing is written then).
    /// The first time, texts sealed before 0.6 (bound to their row only) are
    /// sealed again bound to their pair, and from then on the old binding
    /// is refused (see `store/binding.rs`).
    pub fn install_key_with(&mut self, key: SecretKey, texts: Vec<(i64, String)>) -> Result<()> {
        let public = self.checked_public(&key)?;
        if !super::binding::floor_reached(&self.conn)? {
            let tx = self.conn.transaction()?;
            super::binding::seal_old_again(&tx, &key, &public)?;
            tx.commit()?;
        }
        self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.private_index;
             CREATE VIRTUAL TABLE temp.private_index USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');",
        )?;
        let tx = self.conn.transaction()?;
        {
            let mut insert =
                tx.prepare("INSERT INTO temp.private_index (rowid, body) VALUES (?1, ?2)")?;
            for (id, text) in &texts {
                insert.execute(params![id, text])?;
            }
        }
        tx.commit()?;
        self.key = Some(key);
        Ok(())
    }

    /// Keeps the in-memory index in step after a private note changed.
    pub(super) fn reindex_private(&mut self, id: i64, text: Option<&str>) -> Result<()> {
        if self.key.is_none() {
            return Ok(());
        }
        self.conn
            .execute("DELETE FROM temp.private_index WHERE rowid = ?1", [id])?;
        if let Some(text) = text {
            self.conn.execute(
                "INSERT INTO temp.private_index (rowid, body) VALUES (?1, ?2)",
                params![id, text],
            )?;
        }
        Ok(())
    }

    /// Ids of private notes whose text matches `query` in the in-memory
    /// index, with their bm25 rank: the newest `most` of them.
    pub(super) fn private_matches(&self, query: &str, most: usize) -> Result<Vec<(i64, f64)>> {
        if self.key.is_none() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT rowid, bm25(private_index) FROM temp.private_index WHERE private_index MATCH ?1
             ORDER BY rowid DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![query, most as i64], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
