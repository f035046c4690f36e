//! An incoming tombstone, applied within what the file has a right to.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::report::{KeptPair, MergeReport};
use super::rows::{Found, tombstoned, uid_in_use};
use crate::domain::Kind;
use crate::store::{Result, Tombstone, timestamp};

/// Applies one incoming tombstone, within what the file has a right to.
///
/// It removes the row it names only when that row is a shared entry of the
/// kind it names, in the pair it names, and the file carries that pair.
/// Then, and only then, it is kept here as a tombstone, so the row does not
/// come back with an older file. A tombstone that names nothing here is not
/// kept: kept, it could be planted to keep out a row that arrives later
/// from another file. Between devices of one person (`same_person`, files
/// only that person's devices can seal), it is kept when it names an entry
/// of a pair the file carries: the entry may arrive later, in a file
/// delayed by the sync tool, and must not come back. A pair tombstone
/// never removes a pair; the pair is reported as kept.
pub(super) fn apply_tombstone(
    tx: &Transaction<'_>,
    t: &Tombstone,
    carried: &HashMap<String, i64>,
    same_person: bool,
    report: &mut MergeReport,
) -> Result<()> {
    // Deleted here already: nothing to do.
    if tombstoned(tx, &t.uid)? {
        report.unchanged += 1;
        return Ok(());
    }
    let named = Kind::from_tombstone(&t.kind);
    // A partner's pair is known here by an alias: their deletion is said, never done.
    let aliased: Option<String> = if named == Some(Kind::Pair) {
        tx.query_row(
            "SELECT p.uid FROM pair_alias a JOIN pair p ON p.id = a.pair_id WHERE a.uid = ?1",
            [&t.uid],
            |r| r.get(0),
        )
        .optional()?
    } else {
        None
    };
    let found = match (uid_in_use(tx, &t.uid)?, aliased) {
        (Some(found), _) => found,
        (None, Some(pair_uid)) => Found {
            kind: Kind::Pair,
            pair_uid,
            private: false,
        },
        (None, None) => {
            let entry = named.is_some_and(|k| k != Kind::Pair);
            let pair_carried = t.pair_uid.as_ref().is_some_and(|u| carried.contains_key(u));
            if same_person && entry && pair_carried {
                keep(tx, t)?;
                report.touch(&timestamp(t.deleted_at));
            }
            report.unchanged += 1;
            return Ok(());
        }
    };
    if found.kind == Kind::Pair && named == Some(Kind::Pair) {
        let kept = tx.query_row(
            "SELECT mentor_name, mentee_name, my_role FROM pair WHERE uid = ?1",
            [&found.pair_uid],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?;
        let (mentor_name, mentee_name, role) = kept;
        report.kept_pairs.push(KeptPair {
            uid: found.pair_uid.clone(),
            mentor_name,
            mentee_name,
            my_role: role.parse().unwrap_or(crate::domain::Role::Mentor),
        });
        report.unchanged += 1;
        return Ok(());
    }
    // Between one person's devices, a private note's deletion travels too.
    if found.private && !same_person {
        report.kept_private += 1;
        report.unchanged += 1;
        return Ok(());
    }
    // The entry's pair here, and the pair here the tombstone names (by the
    // file's uid for it, which may be an alias here): one and the same, and
    // carried by the file.
    let found_pair: Option<i64> = tx
        .query_row(
            "SELECT id FROM pair WHERE uid = ?1",
            [&found.pair_uid],
            |r| r.get(0),
        )
        .optional()?;
    let named_pair = t.pair_uid.as_ref().and_then(|u| carried.get(u)).copied();
    let rightful = named == Some(found.kind)
        && found.kind != Kind::Pair
        && found_pair.is_some()
        && named_pair == found_pair;
    if !rightful {
        report.kept_outside += 1;
        report.unchanged += 1;
        return Ok(());
    }
    tx.execute(
        &format!("DELETE FROM {} WHERE uid = ?1", found.kind.table()),
        [&t.uid],
    )?;
    keep(tx, t)?;
    report.removed(found.kind);
    report.touch(&timestamp(t.deleted_at));
    Ok(())
}

/// Keeps `t` here, so what it names does not come back.
fn keep(tx: &Transaction<'_>, t: &Tombstone) -> Result<()> {
    tx.execute(
        "INSERT INTO tombstone (uid, kind, pair_uid, deleted_at) VALUES (?1, ?2, ?3, ?4)",
        params![t.uid, t.kind, t.pair_uid, timestamp(t.deleted_at)],
    )?;
    Ok(())
}
