//! Trust check-ins: private by nature. Listed only when asked for, never in
//! an export unless asked, and sealed as they are written once a passphrase
//! is set (the trust level too: only the time stays readable).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::binding::{self, bound_columns};
use super::{Cursor, Page, Result, Store, StoreError, check_updated, new_uid, row, timestamp};
use crate::crypto::{PublicKey, SecretKey};
use crate::domain::{
    CheckIn, CheckInText, Kind, Readable, SealedText, Sealing, optional_text, trust_level,
};

/// The parts of a check-in a person writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCheckIn {
    /// Trust felt, 1–5.
    pub trust: u8,
    /// What helped.
    pub helped: String,
    /// What got in the way.
    pub in_the_way: String,
    /// Anything else.
    pub note: String,
    /// When it was made; now if `None`.
    pub checked_at: Option<DateTime<Utc>>,
}

/// What a sealed check-in holds.
#[derive(Serialize, Deserialize)]
struct Sealed {
    trust: u8,
    helped: String,
    in_the_way: String,
    note: String,
}

impl From<Sealed> for CheckInText {
    fn from(s: Sealed) -> Self {
        Self {
            trust: s.trust,
            helped: s.helped,
            in_the_way: s.in_the_way,
            note: s.note,
        }
    }
}

const COLUMNS: &str = concat!(
    "id, uid, pair_id, trust, helped, in_the_way, note, sealed, checked_at,
     created_at, updated_at, version, ",
    bound_columns!("checkin")
);

/// A check-in as stored: a sealed one locked until [`reveal`] opens it.
fn from_row(r: &Row<'_>) -> rusqlite::Result<CheckIn> {
    let content = match binding::sealed_text(r, 7, 12)? {
        Some(sealed) => Sealing::Locked(sealed),
        // The schema keeps a trust level on every check-in in clear.
        None => Sealing::Clear(CheckInText {
            trust: r.get(3)?,
            helped: r.get(4)?,
            in_the_way: r.get(5)?,
            note: r.get(6)?,
        }),
    };
    Ok(CheckIn {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        checked_at: row::time(r, 8)?,
        content,
        created_at: row::time(r, 9)?,
        updated_at: row::time(r, 10)?,
        version: r.get(11)?,
    })
}

/// Seals a check-in, row `uid` in the pair with uid `pair_uid` (binding 2).
fn seal(public: &PublicKey, pair_uid: &str, uid: &str, c: &Sealed) -> Result<Vec<u8>> {
    let plain =
        Zeroizing::new(serde_json::to_vec(c).map_err(|e| StoreError::Crypto(e.to_string()))?);
    binding::seal(public, Some(pair_uid), uid, "checkin", &plain)
}

/// Opens a check-in's sealed text under its binding; `None` if it does not open.
fn open(key: &SecretKey, uid: &str, sealed: &SealedText) -> Option<Sealed> {
    let plain = binding::open(key, sealed, uid, "checkin").ok()?;
    let s: Sealed = serde_json::from_slice(&plain).ok()?;
    trust_level(i64::from(s.trust)).ok().map(|_| s)
}

/// Opens a sealed check-in with `key`: opened, or damaged if it does not
/// open; without a key it stays locked.
fn reveal(key: Option<&SecretKey>, c: CheckIn) -> CheckIn {
    let Some(key) = key else {
        return c;
    };
    let content = c
        .content
        .open_with(|s| open(key, &c.uid, s).map(CheckInText::from));
    CheckIn { content, ..c }
}

/// Validates a check-in's texts; returns them trimmed.
fn checked(c: &NewCheckIn) -> Result<Sealed> {
    Ok(Sealed {
        trust: trust_level(i64::from(c.trust))?,
        helped: optional_text("what helped", &c.helped)?,
        in_the_way: optional_text("what got in the way", &c.in_the_way)?,
        note: optional_text("the check-in's note", &c.note)?,
    })
}

impl CheckIn {
    /// Where the page after this check-in starts.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            key: timestamp(self.checked_at),
            id: self.id,
        }
    }
}

/// The column values of a check-in being written: clear, or sealed to `public`.
type Columns = (Option<u8>, String, String, String, Option<Vec<u8>>);

