//! Pairs: creating one (with its checklist from the template), reading
//! them, and listing them with counts of what is in each ([`PairSummary`]).

use rusqlite::{OptionalExtension, Row, params};

use std::sync::LazyLock;

use super::{Result, Store, StoreError, checklist, datestamp, new_uid, row};
use crate::domain::{CLOSING_TAG, Fact, Kind, NewPair, Pair, PairSummary};
use crate::template::{Template, fill_names};

const PAIR_COLUMNS: &str = "p.id, p.uid, p.mentor_name, p.mentee_name, p.my_role, p.focus,
    p.started_on, p.cadence_days, p.next_meeting_on, p.status, p.created_at, p.updated_at,
    p.version";

/// The pair's columns, then the counts of a [`PairSummary`] (columns 13 to 18).
static SUMMARY_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "p.id, p.uid, p.mentor_name, p.mentee_name, p.my_role, p.focus,
    p.started_on, p.cadence_days, p.next_meeting_on, p.status, p.created_at, p.updated_at,
    p.version,
    (SELECT count(*) FROM checklist_item c WHERE c.pair_id = p.id AND {}),
    (SELECT count(*) FROM checklist_item c WHERE c.pair_id = p.id),
    (SELECT max(held_at) FROM meeting m WHERE m.pair_id = p.id AND m.held_at <= :now),
    (SELECT min(held_at) FROM meeting m WHERE m.pair_id = p.id AND m.held_at > :now),
    (SELECT count(*) FROM action_item a WHERE a.pair_id = p.id AND a.done_at IS NULL),
    (SELECT count(*) FROM action_item a WHERE a.pair_id = p.id AND a.done_at IS NULL AND a.due_on < :today)",
        *checklist::DONE_SQL
    )
});

/// Changes to a pair; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairEdit {
    /// A new mentor's name.
    pub mentor_name: Option<String>,
    /// A new mentee's name.
    pub mentee_name: Option<String>,
    /// A new focus.
    pub focus: Option<String>,
    /// A new cadence (`Some(None)` removes it).
    pub cadence_days: Option<Option<u32>>,
    /// A new next meeting date (`Some(None)` removes it).
    pub next_meeting_on: Option<Option<chrono::NaiveDate>>,
}

fn pair_from_row(r: &Row<'_>) -> rusqlite::Result<Pair> {
    Ok(Pair {
        id: r.get(0)?,
        uid: r.get(1)?,
        mentor_name: r.get(2)?,
        mentee_name: r.get(3)?,
        my_role: row::word(r, 4)?,
        focus: r.get(5)?,
        started_on: row::date(r, 6)?,
        cadence_days: r.get(7)?,
        next_meeting_on: row::opt_date(r, 8)?,
        status: row::word(r, 9)?,
        created_at: row::time(r, 10)?,
        updated_at: row::time(r, 11)?,
        version: r.get(12)?,
    })
}

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<PairSummary> {
    Ok(PairSummary {
        pair: pair_from_row(r)?,
        checklist_done: r.get(13)?,
        checklist_total: r.get(14)?,
        last_met_at: row::opt_time(r, 15)?,
        next_planned_at: row::opt_time(r, 16)?,
        open_actions: r.get(17)?,
        overdue_actions: r.get(18)?,
    })
}

