//! What the first meeting records besides ticks: each person's strengths and
//! the mentee's challenges linked to the mentor's similar experiences.

use rusqlite::{Row, params};

use super::{Result, Store, new_uid, row};
use crate::domain::{Experience, Kind, Role, Strength, required_text};

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

impl Store {
    /// The strength with row id `id`.
    pub fn strength(&self, id: i64) -> Result<Strength> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT id, uid, pair_id, whose, text, created_at, updated_at, version FROM strength WHERE id = ?1",
                [id],
                strength_from_row,
            )
            .optional()?
            .ok_or_else(|| super::StoreError::NotFound(format!("there is no strength with id {id}")))
    }

    /// The challenge ↔ experience pair with row id `id`.
    pub fn experience(&self, id: i64) -> Result<Experience> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                "SELECT id, uid, pair_id, challenge, similar, created_at, updated_at, version
                 FROM experience WHERE id = ?1",
                [id],
                experience_from_row,
            )
            .optional()?
            .ok_or_else(|| {
                super::StoreError::NotFound(format!("there is no experience with id {id}"))
            })
    }

    /// Replaces a strength's text.
    pub fn update_strength(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        text: &str,
    ) -> Result<Strength> {
        let text = required_text("the strength", text)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE strength SET text = ?3, updated_at = ?4, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2)",
            params![id, expected_version, text, now],
        )?;
        super::check_updated(&tx, Kind::Strength, id, changed)?;
        tx.commit()?;
        self.strength(id)
    }

    /// Replaces a challenge ↔ experience pair's texts.
    pub fn update_experience(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        challenge: &str,
        similar: &str,
    ) -> Result<Experience> {
        let challenge = required_text("the mentee's challenge", challenge)?;
        let similar = required_text("the mentor's similar experience", similar)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE experience SET challenge = ?3, similar = ?4, updated_at = ?5, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2)",
            params![id, expected_version, challenge, similar, now],
        )?;
        super::check_updated(&tx, Kind::Experience, id, changed)?;
        tx.commit()?;
        self.experience(id)
    }
}
