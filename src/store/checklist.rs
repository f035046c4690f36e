//! The first-meeting checklist of a pair: reading it and ticking items.

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError, row};
use crate::domain::{ChecklistItem, bounded_text};

const ITEM_COLUMNS: &str =
    "id, uid, pair_id, step, key, title, done_at, note, position, created_at, updated_at, version";

fn item_from_row(r: &Row<'_>) -> rusqlite::Result<ChecklistItem> {
    let done_at = row::opt_time(r, 6)?;
    Ok(ChecklistItem {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        step: r.get(3)?,
        key: r.get(4)?,
        title: r.get(5)?,
        done: done_at.is_some(),
        done_at,
        note: r.get(7)?,
        position: r.get(8)?,
        created_at: row::time(r, 9)?,
        updated_at: row::time(r, 10)?,
        version: r.get(11)?,
    })
}

impl Store {
    /// The checklist of pair `pair_id`, by step and position.
    pub fn checklist(&self, pair_id: i64) -> Result<Vec<ChecklistItem>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM checklist_item WHERE pair_id = ?1 ORDER BY step, position, id"
        ))?;
        let rows = stmt.query_map([pair_id], item_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        tx.execute(
            "UPDATE checklist_item SET
                 done_at = CASE WHEN ?2 THEN coalesce(done_at, ?3) ELSE NULL END,
                 note = coalesce(?4, note),
                 updated_at = ?3,
                 version = version + 1
             WHERE id = ?1",
            params![id, done, now, note],
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
        self.conn
            .query_row(
                &format!("SELECT {ITEM_COLUMNS} FROM checklist_item WHERE id = ?1"),
                [id],
                item_from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no checklist item with id {id}")))
    }
}
