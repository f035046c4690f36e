//! Drafts: text being edited, kept so a crash, a closed terminal or a kill
//! loses at most the last few seconds of typing.

use rusqlite::{Row, params};

use super::{Result, Store, row, timestamp};

/// A form's text as it was when last saved as a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Stable id of this editing session; saving again replaces it.
    pub uid: String,
    /// The pair being written about, if any.
    pub pair_id: Option<i64>,
    /// What the form makes, such as `note` or `new_pair`.
    pub kind: String,
    /// The uid of the entry being edited, if it is not new.
    pub target_uid: Option<String>,
    /// Whether the text belongs to a private note.
    pub private: bool,
    /// The fields' texts, as JSON.
    pub text: String,
    /// When it was saved.
    pub saved_at: chrono::DateTime<chrono::Utc>,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Draft> {
    Ok(Draft {
        uid: r.get(0)?,
        pair_id: r.get(1)?,
        kind: r.get(2)?,
        target_uid: r.get(3)?,
        private: r.get(4)?,
        text: r.get(5)?,
        saved_at: row::time(r, 6)?,
    })
}

impl Store {
    /// Saves (or replaces, by uid) a draft.
    pub fn save_draft(&mut self, d: &Draft) -> Result<()> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO draft (uid, pair_id, kind, target_uid, private, text, saved_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
             ON CONFLICT (uid) DO UPDATE SET pair_id = excluded.pair_id, kind = excluded.kind,
                 target_uid = excluded.target_uid, private = excluded.private, text = excluded.text,
                 saved_at = excluded.saved_at, updated_at = excluded.updated_at, version = version + 1",
            params![d.uid, d.pair_id, d.kind, d.target_uid, d.private, d.text, timestamp(d.saved_at), now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every kept draft, newest first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid, pair_id, kind, target_uid, private, text, saved_at FROM draft ORDER BY saved_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forgets a draft (after it was saved for real or discarded).
    pub fn discard_draft(&mut self, uid: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM draft WHERE uid = ?1", [uid])?;
        tx.commit()?;
        Ok(())
    }
}
