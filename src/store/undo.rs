//! The last deletion, kept in the journal itself (`undo_entry`, schema 6),
//! so that it is undone the same way from anywhere: `u` on the screen and
//! `candor undo` bring back the entry deleted last, whichever of them (or
//! another running candor) deleted it.
//!
//! The entry is kept as it was stored: its row's columns as one JSON object
//! (a BLOB as `{"blob": hex}`), and a goal's progress rows beside it. So a
//! sealed text stays sealed, and comes back with the same bytes. Private
//! text kept in clear (deleted while no passphrase was set) is forgotten
//! when a passphrase is set, as the passphrase scrubs every clear copy; a
//! sealed one is forgotten when the passphrase is removed, since nothing
//! could open it then. Erasing a pair forgets what was kept: undo brings
//! back only the very last deletion, and erasing a pair cannot be undone.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::{Map, Value as Json};

use super::{Result, Store, StoreError};
use crate::domain::{Kind, SealedText};
use crate::text::{hex, unhex};

/// An entry that undo brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// What it is.
    pub kind: Kind,
    /// Its row id now (the one it had, unless another row took it meanwhile).
    pub id: i64,
    /// The pair it is in.
    pub pair_id: i64,
}

/// The row of `table` whose `column` is `value`, as JSON objects of its columns.
fn rows_as_json(conn: &Connection, table: &str, column: &str, value: i64) -> Result<Vec<Json>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT * FROM {table} WHERE {column} = ?1 ORDER BY id"
    ))?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let mut rows = stmt.query([value])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let mut object = Map::new();
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                ValueRef::Null => Json::Null,
                ValueRef::Integer(n) => Json::from(n),
                ValueRef::Real(f) => Json::from(f),
                ValueRef::Text(t) => Json::from(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => serde_json::json!({ "blob": hex(b) }),
            };
            object.insert(name.clone(), v);
        }
        out.push(Json::Object(object));
    }
    Ok(out)
}

/// A JSON value kept by [`rows_as_json`] as the SQLite value it was.
fn sql_value(v: &Json) -> Result<Value> {
    Ok(match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(*b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        Json::String(s) => Value::Text(s.clone()),
        Json::Object(o) => match o.get("blob").and_then(Json::as_str).and_then(unhex) {
            Some(bytes) => Value::Blob(bytes),
            None => return Err(damaged()),
        },
        Json::Array(_) => return Err(damaged()),
    })
}

fn damaged() -> StoreError {
    StoreError::NotFound("the deletion kept for undo cannot be read back".into())
}

/// Keeps row `id` of `kind` of pair `pair_id`, about to be deleted inside
/// `tx`, as the deletion undo brings back (replacing the one kept before).
pub(super) fn keep(
    tx: &Transaction<'_>,
    kind: Kind,
    pair_id: i64,
    id: i64,
    now: &str,
) -> Result<()> {
    let Some(row) = rows_as_json(tx, kind.table(), "id", id)?.pop() else {
        return Ok(());
    };
    let progress = if kind == Kind::Goal {
        rows_as_json(tx, "goal_progress", "goal_id", id)?
    } else {
        Vec::new()
    };
    let old_binding_accepted = !super::binding::floor_reached(tx)?;
    tx.execute(
        "INSERT OR REPLACE INTO undo_entry (id, kind, pair_id, row, progress, old_binding_accepted, deleted_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            kind.as_str(),
            pair_id,
            row.to_string(),
            Json::Array(progress).to_string(),
            old_binding_accepted,
            now
        ],
    )?;
    Ok(())
}

/// Forgets the kept deletion whatever it is (a pair was erased).
pub(super) fn forget(tx: &Transaction<'_>) -> Result<()> {
    tx.execute("DELETE FROM undo_entry", [])?;
    Ok(())
}

/// Forgets a kept deletion that holds private text in clear (a passphrase
/// is being set, and every clear copy of private text goes).
pub(super) fn forget_clear_private(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "DELETE FROM undo_entry WHERE json_extract(row, '$.sealed') IS NULL
             AND (kind = 'checkin' OR (kind = 'note' AND json_extract(row, '$.private') = 1))",
        [],
    )?;
    Ok(())
}

/// Forgets a kept deletion that holds sealed text (the passphrase is being
/// removed, and nothing could open it afterwards).
pub(super) fn forget_sealed(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "DELETE FROM undo_entry WHERE json_extract(row, '$.sealed') IS NOT NULL",
        [],
    )?;
    Ok(())
}

