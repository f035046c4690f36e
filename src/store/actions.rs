//! Action items: open ones first by due date, done ones after.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::{Cursor, Page, Result, Store, StoreError, check_updated, datestamp, new_uid, row};
use crate::domain::{ActionItem, Kind, Owner, PlannedStep, required_text};

const COLUMNS: &str =
    "id, uid, pair_id, owner, text, due_on, done_at, created_at, updated_at, version";

/// The sort key: open before done, then by due date (none last).
const SORT_KEY: &str = "((done_at IS NOT NULL) || '|' || coalesce(due_on, '9999-12-31'))";

fn from_row(r: &Row<'_>) -> rusqlite::Result<ActionItem> {
    let done_at = row::opt_time(r, 6)?;
    Ok(ActionItem {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        owner: row::word(r, 3)?,
        text: r.get(4)?,
        due_on: row::opt_date(r, 5)?,
        done: done_at.is_some(),
        done_at,
        created_at: row::time(r, 7)?,
        updated_at: row::time(r, 8)?,
        version: r.get(9)?,
    })
}

/// The parts of an action item a person writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    /// Who does it.
    pub owner: Owner,
    /// What to do.
    pub text: String,
    /// When it is due.
    pub due_on: Option<NaiveDate>,
}

impl NewAction {
    /// The text as stored: trimmed, not empty, without NUL, not too long.
    pub(super) fn checked_text(&self) -> Result<String> {
        Ok(required_text("the action item", &self.text)?)
    }
}

impl From<&PlannedStep> for NewAction {
    fn from(step: &PlannedStep) -> Self {
        Self {
            owner: step.owner,
            text: step.text.clone(),
            due_on: step.due,
        }
    }
}

/// Inserts one action item of pair `pair_id` inside `tx`, its text already checked.
pub(super) fn insert(
    tx: &rusqlite::Transaction<'_>,
    pair_id: i64,
    owner: Owner,
    text: &str,
    due_on: Option<NaiveDate>,
    now: &str,
) -> Result<ActionItem> {
    Ok(tx.query_row(
        &format!(
            "INSERT INTO action_item (uid, pair_id, owner, text, due_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING {COLUMNS}"
        ),
        params![
            new_uid(),
            pair_id,
            owner.as_str(),
            text,
            due_on.map(datestamp),
            now
        ],
        from_row,
    )?)
}

impl ActionItem {
    /// Where the page after this item starts.
    pub fn cursor(&self) -> Cursor {
        let due = self.due_on.map_or("9999-12-31".to_owned(), datestamp);
        Cursor {
            key: format!("{}|{due}", u8::from(self.done)),
            id: self.id,
        }
    }
}

