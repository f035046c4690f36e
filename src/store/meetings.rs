//! Meetings of a pair, held or planned, listed newest first a page at a time.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::{Cursor, Page, Result, Store, StoreError, check_updated, new_uid, row, timestamp};
use crate::domain::{Meeting, body};

/// The parts of a meeting a person writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    /// When it was or will be held.
    pub held_at: DateTime<Utc>,
    /// What was to be covered.
    pub agenda: String,
    /// What was said.
    pub notes: String,
    /// What each will do next.
    pub next_steps: String,
}

impl NewMeeting {
    fn validate(&self) -> Result<()> {
        body("the agenda", &self.agenda, true)?;
        body("the notes", &self.notes, true)?;
        body("the next steps", &self.next_steps, true)?;
        if [&self.agenda, &self.notes, &self.next_steps]
            .iter()
            .all(|t| t.trim().is_empty())
        {
            return Err(
                crate::domain::Invalid::Empty("a meeting's agenda, notes or next steps").into(),
            );
        }
        Ok(())
    }
}

const COLUMNS: &str =
    "id, uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at, version";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        held_at: row::time(r, 3)?,
        agenda: r.get(4)?,
        notes: r.get(5)?,
        next_steps: r.get(6)?,
        created_at: row::time(r, 7)?,
        updated_at: row::time(r, 8)?,
        version: r.get(9)?,
    })
}

impl Meeting {
    /// Where the page after this meeting starts.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            key: timestamp(self.held_at),
            id: self.id,
        }
    }
}

impl Store {
    /// Logs (or plans, if `held_at` is in the future) a meeting of pair `pair_id`.
    pub fn add_meeting(&mut self, pair_id: i64, m: &NewMeeting) -> Result<Meeting> {
        m.validate()?;
        self.pair(pair_id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let meeting = tx.query_row(
            &format!(
                "INSERT INTO meeting (uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING {COLUMNS}"
            ),
            params![new_uid(), pair_id, timestamp(m.held_at), m.agenda, m.notes, m.next_steps, now],
            from_row,
        )?;
        tx.commit()?;
        Ok(meeting)
    }

    /// Replaces a meeting's parts; with `expected_version`, refuses if another copy changed it.
    pub fn update_meeting(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        m: &NewMeeting,
    ) -> Result<Meeting> {
        m.validate()?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE meeting SET held_at = ?3, agenda = ?4, notes = ?5, next_steps = ?6,
                 updated_at = ?7, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2)",
            params![
                id,
                expected_version,
                timestamp(m.held_at),
                m.agenda,
                m.notes,
                m.next_steps,
                now
            ],
        )?;
        check_updated(&tx, "meeting", "meeting", id, changed)?;
        tx.commit()?;
        self.meeting(id)
    }

    /// The meeting with row id `id`.
    pub fn meeting(&self, id: i64) -> Result<Meeting> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM meeting WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no meeting with id {id}")))
    }

    /// A page of pair `pair_id`'s meetings, newest (or furthest planned) first.
    pub fn meetings(&self, pair_id: i64, page: &Page) -> Result<Vec<Meeting>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM meeting
             WHERE pair_id = ?1 AND (held_at, id) < (?2, ?3)
             ORDER BY held_at DESC, id DESC LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![pair_id, page.before_key(), page.before_id(), page.limit()],
            from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store {
    /// Meetings held in each of the `weeks` weeks up to `now`, oldest week first.
    pub fn meetings_per_week(
        &self,
        pair_id: i64,
        now: DateTime<Utc>,
        weeks: usize,
    ) -> Result<Vec<u64>> {
        let span = chrono::Duration::weeks(weeks as i64);
        let mut stmt = self.conn.prepare_cached(
            "SELECT held_at FROM meeting WHERE pair_id = ?1 AND held_at > ?2 AND held_at <= ?3",
        )?;
        let times = stmt.query_map(
            params![pair_id, timestamp(now - span), timestamp(now)],
            |r| row::time(r, 0),
        )?;
        let mut counts = vec![0u64; weeks];
        for t in times {
            let age = (now - t?).num_days() / 7;
            if let Ok(age) = usize::try_from(age)
                && age < weeks
            {
                counts[weeks - 1 - age] += 1;
            }
        }
        Ok(counts)
    }
}
