//! Notes, shared or private. Private notes are listed only when asked for.

use rusqlite::{OptionalExtension, Row, params};

use super::{Cursor, Page, Result, Store, StoreError, check_updated, new_uid, row, timestamp};
use crate::domain::{Note, body};

/// The parts of a note a person writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    /// The text.
    pub body: String,
    /// Never shared when true.
    pub private: bool,
    /// Tags, already cleaned by [`crate::domain::parse_tags`].
    pub tags: Vec<String>,
}

const COLUMNS: &str = "id, uid, pair_id, body, private, tags, created_at, updated_at, version";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Note> {
    let tags: String = r.get(5)?;
    Ok(Note {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        body: r.get(3)?,
        private: r.get(4)?,
        tags: tags.split_whitespace().map(str::to_owned).collect(),
        created_at: row::time(r, 6)?,
        updated_at: row::time(r, 7)?,
        version: r.get(8)?,
    })
}

impl Note {
    /// Where the page after this note starts.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            key: timestamp(self.created_at),
            id: self.id,
        }
    }
}

impl Store {
    /// Adds a note to pair `pair_id`.
    pub fn add_note(&mut self, pair_id: i64, n: &NewNote) -> Result<Note> {
        body("the note", &n.body, false)?;
        self.pair(pair_id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let note = tx.query_row(
            &format!(
                "INSERT INTO note (uid, pair_id, body, private, tags, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING {COLUMNS}"
            ),
            params![new_uid(), pair_id, n.body, n.private, n.tags.join(" "), now],
            from_row,
        )?;
        tx.commit()?;
        Ok(note)
    }

    /// Replaces a note; with `expected_version`, refuses if another copy changed it.
    pub fn update_note(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        n: &NewNote,
    ) -> Result<Note> {
        body("the note", &n.body, false)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE note SET body = ?3, private = ?4, tags = ?5, updated_at = ?6, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2)",
            params![id, expected_version, n.body, n.private, n.tags.join(" "), now],
        )?;
        check_updated(&tx, "note", "note", id, changed)?;
        tx.commit()?;
        self.note(id)
    }

    /// The note with row id `id`.
    pub fn note(&self, id: i64) -> Result<Note> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM note WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no note with id {id}")))
    }

    /// A page of pair `pair_id`'s notes, newest first; private ones only with `include_private`.
    pub fn notes(&self, pair_id: i64, include_private: bool, page: &Page) -> Result<Vec<Note>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM note
             WHERE pair_id = ?1 AND (?5 OR NOT private)
               AND (created_at, id) < (?2, ?3)
             ORDER BY created_at DESC, id DESC LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![
                pair_id,
                page.before_key(),
                page.before_id(),
                page.limit(),
                include_private
            ],
            from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Shared (never private) notes of a pair carrying `tag`, oldest first, at most `limit`.
    pub fn shared_notes_tagged(&self, pair_id: i64, tag: &str, limit: usize) -> Result<Vec<Note>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM note
             WHERE pair_id = ?1 AND NOT private AND instr(' ' || tags || ' ', ' ' || ?2 || ' ') > 0
             ORDER BY created_at, id LIMIT ?3"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![pair_id, tag, limit], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