/// The columns of check-in `uid` of pair `pair_id`, sealed if the journal has a public key.
fn columns(
    conn: &rusqlite::Connection,
    public: Option<&PublicKey>,
    pair_id: i64,
    uid: &str,
    s: Sealed,
) -> Result<Columns> {
    Ok(match public {
        Some(public) => (
            None,
            String::new(),
            String::new(),
            String::new(),
            Some(seal(public, &binding::pair_uid(conn, pair_id)?, uid, &s)?),
        ),
        None => (Some(s.trust), s.helped, s.in_the_way, s.note, None),
    })
}

impl Store {
    /// Adds a check-in to pair `pair_id`; sealed if a passphrase is set.
    pub fn add_checkin(&mut self, pair_id: i64, c: &NewCheckIn) -> Result<CheckIn> {
        let clean = checked(c)?;
        self.pair(pair_id)?;
        let now = self.now();
        let at = c.checked_at.map_or_else(|| now.clone(), timestamp);
        let uid = new_uid();
        let (trust, helped, in_the_way, note, sealed) = columns(
            &self.conn,
            self.public_key()?.as_ref(),
            pair_id,
            &uid,
            clean,
        )?;
        let tx = self.conn.transaction()?;
        let id: i64 = tx.query_row(
            "INSERT INTO checkin (uid, pair_id, trust, helped, in_the_way, note, sealed, binding,
                 checked_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?10, ?8, ?9, ?9) RETURNING id",
            params![
                uid,
                pair_id,
                trust,
                helped,
                in_the_way,
                note,
                sealed,
                at,
                now,
                binding::CURRENT
            ],
            |r| r.get(0),
        )?;
        tx.commit()?;
        self.checkin(id)
    }

    /// Replaces a check-in; needs it opened (refused while locked).
    pub fn update_checkin(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        c: &NewCheckIn,
    ) -> Result<CheckIn> {
        let clean = checked(c)?;
        let current = self.checkin(id)?;
        if current.is_locked() {
            return Err(StoreError::Locked);
        }
        let now = self.now();
        let at = timestamp(c.checked_at.unwrap_or(current.checked_at));
        let (trust, helped, in_the_way, note, sealed) = columns(
            &self.conn,
            self.public_key()?.as_ref(),
            current.pair_id,
            &current.uid,
            clean,
        )?;
        let tx = self.conn.transaction()?;
        // The pair is part of the condition: the text is sealed for the pair the check-in is in.
        let changed = tx.execute(
            "UPDATE checkin SET trust = ?3, helped = ?4, in_the_way = ?5, note = ?6, sealed = ?7,
                 binding = ?11, checked_at = ?8, updated_at = ?9, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2) AND pair_id = ?10",
            params![
                id,
                expected_version,
                trust,
                helped,
                in_the_way,
                note,
                sealed,
                at,
                now,
                current.pair_id,
                binding::CURRENT
            ],
        )?;
        check_updated(&tx, Kind::Checkin, id, changed)?;
        tx.commit()?;
        self.checkin(id)
    }

    /// The check-in with row id `id`, opened if the journal is unlocked.
    pub fn checkin(&self, id: i64) -> Result<CheckIn> {
        let c = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM checkin WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no check-in with id {id}")))?;
        Ok(reveal(self.key.as_ref(), c))
    }

    /// A page of pair `pair_id`'s check-ins, newest first, opened if unlocked.
    pub fn checkins(&self, pair_id: i64, page: &Page) -> Result<Vec<CheckIn>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM checkin
             WHERE pair_id = ?1 AND (checked_at, id) < (?2, ?3)
             ORDER BY checked_at DESC, id DESC LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![pair_id, page.before_key(), page.before_id(), page.limit()],
            from_row,
        )?;
        let out: Vec<CheckIn> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(out
            .into_iter()
            .map(|c| reveal(self.key.as_ref(), c))
            .collect())
    }

    /// The latest `per_pair` check-ins of every pair, by pair and oldest
    /// first within a pair, opened if unlocked: one statement for Home's
    /// trends, however many pairs there are.
    pub fn latest_checkins(&self, per_pair: usize) -> Result<Vec<CheckIn>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM (
                 SELECT *, row_number() OVER (
                     PARTITION BY pair_id ORDER BY checked_at DESC, id DESC) AS latest
                 FROM checkin) AS checkin
             WHERE latest <= ?1
             ORDER BY pair_id, checked_at, id"
        ))?;
        let per_pair = i64::try_from(per_pair).unwrap_or(i64::MAX);
        let rows = stmt.query_map([per_pair], from_row)?;
        let out: Vec<CheckIn> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(out
            .into_iter()
            .map(|c| reveal(self.key.as_ref(), c))
            .collect())
    }

    /// How many check-ins each pair holds, by pair id; works while locked.
    pub fn checkin_counts(&self) -> Result<std::collections::BTreeMap<i64, usize>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT pair_id, count(*) FROM checkin GROUP BY pair_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = std::collections::BTreeMap::new();
        for row in rows {
            let (pair, n) = row?;
            out.insert(pair, usize::try_from(n).unwrap_or(0));
        }
        Ok(out)
    }

    /// How many check-ins pair `pair_id` (or every pair) holds; works while locked.
    pub fn checkin_count(&self, pair_id: Option<i64>) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM checkin WHERE ?1 IS NULL OR pair_id = ?1",
            [pair_id],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Whether any check-in is sealed and the journal is locked.
    pub fn has_locked_checkins(&self) -> Result<bool> {
        if self.key.is_some() {
            return Ok(false);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM checkin WHERE sealed IS NOT NULL LIMIT 1",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

/// Check-in `id` does not open.
fn damaged(id: i64) -> StoreError {
    StoreError::Crypto(format!(
        "check-in {id} is damaged and cannot be opened; delete it first"
    ))
}

/// Seals every check-in still in clear; returns how many.
pub(super) fn seal_all(tx: &Transaction<'_>, public: &PublicKey) -> Result<usize> {
    let plain: Vec<(i64, String, String, Sealed)> = {
        let mut stmt = tx.prepare(
            "SELECT c.id, c.uid, p.uid, c.trust, c.helped, c.in_the_way, c.note
             FROM checkin c JOIN pair p ON p.id = c.pair_id WHERE c.sealed IS NULL",
        )?;
        stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                Sealed {
                    trust: r.get(3)?,
                    helped: r.get(4)?,
                    in_the_way: r.get(5)?,
                    note: r.get(6)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    for (id, uid, pair_uid, s) in &plain {
        tx.execute(
            "UPDATE checkin SET trust = NULL, helped = '', in_the_way = '', note = '', sealed = ?2,
                 binding = ?3
             WHERE id = ?1",
            params![id, seal(public, pair_uid, uid, s)?, binding::CURRENT],
        )?;
    }
    Ok(plain.len())
}

/// Opens every sealed check-in back into clear; returns how many.
pub(super) fn unseal_all(tx: &Transaction<'_>, key: &SecretKey) -> Result<usize> {
    let sealed = binding::sealed_rows(tx, "checkin")?;
    for (id, uid, bytes) in &sealed {
        let s = open(key, uid, bytes).ok_or_else(|| damaged(*id))?;
        tx.execute(
            "UPDATE checkin SET trust = ?2, helped = ?3, in_the_way = ?4, note = ?5, sealed = NULL
             WHERE id = ?1",
            params![id, s.trust, s.helped, s.in_the_way, s.note],
        )?;
    }
    Ok(sealed.len())
}

/// The columns of a check-in arriving by import (or put back by an undo)
/// into pair `pair_id`: sealed at once if this journal has a passphrase.
pub(super) fn columns_for_import(
    tx: &Transaction<'_>,
    pair_id: i64,
    c: &CheckIn,
) -> Result<Columns> {
    let public: Option<Vec<u8>> = tx
        .query_row(
            "SELECT public_key FROM key_slot WHERE kind = 'passphrase'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    // Only an opened check-in has anything to write (an import carries
    // opened ones only; an undo puts a sealed one back as it was).
    let text = match c.readable() {
        Readable::Open(text) => text,
        Readable::Locked => return Err(StoreError::Locked),
        Readable::Damaged => return Err(damaged(c.id)),
    };
    let clean = checked(&NewCheckIn {
        trust: text.trust,
        helped: text.helped.clone(),
        in_the_way: text.in_the_way.clone(),
        note: text.note.clone(),
        checked_at: None,
    })?;
    columns(tx, public.map(PublicKey).as_ref(), pair_id, &c.uid, clean)
}
