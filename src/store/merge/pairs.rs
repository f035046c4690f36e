//! The pair here that a file's pair is (by its uid or an alias), its uids
//! kept as aliases, the pair added or updated, and a checklist item meeting
//! one of the same key.

use rusqlite::{OptionalExtension, Transaction, params};

use super::report::MergeReport;
use super::rows::{tombstoned, uid_in_use};
use crate::domain::ChecklistItem;
use crate::domain::Kind;
use crate::store::{PairBundle, Result, datestamp, timestamp};

/// The pair here that a file's pair is: the one with its uid, the one that
/// has its uid as an alias, or the one that one of its aliases names.
pub(super) fn resolve_pair(
    tx: &Transaction<'_>,
    uid: &str,
    aliases: &[String],
) -> Result<Option<i64>> {
    for uid in std::iter::once(uid).chain(aliases.iter().map(String::as_str)) {
        let found: Option<i64> = tx
            .query_row(
                "SELECT id FROM pair WHERE uid = ?1
                 UNION ALL SELECT pair_id FROM pair_alias WHERE uid = ?1
                 LIMIT 1",
                [uid],
                |r| r.get(0),
            )
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// Makes `uid` an alias of pair `pair_id`, unless it is a pair's own uid
/// here or already an alias (of this pair or, first come, another).
pub(super) fn link(tx: &Transaction<'_>, uid: &str, pair_id: i64, now: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO pair_alias (uid, pair_id, created_at)
         SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM pair WHERE uid = ?1)
         ON CONFLICT (uid) DO NOTHING",
        params![uid, pair_id, now],
    )?;
    Ok(())
}

/// A checklist item whose uid is new here but whose key the pair has
/// already (each journal made its own checklist from the template): the two
/// meet. A tick on either side stays, at the earlier time; a note not yet
/// in the local one is added to it. True when it met one.
pub(super) fn meet_item_by_key(
    tx: &Transaction<'_>,
    i: &ChecklistItem,
    pair_id: i64,
    report: &mut MergeReport,
) -> Result<bool> {
    if tombstoned(tx, &i.uid)? || uid_in_use(tx, &i.uid)?.is_some() {
        return Ok(false);
    }
    let local: Option<(i64, Option<String>, String)> = tx
        .query_row(
            "SELECT id, done_at, note FROM checklist_item WHERE pair_id = ?1 AND key = ?2",
            params![pair_id, i.key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((id, done_at, note)) = local else {
        return Ok(false);
    };
    let theirs = i.done_at.map(timestamp);
    let (done, merged_note) =
        crate::store::links::meet_items(&done_at, &note, theirs.as_ref(), &i.note);
    if done == done_at && merged_note == note {
        report.unchanged += 1;
    } else {
        tx.execute(
            "UPDATE checklist_item SET done_at = ?2, note = ?3, updated_at = max(updated_at, ?4),
                 version = version + 1 WHERE id = ?1",
            params![id, done, merged_note, timestamp(i.updated_at)],
        )?;
        report.updated(Kind::ChecklistItem);
        report.touch(&timestamp(i.updated_at));
    }
    Ok(true)
}

/// Adds or updates the pair; `None` when it was deleted here, or its uid
/// names another kind of row here. With the pair's id comes whether the
/// file's pair was taken (new here, or newer than the one here). A pair new
/// here takes the role opposite to the file's (a partner's export), or the
/// same one when the file comes from another device of the same person.
pub(super) fn merge_pair(
    tx: &Transaction<'_>,
    b: &PairBundle,
    same_person: bool,
    here: Option<i64>,
    now: &str,
    report: &mut MergeReport,
) -> Result<Option<(i64, bool)>> {
    let p = &b.pair;
    if tombstoned(tx, &p.uid)? {
        report.unchanged += 1;
        return Ok(None);
    }
    let local: Option<(i64, String)> = match here {
        Some(id) => tx
            .query_row("SELECT id, updated_at FROM pair WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?,
        None => None,
    };
    // Every uid the file knows the pair by stays linked to it here.
    let remember = |id: i64| -> Result<()> {
        for uid in std::iter::once(&p.uid).chain(&b.aliases) {
            link(tx, uid, id, now)?;
        }
        Ok(())
    };
    match local {
        None if uid_in_use(tx, &p.uid)?.is_some() => {
            report.unchanged += 1;
            Ok(None)
        }
        None => {
            tx.execute(
                "INSERT INTO pair (uid, mentor_name, mentee_name, my_role, focus, started_on, cadence_days,
                     status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![p.uid, p.mentor_name, p.mentee_name,
                    if same_person { p.my_role } else { p.my_role.other() }.as_str(), p.focus,
                    datestamp(p.started_on), p.cadence_days, p.status.as_str(),
                    timestamp(p.created_at), timestamp(p.updated_at)],
            )?;
            report.added(Kind::Pair);
            report.touch(&timestamp(p.updated_at));
            let id = tx.last_insert_rowid();
            remember(id)?;
            Ok(Some((id, true)))
        }
        Some((id, local_updated)) => {
            remember(id)?;
            if timestamp(p.updated_at) > local_updated {
                tx.execute(
                    "UPDATE pair SET mentor_name = ?2, mentee_name = ?3, focus = ?4, started_on = ?5,
                         cadence_days = ?6, status = ?7, updated_at = ?8, version = version + 1
                     WHERE id = ?1",
                    params![id, p.mentor_name, p.mentee_name, p.focus, datestamp(p.started_on), p.cadence_days,
                        p.status.as_str(), timestamp(p.updated_at)],
                )?;
                report.updated(Kind::Pair);
                report.touch(&timestamp(p.updated_at));
                Ok(Some((id, true)))
            } else {
                report.unchanged += 1;
                Ok(Some((id, false)))
            }
        }
    }
}
