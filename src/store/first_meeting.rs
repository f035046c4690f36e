//! What the first meeting records besides ticks: each person's strengths and
//! the mentee's challenges linked to the mentor's similar experiences.

use rusqlite::{Row, params};

use super::{Result, Store, new_uid, row};
use crate::domain::{Experience, Role, Strength, required_text};

fn strength_from_row(r: &Row<'_>) -> rusqlite::Result<Strength> {
    Ok(Strength {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        whose: row::word(r, 3)?,
        text: r.get(4)?,
        created_at: row::time(r, 5)?,
        updated_at: row::time(r, 6)?,
        version: r.get(7)?,
    })
}

fn experience_from_row(r: &Row<'_>) -> rusqlite::Result<Experience> {
    Ok(Experience {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        challenge: r.get(3)?,
        similar: r.get(4)?,
        created_at: row::time(r, 5)?,
        updated_at: row::time(r, 6)?,
        version: r.get(7)?,
    })
}

impl Store {
    /// Records a strength of `whose` in pair `pair_id`.
    pub fn add_strength(&mut self, pair_id: i64, whose: Role, text: &str) -> Result<Strength> {
        let text = required_text("the strength", text)?;
        self.pair(pair_id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let s = tx.query_row(
            "INSERT INTO strength (uid, pair_id, whose, text, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             RETURNING id, uid, pair_id, whose, text, created_at, updated_at, version",
            params![new_uid(), pair_id, whose.as_str(), text, now],
            strength_from_row,
        )?;
        tx.commit()?;
        Ok(s)
    }

    /// The strengths recorded for pair `pair_id`, oldest first.
    pub fn strengths(&self, pair_id: i64) -> Result<Vec<Strength>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, uid, pair_id, whose, text, created_at, updated_at, version
             FROM strength WHERE pair_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([pair_id], strength_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Links a challenge of the mentee's to a similar one of the mentor's.
    pub fn add_experience(
        &mut self,
        pair_id: i64,
        challenge: &str,
        similar: &str,
    ) -> Result<Experience> {
        let challenge = required_text("the mentee's challenge", challenge)?;
        let similar = required_text("the mentor's similar experience", similar)?;
        self.pair(pair_id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let e = tx.query_row(
            "INSERT INTO experience (uid, pair_id, challenge, similar, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             RETURNING id, uid, pair_id, challenge, similar, created_at, updated_at, version",
            params![new_uid(), pair_id, challenge, similar, now],
            experience_from_row,
        )?;
        tx.commit()?;
        Ok(e)
    }

    /// The challenge ↔ experience pairs of pair `pair_id`, oldest first.
    pub fn experiences(&self, pair_id: i64) -> Result<Vec<Experience>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, uid, pair_id, challenge, similar, created_at, updated_at, version
             FROM experience WHERE pair_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([pair_id], experience_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
