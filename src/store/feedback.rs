//! Feedback in both directions, and the pattern of how the mentor takes it.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::{Cursor, Page, Result, Store, StoreError, check_updated, new_uid, row, timestamp};
use crate::domain::{Direction, Feedback, Kind, Noun, Response, body};

/// The parts of a feedback entry a person writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeedback {
    /// Who it is for.
    pub direction: Direction,
    /// Whether the mentor asked for it.
    pub requested: bool,
    /// The feedback itself.
    pub body: String,
    /// Where it happened (optional).
    pub situation: Option<String>,
    /// What was done (optional).
    pub behaviour: Option<String>,
    /// What it caused (optional).
    pub impact: Option<String>,
    /// How it was taken.
    pub response: Response,
    /// What happened after.
    pub follow_up: String,
    /// When it was given.
    pub given_at: DateTime<Utc>,
}

impl NewFeedback {
    fn validate(&self) -> Result<()> {
        body("the feedback", &self.body, false)?;
        for (what, t) in [
            ("the situation", &self.situation),
            ("the behaviour", &self.behaviour),
            ("the impact", &self.impact),
        ] {
            if let Some(t) = t {
                body(what, t, true)?;
            }
        }
        body("the follow-up", &self.follow_up, true)?;
        Ok(())
    }
}

/// How feedback to the mentor went for a pair (or for all pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct FeedbackSummary {
    /// Feedback to the mentor that the mentor asked for.
    pub asked: u32,
    /// All feedback the mentor received.
    pub received: u32,
    /// Received feedback taken without pushing back (accepted or discussed).
    pub taken: u32,
    /// Received feedback the mentor pushed back on.
    pub pushed_back: u32,
}

const COLUMNS: &str = "id, uid, pair_id, direction, requested, body, situation, behaviour, impact,
    response, follow_up, given_at, created_at, updated_at, version";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Feedback> {
    Ok(Feedback {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        direction: row::word(r, 3)?,
        requested: r.get(4)?,
        body: r.get(5)?,
        situation: r.get(6)?,
        behaviour: r.get(7)?,
        impact: r.get(8)?,
        response: row::word(r, 9)?,
        follow_up: r.get(10)?,
        given_at: row::time(r, 11)?,
        created_at: row::time(r, 12)?,
        updated_at: row::time(r, 13)?,
        version: r.get(14)?,
    })
}

impl Feedback {
    /// Where the page after this entry starts.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            key: timestamp(self.given_at),
            id: self.id,
        }
    }
}

impl Store {
    /// Records feedback for pair `pair_id`.
    pub fn add_feedback(&mut self, pair_id: i64, f: &NewFeedback) -> Result<Feedback> {
        f.validate()?;
        self.pair(pair_id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let feedback = tx.query_row(
            &format!(
                "INSERT INTO feedback (uid, pair_id, direction, requested, body, situation, behaviour,
                     impact, response, follow_up, given_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12) RETURNING {COLUMNS}"
            ),
            params![
                new_uid(),
                pair_id,
                f.direction.as_str(),
                f.requested,
                f.body,
                f.situation,
                f.behaviour,
                f.impact,
                f.response.as_str(),
                f.follow_up,
                timestamp(f.given_at),
                now
            ],
            from_row,
        )?;
        tx.commit()?;
        Ok(feedback)
    }

