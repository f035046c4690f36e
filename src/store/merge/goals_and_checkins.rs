//! Merging a pair's goals (with their progress) and trust check-ins.

use rusqlite::{OptionalExtension, Transaction, params};

use super::report::MergeReport;
use super::rows::{Incoming, tombstoned, uid_in_use, upsert};
use crate::domain::Kind;
use crate::store::{PairBundle, Result, datestamp, timestamp};

/// Merges a bundle's goals (with their progress) and check-ins.
pub(super) fn merge_goals_and_checkins(
    tx: &Transaction<'_>,
    b: &PairBundle,
    pair_id: i64,
    report: &mut MergeReport,
) -> Result<()> {
    for (g, history) in &b.goals {
        upsert(
            tx,
            report,
            Incoming {
                kind: Kind::Goal,
                uid: &g.uid,
                updated_at: &g.updated_at,
                private: false,
            },
            pair_id,
            |tx, exists| {
                let due = g.due_on.map(datestamp);
                if exists {
                    tx.execute(
                        "UPDATE goal SET text = ?2, criteria = ?3, due_on = ?4, updated_at = ?5,
                         version = version + 1 WHERE uid = ?1",
                        params![g.uid, g.text, g.criteria, due, timestamp(g.updated_at)],
                    )
                } else {
                    tx.execute(
                    "INSERT INTO goal (uid, pair_id, text, criteria, due_on, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![g.uid, pair_id, g.text, g.criteria, due,
                        timestamp(g.created_at), timestamp(g.updated_at)],
                )
                }
            },
        )?;
        // Progress rows never change once written: each is added once, by uid,
        // to the goal of this pair that carries the goal's uid.
        let goal_id: Option<i64> = tx
            .query_row(
                "SELECT id FROM goal WHERE uid = ?1 AND pair_id = ?2",
                params![g.uid, pair_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(goal_id) = goal_id else { continue };
        for p in history {
            // A uid already used here (by this step or any other row) is left alone.
            if uid_in_use(tx, &p.uid)?.is_some() || tombstoned(tx, &p.uid)? {
                report.unchanged += 1;
                continue;
            }
            tx.execute(
                "INSERT INTO goal_progress (uid, goal_id, percent, comment, noted_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![p.uid, goal_id, p.percent, p.comment, timestamp(p.noted_at)],
            )?;
            report.added(Kind::GoalProgress);
        }
    }
    for c in &b.checkins {
        upsert(
            tx,
            report,
            Incoming {
                kind: Kind::Checkin,
                uid: &c.uid,
                updated_at: &c.updated_at,
                private: true,
            },
            pair_id,
            |tx, exists| {
                // Sealed at once, for this pair, if this journal has a passphrase.
                let (trust, helped, in_the_way, note, sealed) =
                    crate::store::checkins::columns_for_import(tx, pair_id, c)
                        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                if exists {
                    tx.execute(
                    "UPDATE checkin SET trust = ?2, helped = ?3, in_the_way = ?4, note = ?5, sealed = ?6,
                         binding = ?9, checked_at = ?7, updated_at = ?8, version = version + 1 WHERE uid = ?1",
                    params![c.uid, trust, helped, in_the_way, note, sealed,
                        timestamp(c.checked_at), timestamp(c.updated_at), crate::store::binding::CURRENT],
                )
                } else {
                    tx.execute(
                    "INSERT INTO checkin (uid, pair_id, trust, helped, in_the_way, note, sealed, binding,
                         checked_at, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?11, ?8, ?9, ?10)",
                    params![c.uid, pair_id, trust, helped, in_the_way, note, sealed,
                        timestamp(c.checked_at), timestamp(c.created_at), timestamp(c.updated_at),
                        crate::store::binding::CURRENT],
                )
                }
            },
        )?;
    }
    Ok(())
}