/// The columns `table` has now.
fn columns(tx: &Transaction<'_>, table: &str) -> Result<Vec<String>> {
    let mut stmt = tx.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let names = stmt.query_map([], |r| r.get(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// Inserts `row` into `table` with the columns it has now; `set` overrides
/// some of them. Returns the new row id.
fn insert(
    tx: &Transaction<'_>,
    table: &str,
    row: &Map<String, Json>,
    set: &[(&str, Value)],
) -> Result<i64> {
    let mut names = Vec::new();
    let mut values = Vec::new();
    for column in columns(tx, table)? {
        if let Some((_, v)) = set.iter().find(|(c, _)| *c == column) {
            names.push(column);
            values.push(v.clone());
        } else if let Some(v) = row.get(&column) {
            values.push(sql_value(v)?);
            names.push(column);
        }
    }
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    tx.execute(
        &format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            names.join(", "),
            marks.join(", ")
        ),
        rusqlite::params_from_iter(values),
    )?;
    Ok(tx.last_insert_rowid())
}

impl Store {
    /// What the kept deletion is, if one is kept: its kind and pair.
    pub fn last_deletion(&self) -> Result<Option<(Kind, i64)>> {
        let kept: Option<(String, i64)> = self
            .conn
            .query_row("SELECT kind, pair_id FROM undo_entry", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(kept.and_then(|(k, p)| k.parse().ok().map(|k| (k, p))))
    }

    /// Brings back the entry deleted last in this journal, by whatever
    /// deleted it, with its uid, times and text as they were (a sealed text
    /// with the same bytes), and removes its tombstone; `None` when no
    /// deletion is kept. Undo works once: the kept deletion goes with it.
    pub fn undo_deletion(&mut self) -> Result<Option<Undone>> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let kept: Option<(String, i64, String, String, bool)> = tx
            .query_row(
                "SELECT kind, pair_id, row, progress, old_binding_accepted FROM undo_entry",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((kind, pair_id, row, progress, old_binding_accepted)) = kept else {
            return Ok(None);
        };
        tx.execute("DELETE FROM undo_entry", [])?;
        let kind: Kind = kind.parse().map_err(|_| damaged())?;
        let Ok(Json::Object(row)) = serde_json::from_str::<Json>(&row) else {
            return Err(damaged());
        };
        let Ok(Json::Array(progress)) = serde_json::from_str::<Json>(&progress) else {
            return Err(damaged());
        };
        let uid = row
            .get("uid")
            .and_then(Json::as_str)
            .ok_or_else(damaged)?
            .to_owned();
        let table = kind.table();
        let back_already: bool = tx.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE uid = ?1)"),
            [&uid],
            |r| r.get(0),
        )?;
        if back_already {
            // An import brought it back meanwhile: nothing to do but forget it.
            tx.commit()?;
            return Err(StoreError::NotFound(format!(
                "the {} deleted last is back in the journal already",
                kind.noun()
            )));
        }
        let mut set = vec![
            ("pair_id", Value::Integer(pair_id)),
            ("updated_at", Value::Text(now.clone())),
        ];
        if let Some(v) = row.get("version").and_then(Json::as_i64) {
            set.push(("version", Value::Integer(v + 1)));
        }
        // Its old row id, unless another row took it meanwhile.
        let old_id = row.get("id").and_then(Json::as_i64);
        let id_free = match old_id {
            Some(id) => !tx.query_row(
                &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
                [id],
                |r| r.get::<_, bool>(0),
            )?,
            None => false,
        };
        if !id_free {
            set.push(("id", Value::Null));
        }
        // A text sealed the pre-0.6 way is sealed again, bound to its pair,
        // as an unlock would have done had it been in the file then.
        if let (Some(Json::Object(s)), Some(binding)) =
            (row.get("sealed"), row.get("binding").and_then(Json::as_i64))
        {
            let bytes = s
                .get("blob")
                .and_then(Json::as_str)
                .and_then(unhex)
                .ok_or_else(damaged)?;
            let pair_uid: Option<String> = tx
                .query_row("SELECT uid FROM pair WHERE id = ?1", [pair_id], |r| {
                    r.get(0)
                })
                .optional()?;
            let sealed = SealedText {
                bytes,
                binding: u8::try_from(binding).unwrap_or(1),
                pair_uid,
                old_binding_accepted,
            };
            let (bytes, binding) =
                super::binding::restored(self.key.as_ref(), &sealed, &uid, table)?;
            set.push(("sealed", Value::Blob(bytes)));
            set.push(("binding", Value::Integer(i64::from(binding))));
        }
        let id = insert(&tx, table, &row, &set)?;
        for p in &progress {
            let Json::Object(p) = p else {
                return Err(damaged());
            };
            insert(
                &tx,
                "goal_progress",
                p,
                &[("goal_id", Value::Integer(id)), ("id", Value::Null)],
            )?;
        }
        tx.execute("DELETE FROM tombstone WHERE uid = ?1", [&uid])?;
        tx.commit()?;
        if kind == Kind::Note {
            self.reindex_restored_note(id)?;
        }
        Ok(Some(Undone { kind, id, pair_id }))
    }

    /// Puts a private note brought back into the in-memory index while unlocked.
    fn reindex_restored_note(&mut self, id: i64) -> Result<()> {
        if !self.is_unlocked() {
            return Ok(());
        }
        let note = self.note(id)?;
        if note.is_private()
            && let Some(text) = note.text()
        {
            let text = format!("{}\n{}", text.body, text.tags.join(" "));
            self.reindex_private(id, Some(&text))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_go_to_hex_and_back() {
        let bytes = vec![0u8, 1, 0xab, 0xff, 0x10];
        assert_eq!(hex(&bytes), "0001abff10");
        assert_eq!(unhex(&hex(&bytes)), Some(bytes));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
    }
}