    /// Replaces a feedback entry; with `expected_version`, refuses if another copy changed it.
    pub fn update_feedback(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        f: &NewFeedback,
    ) -> Result<Feedback> {
        f.validate()?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE feedback SET direction = ?3, requested = ?4, body = ?5, situation = ?6,
                 behaviour = ?7, impact = ?8, response = ?9, follow_up = ?10, given_at = ?11,
                 updated_at = ?12, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2)",
            params![
                id,
                expected_version,
                f.direction.as_str(),
                f.requested,
                f.body,
                f.situation,
                f.behaviour,
                f.impact,
                f.response.as_str(),
                f.follow_up,
                timestamp(f.given_at),
                now
            ],
        )?;
        check_updated(&tx, Kind::Feedback, id, changed)?;
        tx.commit()?;
        self.feedback_entry(id)
    }

    /// The feedback entry with row id `id`.
    pub fn feedback_entry(&self, id: i64) -> Result<Feedback> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM feedback WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no feedback entry with id {id}")))
    }

    /// A page of pair `pair_id`'s feedback, newest first.
    pub fn feedback(&self, pair_id: i64, page: &Page) -> Result<Vec<Feedback>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM feedback
             WHERE pair_id = ?1 AND (given_at, id) < (?2, ?3)
             ORDER BY given_at DESC, id DESC LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![pair_id, page.before_key(), page.before_id(), page.limit()],
            from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The `limit` feedback entries listed just before `before` (the last
    /// ones with `None`), in the list's order: newest first.
    pub fn feedback_before(
        &self,
        pair_id: i64,
        before: Option<&Cursor>,
        limit: usize,
    ) -> Result<Vec<Feedback>> {
        let (key, id) = super::after_in_stored_order(before);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM feedback
             WHERE pair_id = ?1 AND (given_at, id) > (?2, ?3)
             ORDER BY given_at, id LIMIT ?4"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![pair_id, key, id, limit], from_row)?;
        let mut rows: Vec<Feedback> = rows.collect::<rusqlite::Result<_>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// How many feedback entries pair `pair_id`'s list shows before the one
    /// at `at`; with `None`, how many it shows.
    pub fn feedback_position(&self, pair_id: i64, at: Option<&Cursor>) -> Result<usize> {
        self.newest_first_position("feedback", "given_at", "", pair_id, at)
    }

    /// The doctor's check of `feedback_tally`: whether it holds exactly the
    /// count of each pair's feedback of each kind, and what it holds.
    pub(super) fn feedback_tally_check(&self) -> Result<(bool, String)> {
        let (differ, entries): (i64, i64) = self.conn.query_row(
            "WITH counted AS (SELECT pair_id, direction, requested, response, count(*) AS n
                              FROM feedback GROUP BY pair_id, direction, requested, response),
                  kept AS (SELECT pair_id, direction, requested, response, n FROM feedback_tally)
             SELECT (SELECT count(*) FROM (
                         SELECT pair_id, direction, requested, response
                         FROM (SELECT * FROM counted EXCEPT SELECT * FROM kept)
                         UNION
                         SELECT pair_id, direction, requested, response
                         FROM (SELECT * FROM kept EXCEPT SELECT * FROM counted))),
                    (SELECT count(*) FROM feedback)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if differ == 0 && entries == 0 {
            return Ok((true, "no feedback to count".to_owned()));
        }
        if differ == 0 {
            return Ok((
                true,
                format!(
                    "the counts agree with the {} of feedback",
                    Noun::ENTRY.count(entries)
                ),
            ));
        }
        Ok((
            false,
            format!(
                "{} with the feedback itself: the Overview's feedback chart shows {} wrong",
                if differ == 1 {
                    "1 count disagrees".to_owned()
                } else {
                    format!(
                        "{} disagree",
                        Noun::new("a", "count", "counts").count(differ)
                    )
                },
                if differ == 1 { "it" } else { "them" }
            ),
        ))
    }

    /// How feedback to the mentor went for pair `pair_id`, or across all
    /// pairs where you are the mentor.
    ///
    /// Read from the counts the triggers of `feedback_tally` (schema 13)
    /// keep: at most eight rows a pair, whatever the size of the journal.
    /// Counting the entries themselves, in eight ranges of the index on
    /// (pair, direction, requested, response), took 0.33 ms and 17 pages
    /// of the first frame's reads for a pair of 10,000 entries of feedback
    /// to the mentor; this takes 6 µs.
    pub fn feedback_summary(&self, pair_id: Option<i64>) -> Result<FeedbackSummary> {
        let mut stmt = match pair_id {
            Some(_) => self.conn.prepare_cached(
                "SELECT requested, response, n FROM feedback_tally
                 WHERE pair_id = ?1 AND direction = 'to_mentor'",
            )?,
            None => self.conn.prepare_cached(
                "SELECT t.requested, t.response, t.n FROM pair p
                 JOIN feedback_tally t ON t.pair_id = p.id AND t.direction = 'to_mentor'
                 WHERE p.my_role = 'mentor'",
            )?,
        };
        let mut rows = stmt.query(rusqlite::params_from_iter(pair_id))?;
        let mut summary = FeedbackSummary::default();
        while let Some(r) = rows.next()? {
            let asked: bool = r.get(0)?;
            let response: Response = row::word(r, 1)?;
            let n: u32 = r.get(2)?;
            summary.received += n;
            if asked {
                summary.asked += n;
            }
            match response {
                Response::Accepted | Response::Discussed => summary.taken += n,
                Response::PushedBack => summary.pushed_back += n,
                Response::Pending => {}
            }
        }
        Ok(summary)
    }
}

impl Store {
    /// Whether pair `pair_id` has held `meetings` meetings since feedback to
    /// the mentor was last asked for (counting from the day of the
    /// `meetings`-th latest meeting); false while it has held fewer.
    pub fn feedback_unasked_for(&self, pair_id: i64, meetings: u32) -> Result<bool> {
        let now = self.now();
        let since: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT substr(held_at, 1, 10) FROM meeting WHERE pair_id = ?1 AND held_at <= ?2
                 ORDER BY held_at DESC LIMIT 1 OFFSET ?3",
            )?
            .query_row(params![pair_id, now, meetings.saturating_sub(1)], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(since) = since else {
            return Ok(false);
        };
        let asked: bool = self.conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM feedback WHERE pair_id = ?1 AND direction = 'to_mentor'
                 AND requested = 1 AND given_at >= ?2)",
        )?
        .query_row(params![pair_id, since], |r| r.get(0))?;
        Ok(!asked)
    }
}