impl Store {
    /// Adds a pair and its first-meeting checklist from `template`, in one transaction.
    pub fn add_pair(&mut self, new: &NewPair, template: &Template) -> Result<Pair> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO pair (uid, mentor_name, mentee_name, my_role, focus, started_on,
                 cadence_days, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'active', ?8, ?8)",
            params![
                new_uid(),
                new.mentor_name,
                new.mentee_name,
                new.my_role.as_str(),
                new.focus,
                datestamp(new.started_on),
                new.cadence_days,
                now,
            ],
        )?;
        let pair_id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare(
                "INSERT INTO checklist_item (uid, pair_id, step, key, title, position, ticked_by,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?;
            for step in &template.steps {
                for (position, item) in step.items.iter().enumerate() {
                    let title = fill_names(&item.title, &new.mentor_name, &new.mentee_name);
                    insert.execute(params![
                        new_uid(),
                        pair_id,
                        step.number,
                        item.key,
                        title,
                        position as i64,
                        item.ticked_by.map(Fact::name),
                        now
                    ])?;
                }
            }
        }
        tx.commit()?;
        self.pair(pair_id)
    }

    /// The pair with row id `id`.
    pub fn pair(&self, id: i64) -> Result<Pair> {
        self.conn
            .query_row(
                &format!("SELECT {PAIR_COLUMNS} FROM pair p WHERE p.id = ?1"),
                [id],
                pair_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no pair with id {id}")))
    }

    /// All pairs in creation order.
    pub fn pairs(&self) -> Result<Vec<Pair>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {PAIR_COLUMNS} FROM pair p ORDER BY p.id"))?;
        let rows = stmt.query_map([], pair_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The pair with row id `id`, with its checklist progress, meetings and
    /// open action items counted now.
    pub fn pair_summary(&self, id: i64) -> Result<PairSummary> {
        let (now, today) = self.now_and_today();
        self.conn
            .query_row(
                &format!("SELECT {} FROM pair p WHERE p.id = :id", *SUMMARY_COLUMNS),
                rusqlite::named_params! {":id": id, ":now": now, ":today": today},
                summary_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no pair with id {id}")))
    }

    /// All pairs in creation order, each with its checklist progress,
    /// meetings and open action items counted now.
    pub fn pair_summaries(&self) -> Result<Vec<PairSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM pair p ORDER BY p.id",
            *SUMMARY_COLUMNS
        ))?;
        let (now, today) = self.now_and_today();
        let rows = stmt.query_map(
            rusqlite::named_params! {":now": now, ":today": today},
            summary_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store {
    /// Sets a pair's status (active, paused, closed).
    pub fn set_pair_status(&mut self, id: i64, status: crate::domain::PairStatus) -> Result<Pair> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE pair SET status = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
            params![id, status.as_str(), now],
        )?;
        tx.commit()?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!(
                "there is no pair with id {id}"
            )));
        }
        self.pair(id)
    }
}

impl Store {
    /// Closes pair `id`, with its closing reflection (when one was written)
    /// kept as a shared note tagged [`CLOSING_TAG`], in one transaction.
    pub fn close_pair(&mut self, id: i64, reflection: Option<&str>) -> Result<(Pair, Option<i64>)> {
        let reflection = reflection
            .filter(|r| !r.trim().is_empty())
            .map(|r| crate::domain::bounded_text("the closing reflection", r))
            .transpose()?;
        self.pair(id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let note = match &reflection {
            Some(text) => Some(tx.query_row(
                "INSERT INTO note (uid, pair_id, body, private, tags, binding, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?6) RETURNING id",
                params![new_uid(), id, text, CLOSING_TAG, super::binding::CURRENT, now],
                |r| r.get(0),
            )?),
            None => None,
        };
        tx.execute(
            "UPDATE pair SET status = 'closed', updated_at = ?2, version = version + 1 WHERE id = ?1",
            params![id, now],
        )?;
        tx.commit()?;
        Ok((self.pair(id)?, note))
    }

    /// The latest closing reflection of pair `id`, if one was written.
    pub fn closing_reflection(&self, id: i64) -> Result<Option<crate::domain::Note>> {
        let mut notes = self.shared_notes_tagged(id, CLOSING_TAG, usize::MAX)?;
        Ok(notes.pop())
    }

    fn now_and_today(&self) -> (String, String) {
        (self.now(), datestamp(self.clock.today()))
    }

    /// Changes a pair's names, focus, cadence or next meeting date; with
    /// `expected_version`, refuses if another copy changed it meanwhile.
    pub fn edit_pair(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        edit: &PairEdit,
    ) -> Result<Pair> {
        use crate::domain::{bounded_text, person_name};
        let current = self.pair(id)?;
        let mentor = match &edit.mentor_name {
            Some(n) => person_name("the mentor's name", n)?,
            None => current.mentor_name,
        };
        let mentee = match &edit.mentee_name {
            Some(n) => person_name("the mentee's name", n)?,
            None => current.mentee_name,
        };
        let focus = match &edit.focus {
            Some(f) => bounded_text("the focus", f.trim())?,
            None => current.focus,
        };
        let cadence = edit.cadence_days.unwrap_or(current.cadence_days);
        let next = edit.next_meeting_on.unwrap_or(current.next_meeting_on);
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE pair SET mentor_name = ?3, mentee_name = ?4, focus = ?5, cadence_days = ?6,
                 next_meeting_on = ?7, updated_at = ?8, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2)",
            params![
                id,
                expected_version,
                mentor,
                mentee,
                focus,
                cadence,
                next.map(datestamp),
                now
            ],
        )?;
        super::check_updated(&tx, Kind::Pair, id, changed)?;
        tx.commit()?;
        self.pair(id)
    }
}
