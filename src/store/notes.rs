//! Notes, shared or private. Private notes are listed only when asked for,
//! and once a passphrase is set they are sealed as they are written: the
//! clear columns hold nothing and `sealed` holds the text for the key.

use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::binding::{self, bound_columns};
use super::error::crypto_error;
use super::{Cursor, Page, Result, Store, StoreError, check_updated, new_uid, row, timestamp};
use crate::crypto::{PublicKey, SecretKey};
use crate::domain::{Kind, Note, NoteContent, NoteText, Readable, SealedText, Sealing, body};

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

/// What a sealed note holds.
#[derive(Serialize, Deserialize)]
struct Sealed {
    body: String,
    tags: Vec<String>,
}

impl From<Sealed> for NoteText {
    fn from(s: Sealed) -> Self {
        Self {
            body: s.body,
            tags: s.tags,
        }
    }
}

const COLUMNS: &str = concat!(
    "id, uid, pair_id, body, private, tags, created_at, updated_at, version, sealed, ",
    bound_columns!("note")
);

/// A note as stored: a sealed one locked until [`reveal`] opens it.
fn from_row(r: &Row<'_>) -> rusqlite::Result<Note> {
    let tags: String = r.get(5)?;
    let clear = NoteText {
        body: r.get(3)?,
        tags: tags.split_whitespace().map(str::to_owned).collect(),
    };
    let private: bool = r.get(4)?;
    let sealed = binding::sealed_text(r, 9, 10)?;
    let content = match (private, sealed) {
        (false, None) => NoteContent::Shared(clear),
        // Only a private note is ever sealed: a sealed text is private
        // whatever the flag says, and is kept as such.
        (_, sealed) => NoteContent::Private(Sealing::stored(sealed, clear)),
    };
    Ok(Note {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        content,
        created_at: row::time(r, 6)?,
        updated_at: row::time(r, 7)?,
        version: r.get(8)?,
    })
}

/// Seals a note's text, row `uid` in the pair with uid `pair_uid` (binding 2).
fn seal(
    public: &PublicKey,
    pair_uid: &str,
    uid: &str,
    body: &str,
    tags: &[String],
) -> Result<Vec<u8>> {
    let plain = Zeroizing::new(
        serde_json::to_vec(&Sealed {
            body: body.to_owned(),
            tags: tags.to_vec(),
        })
        .map_err(|e| StoreError::Crypto(e.to_string()))?,
    );
    binding::seal(public, Some(pair_uid), uid, "note", &plain)
}

/// Opens a note's sealed text under its binding; `None` if it does not open.
fn open(key: &SecretKey, uid: &str, s: &SealedText) -> Option<Sealed> {
    let plain = binding::open(key, s, uid, "note").ok()?;
    serde_json::from_slice(&plain).ok()
}

