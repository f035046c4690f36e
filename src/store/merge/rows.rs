//! One incoming row added or updated by uid, within what the file has a
//! right to; and what a uid names in this journal, whatever its table.

use rusqlite::{OptionalExtension, Transaction};

use super::report::MergeReport;
use crate::domain::Kind;
use crate::store::{Result, timestamp};

/// One incoming row, as `upsert` needs it.
pub(super) struct Incoming<'a> {
    pub(super) kind: Kind,
    pub(super) uid: &'a str,
    pub(super) updated_at: &'a chrono::DateTime<chrono::Utc>,
    /// A private note or a check-in.
    pub(super) private: bool,
    /// Its content, to break a tie with a copy changed at the same time
    /// (the same fields as [`key_sql`] reads from the row here).
    pub(super) key: String,
}

/// The content of a stored row as `entries::key` joins the incoming one's.
fn key_sql(kind: Kind) -> &'static str {
    match kind {
        Kind::ChecklistItem => "title || char(31) || note || char(31) || coalesce(done_at, '')",
        Kind::Strength => "whose || char(31) || text",
        Kind::Experience => "challenge || char(31) || similar",
        Kind::Meeting => {
            "held_at || char(31) || agenda || char(31) || notes || char(31) || next_steps"
        }
        Kind::Feedback => "body || char(31) || follow_up || char(31) || response",
        Kind::Note => "body || char(31) || tags",
        Kind::Action => {
            "owner || char(31) || text || char(31) || coalesce(due_on, '') || char(31) || coalesce(done_at, '')"
        }
        Kind::Goal => "text || char(31) || criteria || char(31) || coalesce(due_on, '')",
        _ => "''",
    }
}

pub(in crate::store) fn tombstoned(tx: &Transaction<'_>, uid: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM tombstone WHERE uid = ?1")?
        .query_row([uid], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A row of this journal found by uid, in whichever table holds it.
pub(in crate::store) struct Found {
    pub(super) kind: Kind,
    /// The uid of the pair it belongs to (a pair's own uid for a pair).
    pub(super) pair_uid: String,
    /// A private note or a check-in.
    pub(super) private: bool,
}

/// The row of this journal with `uid`, if any, whatever its kind.
pub(in crate::store) fn uid_in_use(tx: &Transaction<'_>, uid: &str) -> Result<Option<Found>> {
    const SQL: &str = "
        SELECT 'pair', t.uid, 0 FROM pair t WHERE t.uid = ?1
        UNION ALL SELECT 'checklist_item', p.uid, 0 FROM checklist_item t JOIN pair p ON p.id = t.pair_id WHERE t.uid = ?1
        UNION ALL SELECT 'strength', p.uid, 0 FROM strength t JOIN pair p ON p.id = t.pair_id WHERE t.uid = ?1
        UNION ALL SELECT 'experience', p.uid, 0 FROM experience t JOIN pair p ON p.id = t.pair_id WHERE t.uid = ?1
        UNION ALL SELECT 'meeting', p.uid, 0 FROM meeting t JOIN pair p ON p.id = t.pair_id WHERE t.uid = ?1
        UNION ALL SELECT 'feedback', p.uid, 0 FROM feedback t JOIN pair p ON p.id = t.pair_id WHERE t.uid = ?1
        UNION ALL SELECT 'note', p.uid, t.private FROM note t JOIN pair p ON p.id = t.pair_id WHERE t.uid = ?1
        UNION ALL SELECT 'action_item', p.uid, 0 FROM action_item t JOIN pair p ON p.id = t.pair_id WHERE t.uid = ?1
        UNION ALL SELECT 'goal', p.uid, 0 FROM goal t JOIN pair p ON p.id = t.pair_id WHERE t.uid = ?1
        UNION ALL SELECT 'goal_progress', p.uid, 0 FROM goal_progress t JOIN goal g ON g.id = t.goal_id
            JOIN pair p ON p.id = g.pair_id WHERE t.uid = ?1
        UNION ALL SELECT 'checkin', p.uid, 1 FROM checkin t JOIN pair p ON p.id = t.pair_id WHERE t.uid = ?1
        LIMIT 1";
    let mut stmt = tx.prepare_cached(SQL)?;
    let found = stmt
        .query_row([uid], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })
        .optional()?;
    Ok(found.and_then(|(table, pair_uid, private)| {
        Some(Found {
            kind: Kind::from_table(&table)?,
            pair_uid,
            private,
        })
    }))
}

/// Adds or updates one row by uid. `write(tx, exists)` runs the INSERT or UPDATE.
///
/// Left as it is: a row deleted here (tombstone), a row of another pair,
/// a uid that another kind of row holds here, a private note or check-in
/// already here, a note whose privacy differs, and a row at least as new.
pub(super) fn upsert(
    tx: &Transaction<'_>,
    report: &mut MergeReport,
    row: Incoming<'_>,
    pair_id: i64,
    write: impl FnOnce(&Transaction<'_>, bool) -> rusqlite::Result<usize>,
) -> Result<()> {
    if tombstoned(tx, row.uid)? {
        report.unchanged += 1;
        return Ok(());
    }
    let private = match row.kind {
        Kind::Note => "private",
        Kind::Checkin => "1",
        _ => "0",
    };
    let local: Option<(String, i64, bool, String)> = tx
        .prepare_cached(&format!(
            "SELECT updated_at, pair_id, {private}, {} FROM {} WHERE uid = ?1",
            key_sql(row.kind),
            row.kind.table()
        ))?
        .query_row([row.uid], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    match local {
        None if uid_in_use(tx, row.uid)?.is_some() => report.unchanged += 1,
        None => {
            write(tx, false)?;
            report.added(row.kind);
            report.touch(&timestamp(*row.updated_at));
        }
        // Private entries never travel: what is here stays as it is.
        Some((_, _, local_private, _)) if local_private || row.private => report.unchanged += 1,
        // Only a copy of the same pair's row may be replaced, and only by a
        // newer one; of two changed at the same time, the same one wins in
        // every journal (by their content).
        Some((local_updated, local_pair, _, local_key))
            if local_pair == pair_id && {
                let incoming = timestamp(*row.updated_at);
                incoming > local_updated || (incoming == local_updated && row.key > local_key)
            } =>
        {
            write(tx, true)?;
            report.updated(row.kind);
            report.touch(&timestamp(*row.updated_at));
        }
        Some(_) => report.unchanged += 1,
    }
    Ok(())
}
