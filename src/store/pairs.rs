//! Pairs: creating one (with its checklist from the template) and listing them.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError, new_uid, row};
use crate::domain::{NewPair, Pair};
use crate::template::{Template, fill_names};

const PAIR_COLUMNS: &str = "p.id, p.uid, p.mentor_name, p.mentee_name, p.my_role, p.focus,
    p.started_on, p.cadence_days, p.next_meeting_on, p.status, p.created_at, p.updated_at,
    p.version,
    (SELECT count(*) FROM checklist_item c WHERE c.pair_id = p.id AND c.done_at IS NOT NULL),
    (SELECT count(*) FROM checklist_item c WHERE c.pair_id = p.id)";

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
        checklist_done: r.get(13)?,
        checklist_total: r.get(14)?,
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
                new.started_on.format("%Y-%m-%d").to_string(),
                new.cadence_days,
                now,
            ],
        )?;
        let pair_id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare(
                "INSERT INTO checklist_item (uid, pair_id, step, key, title, position, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
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

    /// All pairs in creation order, each with its checklist progress.
    pub fn pairs(&self) -> Result<Vec<Pair>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {PAIR_COLUMNS} FROM pair p ORDER BY p.id"))?;
        let rows = stmt.query_map([], pair_from_row)?;
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