/// Opens a sealed note with `key`: opened, or damaged if it does not
/// open; without a key it stays locked.
fn reveal(key: Option<&SecretKey>, note: Note) -> Note {
    let Some(key) = key else {
        return note;
    };
    let content = match note.content {
        NoteContent::Private(sealing) => {
            NoteContent::Private(sealing.open_with(|s| open(key, &note.uid, s).map(NoteText::from)))
        }
        shared @ NoteContent::Shared(_) => shared,
    };
    Note { content, ..note }
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
    /// The clear and sealed column values for a note being written, row
    /// `uid` of pair `pair_id`.
    fn note_columns(
        &self,
        pair_id: i64,
        uid: &str,
        n: &NewNote,
    ) -> Result<(String, String, Option<Vec<u8>>)> {
        if n.private
            && let Some(public) = self.public_key()?
        {
            let pair_uid = binding::pair_uid(&self.conn, pair_id)?;
            return Ok((
                String::new(),
                String::new(),
                Some(seal(&public, &pair_uid, uid, &n.body, &n.tags)?),
            ));
        }
        Ok((n.body.clone(), n.tags.join(" "), None))
    }

    /// Adds a note to pair `pair_id`; a private one is sealed if a passphrase is set.
    pub fn add_note(&mut self, pair_id: i64, n: &NewNote) -> Result<Note> {
        body("the note", &n.body, false)?;
        self.pair(pair_id)?;
        let now = self.now();
        let uid = new_uid();
        let (text, tags, sealed) = self.note_columns(pair_id, &uid, n)?;
        let tx = self.conn.transaction()?;
        let id: i64 = tx.query_row(
            "INSERT INTO note (uid, pair_id, body, private, tags, sealed, binding, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8, ?7, ?7) RETURNING id",
            params![uid, pair_id, text, n.private, tags, sealed, now, binding::CURRENT],
            |r| r.get(0),
        )?;
        tx.commit()?;
        if n.private {
            self.reindex_private(id, Some(&format!("{}\n{}", n.body, n.tags.join(" "))))?;
        }
        self.note(id)
    }

    /// Replaces a note; with `expected_version`, refuses if another copy changed it.
    pub fn update_note(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        n: &NewNote,
    ) -> Result<Note> {
        body("the note", &n.body, false)?;
        let current = self.note(id)?;
        if current.is_locked() {
            return Err(StoreError::Locked);
        }
        let now = self.now();
        let (text, tags, sealed) = self.note_columns(current.pair_id, &current.uid, n)?;
        let tx = self.conn.transaction()?;
        // The pair is part of the condition: the text is sealed for the pair the note is in.
        let changed = tx.execute(
            "UPDATE note SET body = ?3, private = ?4, tags = ?5, sealed = ?6, binding = ?9,
                 updated_at = ?7, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2) AND pair_id = ?8",
            params![
                id,
                expected_version,
                text,
                n.private,
                tags,
                sealed,
                now,
                current.pair_id,
                binding::CURRENT
            ],
        )?;
        check_updated(&tx, Kind::Note, id, changed)?;
        tx.commit()?;
        let indexed = n
            .private
            .then(|| format!("{}\n{}", n.body, n.tags.join(" ")));
        self.reindex_private(id, indexed.as_deref())?;
        self.note(id)
    }

    /// The note with row id `id`, opened if the journal is unlocked.
    pub fn note(&self, id: i64) -> Result<Note> {
        let note = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM note WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no note with id {id}")))?;
        Ok(reveal(self.key.as_ref(), note))
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
        let notes: Vec<Note> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(notes
            .into_iter()
            .map(|n| reveal(self.key.as_ref(), n))
            .collect())
    }

    /// The `limit` notes listed just before `before` (the last ones with
    /// `None`), in the list's order: newest first; private ones only with
    /// `include_private`.
    pub fn notes_before(
        &self,
        pair_id: i64,
        include_private: bool,
        before: Option<&Cursor>,
        limit: usize,
    ) -> Result<Vec<Note>> {
        let (key, id) = super::after_in_stored_order(before);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM note
             WHERE pair_id = ?1 AND (?5 OR NOT private)
               AND (created_at, id) > (?2, ?3)
             ORDER BY created_at, id LIMIT ?4"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![pair_id, key, id, limit, include_private], from_row)?;
        let notes: Vec<Note> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(notes
            .into_iter()
            .rev()
            .map(|n| reveal(self.key.as_ref(), n))
            .collect())
    }

    /// How many notes pair `pair_id`'s list shows before the one at `at`;
    /// with `None`, how many it shows. With every note it counts on the index
    /// alone; without the private ones it reads each row.
    pub fn note_position(
        &self,
        pair_id: i64,
        include_private: bool,
        at: Option<&Cursor>,
    ) -> Result<usize> {
        let filter = if include_private {
            ""
        } else {
            "AND NOT private"
        };
        self.newest_first_position("note", "created_at", filter, pair_id, at)
    }

    /// How many private notes pair `pair_id` (or every pair) holds; counted
    /// without opening any, so it works while locked.
    pub fn private_note_count(&self, pair_id: Option<i64>) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM note WHERE private AND (?1 IS NULL OR pair_id = ?1)",
            [pair_id],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Whether pair `pair_id` (or any pair) has a private note: stops at the
    /// first one, where counting them reads every note of the journal.
    pub fn has_private_notes(&self, pair_id: Option<i64>) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM note WHERE private AND (?1 IS NULL OR pair_id = ?1))",
            [pair_id],
            |r| r.get(0),
        )?)
    }

    /// Whether any private note is sealed and the journal is locked, so its text is unreadable now.
    pub fn has_locked_notes(&self) -> Result<bool> {
        if self.key.is_some() {
            return Ok(false);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM note WHERE private AND sealed IS NOT NULL LIMIT 1",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The newest shared note of a pair carrying `tag`, if any (read from
    /// the index of tagged notes, newest first).
    pub fn latest_shared_note_tagged(&self, pair_id: i64, tag: &str) -> Result<Option<Note>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM note
                 WHERE pair_id = ?1 AND private = 0 AND tags <> ''
                   AND instr(' ' || tags || ' ', ' ' || ?2 || ' ') > 0
                 ORDER BY created_at DESC, id DESC LIMIT 1"
            ))?
            .query_row(params![pair_id, tag], from_row)
            .optional()?)
    }

    /// Shared (never private) notes of a pair carrying `tag`, oldest first, at most `limit`.
    pub fn shared_notes_tagged(&self, pair_id: i64, tag: &str, limit: usize) -> Result<Vec<Note>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM note
             WHERE pair_id = ?1 AND private = 0 AND tags <> ''
               AND instr(' ' || tags || ' ', ' ' || ?2 || ' ') > 0
             ORDER BY created_at, id LIMIT ?3"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![pair_id, tag, limit], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The text of every private note `key` opens, as (id, text) for the
