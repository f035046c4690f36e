//! The first-meeting checklist of a pair: reading it, with the ticks the
//! record gives (a strength written down ticks "named the mentee's
//! strengths"), and ticking items by hand.
//!
//! An item is done when it was ticked by hand (`done_at`), or when the fact
//! of the record it names (`ticked_by`) holds and no one unticked it by hand
//! since (`dismissed_at`).

use std::collections::HashMap;
use std::sync::LazyLock;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, Store, StoreError, row, timestamp};
use crate::domain::{ChecklistItem, EntryRef, Fact, bounded_text};

const ITEM_COLUMNS: &str =
    "id, uid, pair_id, step, key, title, done_at, note, position, created_at,
    updated_at, version, ticked_by, dismissed_at";

/// Where the record holds a fact: its table, the condition its rows meet
/// (`:now` is the present), and the expression of a row's line of text.
fn source(fact: Fact) -> (&'static str, &'static str, &'static str) {
    match fact {
        Fact::StrengthOfMentee => ("strength", "whose = 'mentee'", "text"),
        Fact::StrengthOfMentor => ("strength", "whose = 'mentor'", "text"),
        Fact::Challenge => ("experience", "1", "challenge"),
        Fact::SimilarExperience => ("experience", "1", "similar"),
        Fact::FeedbackAsked => (
            "feedback",
            "direction = 'to_mentor' AND requested = 1",
            "body",
        ),
        Fact::FeedbackTaken => (
            "feedback",
            "direction = 'to_mentor' AND response IN ('accepted', 'discussed')",
            "body",
        ),
        Fact::MeetingHeld => (
            "meeting",
            "held_at <= :now",
            "coalesce(nullif(notes, ''), nullif(agenda, ''), substr(held_at, 1, 10))",
        ),
    }
}

/// The column a fact's rows are ordered by (the first one is the one that
/// ticked), and the columns that break a tie between rows of the same
/// instant: their text, then their uid — never the row id, so two journals
/// holding the same entries name the same one.
fn order(table: &str) -> (&'static str, &'static str) {
    match table {
        "feedback" => ("given_at", "body, uid"),
        "meeting" => ("held_at", "uid"),
        "experience" => ("created_at", "challenge, uid"),
        _ => ("created_at", "text, uid"),
    }
}

/// An SQL expression, over a `checklist_item` aliased `c`, that is true
/// when the item is done (by hand or by the record); it takes `:now`.
pub(super) static DONE_SQL: LazyLock<String> = LazyLock::new(|| {
    let cases: String = Fact::ALL
        .iter()
        .map(|&fact| {
            let (table, condition, _) = source(fact);
            format!(
                " WHEN '{}' THEN EXISTS (SELECT 1 FROM {table} WHERE pair_id = c.pair_id AND {condition})",
                fact.name()
            )
        })
        .collect();
    format!(
        "(c.done_at IS NOT NULL OR (c.dismissed_at IS NULL AND CASE c.ticked_by{cases} ELSE 0 END))"
    )
});

/// A checklist row as stored, before the record is asked.
struct Stored {
    item: ChecklistItem,
    dismissed: bool,
}

fn item_from_row(r: &Row<'_>) -> rusqlite::Result<Stored> {
    let done_at = row::opt_time(r, 6)?;
    let ticked_by: Option<String> = r.get(12)?;
    let dismissed: Option<String> = r.get(13)?;
    Ok(Stored {
        item: ChecklistItem {
            id: r.get(0)?,
            uid: r.get(1)?,
            pair_id: r.get(2)?,
            step: r.get(3)?,
            key: r.get(4)?,
            title: r.get(5)?,
            done: done_at.is_some(),
            done_at,
            ticked_by: ticked_by.as_deref().and_then(Fact::from_name),
            from: None,
            note: r.get(7)?,
            position: r.get(8)?,
            created_at: row::time(r, 9)?,
            updated_at: row::time(r, 10)?,
            version: r.get(11)?,
        },
        dismissed: dismissed.is_some(),
    })
}

