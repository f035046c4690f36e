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
        self.action_page(pair_id, page.after.as_ref(), page.limit, true)
    }

    /// The `limit` action items listed just before `before` (the last ones
    /// with `None`), in the list's order: open ones by due date, then done ones.
    pub fn actions_before(
        &self,
        pair_id: i64,
        before: Option<&Cursor>,
        limit: usize,
    ) -> Result<Vec<ActionItem>> {
        let mut rows = self.action_page(pair_id, before, limit, false)?;
        rows.reverse();
        Ok(rows)
    }

    /// At most `limit` of pair `pair_id`'s action items in the list's order
    /// (`forward`) or against it, from just past `cursor` in that direction
    /// (from the start of that direction with `None`).
    ///
    /// The page's ids are chosen on the sort key alone, then their rows are
    /// read. On an index of the pair and that key, written as in
    /// [`SORT_KEY`] (SQLite uses an index on an expression only for that very
    /// expression; the tests below hold the statement), the choice walks the
    /// page and no further, from the cursor. The schema has no such index
    /// yet: then the choice sorts the key of each of the pair's items, read
    /// from the index on (pair, done, due), and reads no text but the page's.
    fn action_page(
        &self,
        pair_id: i64,
        cursor: Option<&Cursor>,
        limit: usize,
        forward: bool,
    ) -> Result<Vec<ActionItem>> {
        let mut stmt = self
            .conn
            .prepare_cached(&page_sql(forward, cursor.is_some()))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = match cursor {
            Some(c) => stmt.query_map(params![pair_id, limit, c.key, c.id], from_row)?,
            None => stmt.query_map(params![pair_id, limit], from_row)?,
        };
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many action items pair `pair_id`'s list shows before the one at
    /// `at`; with `None`, how many it shows. Counted on an index alone.
    pub fn action_position(&self, pair_id: i64, at: Option<&Cursor>) -> Result<usize> {
        let Some(at) = at else {
            return self.count_of(
                "SELECT count(*) FROM action_item WHERE pair_id = ?1",
                pair_id,
            );
        };
        let mut stmt = self.conn.prepare_cached(&position_sql())?;
        let n: i64 = stmt.query_row(params![pair_id, at.key, at.id], |r| r.get(0))?;
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

/// The statement of a page of a pair's action items (`?1`), at most `?2`,
/// in the list's order (`forward`) or against it, after the cursor
/// `(?3, ?4)` in that direction (`from_cursor`) or from its start.
fn page_sql(forward: bool, from_cursor: bool) -> String {
    let (order, past, at_or_past) = if forward {
        ("", ">", ">=")
    } else {
        (" DESC", "<", "<=")
    };
    // The key alone first: an index of it seeks there, and the row value
    // then steps over the items of the same key up to the cursor's.
    let from = if from_cursor {
        format!("AND {SORT_KEY} {at_or_past} ?3 AND ({SORT_KEY}, id) {past} (?3, ?4)")
    } else {
        String::new()
    };
    format!(
        "SELECT {COLUMNS} FROM action_item WHERE id IN (
             SELECT id FROM action_item WHERE pair_id = ?1 {from}
             ORDER BY {SORT_KEY}{order}, id{order} LIMIT ?2)
         ORDER BY {SORT_KEY}{order}, id{order}"
    )
}

/// The statement counting a pair's action items (`?1`) listed before the
/// cursor `(?2, ?3)`.
fn position_sql() -> String {
    format!(
        "SELECT count(*) FROM action_item
         WHERE pair_id = ?1 AND {SORT_KEY} <= ?2 AND ({SORT_KEY}, id) < (?2, ?3)"
    )
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::domain::{NewPair, Role};
    use crate::template::Template;

    /// The index that walks a pair's action items in the list's order
    /// (schema 11), dropped to see the order without it.
    const NO_LIST_INDEX: &str = "DROP INDEX action_list_by_pair";

    /// A pair with `n` action items: some done, some without a due day,
    /// several on each day, so many share a sort key.
    fn journal(n: i64) -> (Store, i64) {
        let clock = FixedClock::parse("2026-11-27T14:02:00Z").unwrap();
        let mut store = Store::open_in_memory(Arc::new(clock)).unwrap();
        let pair = NewPair::new(
            "Ana Ruiz",
            "Ben Okafor",
            Role::Mentor,
            "",
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            Some(14),
        )
        .unwrap();
        let pair = store.add_pair(&pair, &Template::built_in()).unwrap().id;
        for i in 0..n {
            let due = (i % 5 != 0).then(|| {
                NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new((i % 7) as u64)
            });
            let item = store
                .add_action(pair, Owner::Both, &format!("step {i}"), due)
                .unwrap();
            if i % 3 == 0 {
                store.set_action_done(item.id, true).unwrap();
            }
        }
        (store, pair)
    }

    /// Every page, forward and backward, and every position, as ids.
    fn walk(store: &Store, pair: i64) -> (Vec<i64>, Vec<i64>, Vec<usize>) {
        let mut forward: Vec<ActionItem> = Vec::new();
        loop {
            let page = Page {
                after: forward.last().map(ActionItem::cursor),
                limit: 4,
            };
            let rows = store.actions(pair, &page).unwrap();
            if rows.is_empty() {
                break;
            }
            forward.extend(rows);
        }
        let mut backward: Vec<ActionItem> = Vec::new();
        loop {
            let before = backward.first().map(ActionItem::cursor);
            let rows = store.actions_before(pair, before.as_ref(), 4).unwrap();
            if rows.is_empty() {
                break;
            }
            backward.splice(0..0, rows);
        }
        let positions = forward
            .iter()
            .map(|a| store.action_position(pair, Some(&a.cursor())).unwrap())
            .collect();
        let ids = |v: &[ActionItem]| v.iter().map(|a| a.id).collect();
        (ids(&forward), ids(&backward), positions)
    }

    #[test]
    fn pages_follow_the_list_order_with_and_without_the_list_index() {
        let (store, pair) = journal(40);
        let mut all = store.actions(pair, &Page::first(100)).unwrap();
        let key = |a: &ActionItem| (a.cursor().key, a.id);
        let mut sorted = all.clone();
        sorted.sort_by_key(key);
        assert_eq!(all, sorted, "one page holds them all, in order");
        assert_eq!(all.len(), 40);
        // Open ones first, by due day, those without one last; then done ones.
        let first_done = all.iter().position(|a| a.done).unwrap();
        assert!(all[first_done..].iter().all(|a| a.done));
        assert!(all[..first_done].last().unwrap().due_on.is_none());
        let expected: Vec<i64> = all.drain(..).map(|a| a.id).collect();
        let (forward, backward, positions) = walk(&store, pair);
        assert_eq!(forward, expected);
        assert_eq!(backward, expected);
        assert_eq!(positions, (0..40).collect::<Vec<_>>());
        // The same order read without the index.
        store.conn.execute_batch(NO_LIST_INDEX).unwrap();
        assert_eq!(walk(&store, pair), (expected.clone(), expected, positions));
    }

    #[test]
    fn the_list_index_serves_every_page_and_position() {
        let (store, pair) = journal(3);
        let cursor = store.actions(pair, &Page::first(1)).unwrap()[0].cursor();
        let plan = |sql: &str, args: Vec<rusqlite::types::Value>| -> String {
            let mut stmt = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let n = stmt.parameter_count();
            stmt.query_map(rusqlite::params_from_iter(args.into_iter().take(n)), |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
            .join("; ")
        };
        use rusqlite::types::Value::{Integer, Text};
        for forward in [true, false] {
            for from_cursor in [true, false] {
                let args = vec![
                    Integer(pair),
                    Integer(10),
                    Text(cursor.key.clone()),
                    Integer(cursor.id),
                ];
                let plan = plan(&page_sql(forward, from_cursor), args);
                assert!(
                    plan.contains("COVERING INDEX action_list_by_pair"),
                    "{plan}"
                );
                // Only the page itself is sorted, not the pair's items.
                assert_eq!(plan.matches("TEMP B-TREE").count(), 1, "{plan}");
                if from_cursor {
                    assert!(plan.contains("<expr>"), "a seek to the cursor: {plan}");
                }
            }
        }
        let args = vec![Integer(pair), Text(cursor.key.clone()), Integer(cursor.id)];
        let plan = plan(&position_sql(), args);
        assert!(
            plan.contains("COVERING INDEX action_list_by_pair (pair_id=? AND <expr><?)"),
            "{plan}"
        );
    }
}