/// in-memory index; needs no database, so it can run on another thread.
pub fn open_all(key: &SecretKey, notes: Vec<Note>) -> Vec<(i64, String)> {
    notes
        .into_iter()
        .map(|n| reveal(Some(key), n))
        // A damaged note has no text to find it by.
        .filter_map(|n| {
            let text = n.text()?;
            Some((n.id, format!("{}\n{}", text.body, text.tags.join(" "))))
        })
        .collect()
}

impl Store {
    /// Every private note as stored (sealed ones unopened), for [`open_all`].
    pub fn private_notes_sealed(&self) -> Result<Vec<Note>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM note WHERE private ORDER BY id"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Seals every private note still in clear; returns how many.
pub(super) fn seal_all(tx: &Transaction<'_>, public: &PublicKey) -> Result<usize> {
    let plain: Vec<(i64, String, String, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT n.id, n.uid, p.uid, n.body, n.tags FROM note n JOIN pair p ON p.id = n.pair_id
             WHERE n.private AND n.sealed IS NULL",
        )?;
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    for (id, uid, pair_uid, body, tags) in &plain {
        let tags: Vec<String> = tags.split_whitespace().map(str::to_owned).collect();
        let sealed = seal(public, pair_uid, uid, body, &tags)?;
        tx.execute(
            "UPDATE note SET body = '', tags = '', sealed = ?2, binding = ?3 WHERE id = ?1",
            params![id, sealed, binding::CURRENT],
        )?;
    }
    Ok(plain.len())
}

/// Opens every sealed note back into clear; returns how many.
pub(super) fn unseal_all(tx: &Transaction<'_>, key: &SecretKey) -> Result<usize> {
    let sealed = binding::sealed_rows(tx, "note")?;
    for (id, uid, bytes) in &sealed {
        let plain = binding::open(key, bytes, uid, "note").map_err(crypto_error)?;
        let s: Sealed =
            serde_json::from_slice(&plain).map_err(|e| StoreError::Crypto(e.to_string()))?;
        tx.execute(
            "UPDATE note SET body = ?2, tags = ?3, sealed = NULL WHERE id = ?1",
            params![id, s.body, s.tags.join(" ")],
        )?;
    }
    Ok(sealed.len())
}

/// The text of a note to be written as it is (by an import): only an
/// opened note has one.
pub(super) fn text_to_write(n: &Note) -> Result<&NoteText> {
    match n.readable() {
        Readable::Open(text) => Ok(text),
        Readable::Locked => Err(StoreError::Locked),
        Readable::Damaged => Err(StoreError::Crypto(format!(
            "note {} is damaged and cannot be opened",
            n.uid
        ))),
    }
}

/// Seals a private note arriving by import (or put back by an undo) into
/// pair `pair_id` when this journal has a passphrase.
pub(super) fn sealed_for_import(
    tx: &Transaction<'_>,
    pair_id: i64,
    uid: &str,
    body: &str,
    tags: &[String],
) -> Result<Option<Vec<u8>>> {
    let public: Option<Vec<u8>> = tx
        .query_row(
            "SELECT public_key FROM key_slot WHERE kind = 'passphrase'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match public {
        Some(p) => Ok(Some(seal(
            &PublicKey(p),
            &binding::pair_uid(tx, pair_id)?,
            uid,
            body,
            tags,
        )?)),
        None => Ok(None),
    }
}