/// The first entry of pair `pair_id` that makes `fact` true, if any.
fn first_entry(conn: &Connection, pair_id: i64, fact: Fact, now: &str) -> Result<Option<EntryRef>> {
    let (table, condition, gist) = source(fact);
    // The earliest instant first, from the index on (pair, time); then, of
    // the rows of that instant only, the first by text and uid.
    let (time, ties) = order(table);
    let sql = format!(
        "SELECT id, uid, {gist} FROM {table}
         WHERE pair_id = :pair AND {condition} AND {time} = (
             SELECT {time} FROM {table} WHERE pair_id = :pair AND {condition}
             ORDER BY {time} LIMIT 1)
         ORDER BY {ties} LIMIT 1"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":pair", &pair_id)];
    if condition.contains(":now") {
        params.push((":now", &now));
    }
    Ok(stmt
        .query_row(params.as_slice(), |r| {
            Ok(EntryRef {
                kind: fact.kind(),
                id: r.get(0)?,
                uid: r.get(1)?,
                gist: r.get(2)?,
            })
        })
        .optional()?)
}

/// Fills in what the record says of each item: `done` and `from`.
fn follow_record(conn: &Connection, rows: Vec<Stored>, now: &str) -> Result<Vec<ChecklistItem>> {
    let mut found: HashMap<(i64, Fact), Option<EntryRef>> = HashMap::new();
    rows.into_iter()
        .map(
            |Stored {
                 mut item,
                 dismissed,
             }| {
                if let Some(fact) = item.ticked_by
                    && item.done_at.is_none()
                    && !dismissed
                {
                    let entry = match found.get(&(item.pair_id, fact)) {
                        Some(entry) => entry.clone(),
                        None => {
                            let entry = first_entry(conn, item.pair_id, fact, now)?;
                            found.insert((item.pair_id, fact), entry.clone());
                            entry
                        }
                    };
                    item.done = entry.is_some();
                    item.from = entry;
                }
                Ok(item)
            },
        )
        .collect()
}

impl Store {
    /// The checklist of pair `pair_id`, by step and position.
    pub fn checklist(&self, pair_id: i64) -> Result<Vec<ChecklistItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM checklist_item WHERE pair_id = ?1 ORDER BY step, position, id"
        ))?;
        let rows = stmt
            .query_map([pair_id], item_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        follow_record(&self.conn, rows, &self.now())
    }

    /// Ticks (or, with `done` false, unticks) the item `key` of a pair, and
    /// replaces its note when one is given. Unknown keys are an error that
    /// lists the pair's keys.
    pub fn set_item_done(
        &mut self,
        pair_id: i64,
        key: &str,
        done: bool,
        note: Option<&str>,
    ) -> Result<ChecklistItem> {
        let note = note.map(|n| bounded_text("the note", n)).transpose()?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let id: Option<i64> = tx
            .query_row(
                "SELECT id FROM checklist_item WHERE pair_id = ?1 AND key = ?2",
                params![pair_id, key],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else {
            let keys: Vec<String> = {
                let mut stmt = tx.prepare(
                    "SELECT key FROM checklist_item WHERE pair_id = ?1 ORDER BY step, position",
                )?;
                stmt.query_map([pair_id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
            };
            return Err(StoreError::NotFound(format!(
                "the checklist has no item '{key}'; its keys are: {}",
                keys.join(", ")
            )));
        };
        let stored = tx.query_row(
            &format!("SELECT {ITEM_COLUMNS} FROM checklist_item WHERE id = ?1"),
            [id],
            item_from_row,
        )?;
        // What the record alone says, so a hand that agrees with it leaves
        // the tick to the record (and its entry is named), and a hand that
        // disagrees is remembered as such.
        let by_record = match stored.item.ticked_by {
            Some(fact) => first_entry(&tx, pair_id, fact, &now)?.is_some(),
            None => false,
        };
        let (done_at, dismissed_at) = match (done, by_record) {
            (true, true) => (None, None),
            (true, false) => (
                Some(stored.item.done_at.map_or(now.clone(), timestamp)),
                None,
            ),
            (false, true) => (None, Some(now.clone())),
            (false, false) => (None, None),
        };
        tx.execute(
            "UPDATE checklist_item SET
                 done_at = ?2,
                 dismissed_at = ?3,
                 note = coalesce(?4, note),
                 updated_at = ?5,
                 version = version + 1
             WHERE id = ?1",
            params![id, done_at, dismissed_at, note, now],
        )?;
        tx.commit()?;
        self.checklist_item(id)
    }

    /// Flips the item with row id `id` between ticked and not.
    pub fn toggle_item(&mut self, id: i64) -> Result<ChecklistItem> {
        let item = self.checklist_item(id)?;
        self.set_item_done(item.pair_id, &item.key, !item.done, None)
    }

    /// Replaces the note of the item with row id `id`.
    pub fn set_item_note(&mut self, id: i64, note: &str) -> Result<ChecklistItem> {
        let item = self.checklist_item(id)?;
        self.set_item_done(item.pair_id, &item.key, item.done, Some(note))
    }

    /// The checklist item with row id `id`.
    pub fn checklist_item(&self, id: i64) -> Result<ChecklistItem> {
        let stored = self
            .conn
            .query_row(
                &format!("SELECT {ITEM_COLUMNS} FROM checklist_item WHERE id = ?1"),
                [id],
                item_from_row,
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!("there is no checklist item with id {id}"))
            })?;
        let mut items = follow_record(&self.conn, vec![stored], &self.now())?;
        Ok(items.remove(0))
    }
}