impl Store {
    /// Adds an action item to pair `pair_id`.
    pub fn add_action(
        &mut self,
        pair_id: i64,
        owner: Owner,
        text: &str,
        due_on: Option<NaiveDate>,
    ) -> Result<ActionItem> {
        let text = required_text("the action item", text)?;
        self.pair(pair_id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let item = insert(&tx, pair_id, owner, &text, due_on, &now)?;
        tx.commit()?;
        Ok(item)
    }

    /// Replaces an action item's owner, text and due date.
    pub fn update_action(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        owner: Owner,
        text: &str,
        due_on: Option<NaiveDate>,
    ) -> Result<ActionItem> {
        let text = required_text("the action item", text)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE action_item SET owner = ?3, text = ?4, due_on = ?5, updated_at = ?6, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2)",
            params![id, expected_version, owner.as_str(), text, due_on.map(datestamp), now],
        )?;
        check_updated(&tx, Kind::Action, id, changed)?;
        tx.commit()?;
        self.action(id)
    }

    /// Marks an action item done (or open again with `done` false).
    pub fn set_action_done(&mut self, id: i64, done: bool) -> Result<ActionItem> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE action_item SET done_at = CASE WHEN ?2 THEN coalesce(done_at, ?3) ELSE NULL END,
                 updated_at = ?3, version = version + 1
             WHERE id = ?1",
            params![id, done, now],
        )?;
        check_updated(&tx, Kind::Action, id, changed)?;
        tx.commit()?;
        self.action(id)
    }

    /// The action item with row id `id`.
    pub fn action(&self, id: i64) -> Result<ActionItem> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM action_item WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no action item with id {id}")))
    }

    /// A page of pair `pair_id`'s action items: open ones by due date, then done ones.
    pub fn actions(&self, pair_id: i64, page: &Page) -> Result<Vec<ActionItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM action_item
             WHERE pair_id = ?1 AND (?2 IS NULL OR ({SORT_KEY}, id) > (?2, ?3))
             ORDER BY {SORT_KEY}, id LIMIT ?4"
        ))?;
        let after_id = page.after.as_ref().map_or(i64::MIN, |c| c.id);
        let rows = stmt.query_map(
            params![pair_id, page.key(), after_id, page.limit()],
            from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The `limit` action items listed just before `before` (the last ones
    /// with `None`), in the list's order: open ones by due date, then done ones.
    pub fn actions_before(
        &self,
        pair_id: i64,
        before: Option<&Cursor>,
        limit: usize,
    ) -> Result<Vec<ActionItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM action_item
             WHERE pair_id = ?1 AND (?2 IS NULL OR ({SORT_KEY}, id) < (?2, ?3))
             ORDER BY {SORT_KEY} DESC, id DESC LIMIT ?4"
        ))?;
        let key = before.map(|c| c.key.as_str());
        let id = before.map_or(i64::MAX, |c| c.id);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![pair_id, key, id, limit], from_row)?;
        let mut rows: Vec<ActionItem> = rows.collect::<rusqlite::Result<_>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// How many action items pair `pair_id`'s list shows before the one at
    /// `at`; with `None`, how many it shows.
    pub fn action_position(&self, pair_id: i64, at: Option<&Cursor>) -> Result<usize> {
        if at.is_none() {
            return self.count_of(
                "SELECT count(*) FROM action_item WHERE pair_id = ?1",
                pair_id,
            );
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT count(*) FROM action_item
             WHERE pair_id = ?1 AND (?2 IS NULL OR ({SORT_KEY}, id) < (?2, ?3))"
        ))?;
        let key = at.map(|c| c.key.as_str());
        let id = at.map_or(i64::MAX, |c| c.id);
        let n: i64 = stmt.query_row(params![pair_id, key, id], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// How many of pair `pair_id`'s action items are open.
    pub fn open_action_count(&self, pair_id: i64) -> Result<usize> {
        self.count_of(
            "SELECT count(*) FROM action_item WHERE pair_id = ?1 AND done_at IS NULL",
            pair_id,
        )
    }
}

impl Store {
    /// Open action items of every pair due on or before `until`, soonest first, at most `limit`.
    pub fn actions_due(&self, until: NaiveDate, limit: usize) -> Result<Vec<ActionItem>> {
        self.open_actions_due(None, Some(until), Some(limit))
    }

    /// Open action items with a due date — of pair `pair`, or of every pair
    /// with `None` — due on or before `until` (any day with `None`),
    /// soonest first, at most `limit` (all with `None`). Each pair's open
    /// items are found through its index, so the done ones cost nothing.
    pub fn open_actions_due(
        &self,
        pair: Option<i64>,
        until: Option<NaiveDate>,
        limit: Option<usize>,
    ) -> Result<Vec<ActionItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM action_item
             WHERE pair_id IN (SELECT id FROM pair WHERE ?1 IS NULL OR id = ?1)
               AND done_at IS NULL AND due_on IS NOT NULL AND (?2 IS NULL OR due_on <= ?2)
             ORDER BY due_on, id LIMIT ?3"
        ))?;
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let rows = stmt.query_map(params![pair, until.map(datestamp), limit], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
