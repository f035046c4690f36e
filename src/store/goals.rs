//! Goals and their progress. A goal's progress is its latest progress row,
//! read by a subquery, so the history and the current value always agree.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{
    Cursor, Page, Result, Store, StoreError, check_updated, datestamp, new_uid, row, timestamp,
};
use crate::domain::{Goal, GoalProgress, Kind, optional_text, required_text};

/// The parts of a goal a person writes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewGoal {
    /// What the goal is.
    pub text: String,
    /// How both will know it is reached.
    pub criteria: String,
    /// The target date.
    pub due_on: Option<NaiveDate>,
}

const COLUMNS: &str = "g.id, g.uid, g.pair_id, g.text, g.criteria, g.due_on,
     coalesce(l.percent, 0), l.noted_at, g.created_at, g.updated_at, g.version";

/// The goal table joined with each goal's latest progress row.
const FROM: &str = "goal g LEFT JOIN goal_progress l ON l.id = (
     SELECT p.id FROM goal_progress p WHERE p.goal_id = g.id ORDER BY p.noted_at DESC, p.id DESC LIMIT 1)";

/// The order goals are read in, on screen and by `list PAIR goals`: open
/// before reached, then the soonest target date first and those without one
/// after, then the oldest first. As one text per row (with the id after it),
/// so that a page can start after any goal: see [`Goal::open_first_cursor`].
const OPEN_FIRST: &str = "((coalesce(l.percent, 0) >= 100) || '|' || (g.due_on IS NULL)
     || '|' || coalesce(g.due_on, '') || '|' || g.created_at)";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Goal> {
    Ok(Goal {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        text: r.get(3)?,
        criteria: r.get(4)?,
        due_on: row::opt_date(r, 5)?,
        progress: r.get(6)?,
        progress_at: row::opt_time(r, 7)?,
        created_at: row::time(r, 8)?,
        updated_at: row::time(r, 9)?,
        version: r.get(10)?,
    })
}

fn progress_from_row(r: &Row<'_>) -> rusqlite::Result<GoalProgress> {
    Ok(GoalProgress {
        id: r.get(0)?,
        uid: r.get(1)?,
        goal_id: r.get(2)?,
        percent: r.get(3)?,
        comment: r.get(4)?,
        noted_at: row::time(r, 5)?,
    })
}

fn checked(g: &NewGoal) -> Result<(String, String)> {
    let text = required_text("the goal", &g.text)?;
    let criteria = optional_text("the success criteria", &g.criteria)?;
    Ok((text, criteria))
}

impl Goal {
    /// Where the page after this goal starts, oldest first ([`Store::goals`]).
    pub fn cursor(&self) -> Cursor {
        Cursor {
            key: timestamp(self.created_at),
            id: self.id,
        }
    }

    /// Where the page after this goal starts, open goals first
    /// ([`Store::goals_open_first`]); the same text as `OPEN_FIRST` makes.
    pub fn open_first_cursor(&self) -> Cursor {
        let due = self.due_on.map(datestamp).unwrap_or_default();
        Cursor {
            key: format!(
                "{}|{}|{due}|{}",
                u8::from(self.is_done()),
                u8::from(self.due_on.is_none()),
                timestamp(self.created_at)
            ),
            id: self.id,
        }
    }
}

impl Store {
    /// Adds a goal to pair `pair_id`, at 0 %.
    pub fn add_goal(&mut self, pair_id: i64, g: &NewGoal) -> Result<Goal> {
        let (text, criteria) = checked(g)?;
        self.pair(pair_id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let id: i64 = tx.query_row(
            "INSERT INTO goal (uid, pair_id, text, criteria, due_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
            params![
                new_uid(),
                pair_id,
                text,
                criteria,
                g.due_on.map(datestamp),
                now
            ],
            |r| r.get(0),
        )?;
        tx.commit()?;
        self.goal(id)
    }

    /// Replaces a goal's text, criteria and target date; with
    /// `expected_version`, refuses if another copy changed it.
    pub fn update_goal(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        g: &NewGoal,
    ) -> Result<Goal> {
        let (text, criteria) = checked(g)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE goal SET text = ?3, criteria = ?4, due_on = ?5, updated_at = ?6, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2)",
            params![id, expected_version, text, criteria, g.due_on.map(datestamp), now],
        )?;
        check_updated(&tx, Kind::Goal, id, changed)?;
        tx.commit()?;
        self.goal(id)
    }

    /// Records progress on goal `id` with a comment; the goal's progress is this from now on.
    pub fn add_goal_progress(&mut self, id: i64, percent: u8, comment: &str) -> Result<Goal> {
        let now = self.clock().now();
        self.add_goal_progress_at(id, percent, comment, now)
    }

    /// Records progress on goal `id` as noted at `at` (the latest by time is the goal's progress).
    pub fn add_goal_progress_at(
        &mut self,
        id: i64,
        percent: u8,
        comment: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<Goal> {
        let percent = crate::domain::percent(i64::from(percent))?;
        let comment = optional_text("the comment", comment)?;
        self.goal(id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO goal_progress (uid, goal_id, percent, comment, noted_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![new_uid(), id, percent, comment, timestamp(at), now],
        )?;
        tx.execute(
            "UPDATE goal SET updated_at = ?2, version = version + 1 WHERE id = ?1",
            params![id, now],
        )?;
        tx.commit()?;
        self.goal(id)
    }

    /// The goal with row id `id`.
    pub fn goal(&self, id: i64) -> Result<Goal> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM {FROM} WHERE g.id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no goal with id {id}")))
    }

    /// A page of pair `pair_id`'s goals as a person reads them: open ones
    /// first, the soonest target first (none last), then reached ones the
    /// same way; the oldest first among equals. The limit applies after this
    /// order, so the goals still being worked on come first however many
    /// reached ones a pair has.
    pub fn goals_open_first(&self, pair_id: i64, page: &Page) -> Result<Vec<Goal>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE g.pair_id = ?1 AND (?2 IS NULL OR ({OPEN_FIRST}, g.id) > (?2, ?3))
             ORDER BY {OPEN_FIRST}, g.id LIMIT ?4"
        ))?;
        let after_id = page.after.as_ref().map_or(i64::MIN, |c| c.id);
        let rows = stmt.query_map(
            params![pair_id, page.key(), after_id, page.limit()],
            from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Goals of every pair not yet reached whose target date is on or before
    /// `until` (those past it included), soonest first, at most `limit`.
    pub fn goals_due(&self, until: NaiveDate, limit: usize) -> Result<Vec<Goal>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE coalesce(l.percent, 0) < 100 AND g.due_on IS NOT NULL AND g.due_on <= ?1
             ORDER BY g.due_on, g.id LIMIT ?2"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![datestamp(until), limit], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A page of pair `pair_id`'s goals, oldest first (as exports carry them).
    pub fn goals(&self, pair_id: i64, page: &Page) -> Result<Vec<Goal>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE g.pair_id = ?1 AND (?2 IS NULL OR (g.created_at, g.id) > (?2, ?3))
             ORDER BY g.created_at, g.id LIMIT ?4"
        ))?;
        let after_id = page.after.as_ref().map_or(i64::MIN, |c| c.id);
        let rows = stmt.query_map(
            params![pair_id, page.key(), after_id, page.limit()],
            from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Goal `id`'s progress history, oldest first (a goal holds few rows).
    pub fn goal_history(&self, id: i64) -> Result<Vec<GoalProgress>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, uid, goal_id, percent, comment, noted_at FROM goal_progress
             WHERE goal_id = ?1 ORDER BY noted_at, id",
        )?;
        let rows = stmt.query_map([id], progress_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
