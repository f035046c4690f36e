//! One relationship, one pair: merging two pairs of this journal, and the
//! aliases that keep another journal's uid for a pair landing in it.
//!
//! `pair merge PAIR OTHER` moves every entry of OTHER into PAIR, uids kept;
//! OTHER's uid (and its own aliases) become aliases of PAIR, so an export
//! that still names OTHER lands in PAIR. Checklist items meet by key: a tick
//! on either side stays, the earlier time wins, and both notes are kept.
//! Sealed texts are bound to their pair, so each one moved is opened and
//! sealed again for PAIR in the same transaction: a merge needs the journal
//! unlocked when OTHER holds any.

use rusqlite::{OptionalExtension, Transaction, params};

use super::binding::{self, CURRENT};
use super::error::crypto_error;
use super::file_copy;
use super::{Result, Store, StoreError};
use crate::crypto::{self, SecretKey};
use crate::domain::{Pair, SealedText};

/// Whether merging a file's pair into `here` would swap the two names: a
/// partner's export is written from the other role than the one you hold.
pub fn would_swap_names(b: &super::PairBundle, here: &Pair) -> bool {
    b.pair.my_role == here.my_role
}

/// What a merge of two pairs did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairMerge {
    /// Entries moved (strengths, experiences, meetings, feedback, notes,
    /// action items, goals, check-ins, drafts).
    pub moved: usize,
    /// Checklist items met by key: ticks and notes combined.
    pub items_combined: usize,
    /// Sealed texts opened and sealed again for the pair they moved to.
    pub resealed: usize,
    /// The copy of the journal taken first.
    pub backup: Option<std::path::PathBuf>,
}

/// The tables whose rows belong to a pair through `pair_id` and move whole.
const MOVED: [&str; 6] = [
    "strength",
    "experience",
    "meeting",
    "feedback",
    "action_item",
    "goal",
];

/// The tables that may hold sealed texts, moved row by row.
const SEALED: [&str; 3] = ["note", "checkin", "draft"];

impl Store {
    /// The pair known by `uid`: its own, or one of its aliases.
    pub fn pair_by_uid_or_alias(&self, uid: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM pair WHERE uid = ?1
                 UNION ALL SELECT pair_id FROM pair_alias WHERE uid = ?1
                 LIMIT 1",
                [uid],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The pairs of this journal with the same two people as `mentor` and
    /// `mentee` (compared without regard to case or spacing).
    pub fn pairs_with_people(&self, mentor: &str, mentee: &str) -> Result<Vec<Pair>> {
        let norm = |s: &str| {
            s.split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (mentor, mentee) = (norm(mentor), norm(mentee));
        Ok(self
            .pairs()?
            .into_iter()
            .filter(|p| norm(&p.mentor_name) == mentor && norm(&p.mentee_name) == mentee)
            .collect())
    }

    /// The pairs of a file that are not linked here yet (neither their uid
    /// nor any alias names a pair of this journal) while a pair here has the
    /// same two people: each with that pair, for the person to decide whether
    /// it is the same relationship (`import --into`) or not (`--as-new`).
    pub fn unlinked_look_alikes<'b>(
        &self,
        bundles: &'b [super::PairBundle],
    ) -> Result<Vec<(&'b super::PairBundle, Pair)>> {
        let mut out = Vec::new();
        for b in self.unlinked(bundles)? {
            if let Some(here) = self
                .pairs_with_people(&b.pair.mentor_name, &b.pair.mentee_name)?
                .into_iter()
                .next()
            {
                out.push((b, here));
            }
        }
        Ok(out)
    }

    /// The pairs of a file not linked here yet, whatever their names.
    pub fn unlinked<'b>(
        &self,
        bundles: &'b [super::PairBundle],
    ) -> Result<Vec<&'b super::PairBundle>> {
        let mut out = Vec::new();
        for b in bundles {
            let mut known = false;
            for uid in std::iter::once(&b.pair.uid).chain(&b.aliases) {
                known |= self.pair_by_uid_or_alias(uid)?.is_some();
            }
            if !known {
                out.push(b);
            }
        }
        Ok(out)
    }

    /// The other uids pair `pair_id` is known by, oldest first.
    pub fn pair_aliases(&self, pair_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid FROM pair_alias WHERE pair_id = ?1 ORDER BY created_at, uid",
        )?;
        let rows = stmt.query_map([pair_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether pair `pair_id` holds any sealed text (a note, a check-in or a draft).
    pub fn pair_has_sealed(&self, pair_id: i64) -> Result<bool> {
        for table in SEALED {
            let found: Option<i64> = self
                .conn
                .query_row(
                    &format!(
                        "SELECT 1 FROM {table} WHERE pair_id = ?1 AND sealed IS NOT NULL LIMIT 1"
                    ),
                    [pair_id],
                    |r| r.get(0),
                )
                .optional()?;
            if found.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Moves every entry of pair `other` into pair `into` and makes `other`'s
    /// uid an alias of `into`, after a copy of the journal beside it. One
    /// transaction; refused, with nothing changed, when the two are the same
    /// pair, when you hold different roles in them (the names would swap),
    /// or when `other` holds sealed texts and the journal is locked.
    pub fn merge_pairs(&mut self, into: i64, other: i64) -> Result<PairMerge> {
        if into == other {
            return Err(StoreError::NotFound(
                "that is the same pair twice; name two different pairs".into(),
            ));
        }
        let kept = self.pair(into)?;
        let gone = self.pair(other)?;
        if kept.my_role != gone.my_role {
            return Err(StoreError::NotFound(format!(
                "you are the {} in one pair and the {} in the other, so merging them would swap the two names; nothing was merged",
                kept.my_role, gone.my_role
            )));
        }
        if self.pair_has_sealed(other)? && self.key.is_none() {
            return Err(StoreError::Locked);
        }
        let mut report = PairMerge::default();
        if let Some(db) = self.path.clone() {
            let copy =
                file_copy::automatic_copy(&self.conn, &db, "before-merge", self.clock.now())?;
            report.backup = Some(copy);
        }
        let now = self.now();
        // The key is taken out while the transaction borrows the connection, and always put back.
        let key = self.key.take();
        let result = (|| -> Result<()> {
            let tx = self.conn.transaction()?;
            report.items_combined = combine_checklists(&tx, into, other, &now)?;
            for table in MOVED {
                report.moved += tx.execute(
                    &format!("UPDATE {table} SET pair_id = ?1 WHERE pair_id = ?2"),
                    params![into, other],
                )?;
            }
            // Texts in clear move as they are; sealed ones are bound anew.
            for table in SEALED {
                let moved = tx.execute(
                    &format!(
                        "UPDATE {table} SET pair_id = ?1 WHERE pair_id = ?2 AND sealed IS NULL"
                    ),
                    params![into, other],
                )?;
                if table != "draft" {
                    report.moved += moved;
                }
            }
            if let Some(key) = &key {
                let (resealed, entries) = move_sealed(&tx, key, other, into, &kept.uid)?;
                report.resealed = resealed;
                report.moved += entries;
            }
            // Deletions made in the other pair travel with this one now.
            tx.execute(
                "UPDATE tombstone SET pair_uid = ?1 WHERE pair_uid = ?2",
                params![kept.uid, gone.uid],
            )?;
            tx.execute(
                "UPDATE pair_alias SET pair_id = ?1 WHERE pair_id = ?2",
                params![into, other],
            )?;
            tx.execute(
                "INSERT INTO pair_alias (uid, pair_id, created_at) VALUES (?1, ?2, ?3)",
                params![gone.uid, into, now],
            )?;
            // No tombstone: the pair lives on in `into`, under its alias.
            tx.execute("DELETE FROM pair WHERE id = ?1", [other])?;
            tx.execute(
                "UPDATE pair SET updated_at = ?2, version = version + 1 WHERE id = ?1",
                params![into, now],
            )?;
            tx.commit()?;
            Ok(())
        })();
        self.key = key;
        // The moved notes keep their row ids, so the in-memory index stays right.
        result?;
        Ok(report)
    }
}

/// Meets the checklists of two pairs by key: an item of `other` whose key
/// `into` has too is folded into it (ticked if either was, at the earlier
/// time; both notes kept) and removed; the others move. Returns how many met.
fn combine_checklists(tx: &Transaction<'_>, into: i64, other: i64, now: &str) -> Result<usize> {
    type Item = (i64, String, Option<String>, String);
    let items = |pair: i64| -> Result<Vec<Item>> {
        let mut stmt =
            tx.prepare("SELECT id, key, done_at, note FROM checklist_item WHERE pair_id = ?1")?;
        let rows = stmt.query_map([pair], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let mine = items(into)?;
    let mut combined = 0;
    for (id, key, done_at, note) in items(other)? {
        let Some((keep_id, _, keep_done, keep_note)) = mine.iter().find(|m| m.1 == key) else {
            tx.execute(
                "UPDATE checklist_item SET pair_id = ?1 WHERE id = ?2",
                params![into, id],
            )?;
            continue;
        };
        let (done, note) = meet_items(keep_done, keep_note, done_at.as_ref(), &note);
        tx.execute(
            "UPDATE checklist_item SET done_at = ?2, note = ?3, updated_at = ?4, version = version + 1
             WHERE id = ?1",
            params![keep_id, done, note, now],
        )?;
        tx.execute("DELETE FROM checklist_item WHERE id = ?1", [id])?;
        combined += 1;
    }
    Ok(combined)
}

/// Two checklist items of one key meeting (two journals' checklists, or
/// two pairs merged): a tick on either side stays, at the earlier time, and
/// the other's note is added to ours unless ours already holds it. Returns
/// the tick and the note.
pub(super) fn meet_items(
    ours_done: &Option<String>,
    ours_note: &str,
    theirs_done: Option<&String>,
    theirs_note: &str,
) -> (Option<String>, String) {
    let done = match (ours_done, theirs_done) {
        (Some(a), Some(b)) => Some(a.min(b).clone()),
        (a, b) => a.clone().or_else(|| b.cloned()),
    };
    let theirs = theirs_note.trim();
    let note = if theirs.is_empty() || ours_note.contains(theirs) {
        ours_note.to_owned()
    } else if ours_note.trim().is_empty() {
        theirs_note.to_owned()
    } else {
        format!("{ours_note}\n\n{theirs_note}")
    };
    (done, note)
}

/// Moves the sealed notes, check-ins and drafts of pair `from` to pair `to`
/// (uid `to_uid`), each opened and sealed again bound to `to`. A text that
/// does not open (damaged) moves as it is and stays damaged. Returns how
/// many were sealed again, and how many notes and check-ins moved.
fn move_sealed(
    tx: &Transaction<'_>,
    key: &SecretKey,
    from: i64,
    to: i64,
    to_uid: &str,
) -> Result<(usize, usize)> {
    let public = crypto::public_of(key).map_err(crypto_error)?;
    let mut resealed = 0;
    let mut entries = 0;
    for table in SEALED {
        let rows: Vec<(i64, String, Option<SealedText>)> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT id, uid, sealed, binding, (SELECT uid FROM pair WHERE pair.id = {table}.pair_id),
                     (SELECT value FROM journal_fact WHERE name = 'binding_floor')
                 FROM {table} WHERE pair_id = ?1 AND sealed IS NOT NULL"
            ))?;
            let rows = stmt.query_map([from], |r| {
                Ok((r.get(0)?, r.get(1)?, binding::sealed_text(r, 2, 3)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (id, uid, old) in rows {
            let Some(old) = old else { continue };
            if table != "draft" {
                entries += 1;
            }
            match binding::open(key, &old, &uid, table) {
                Ok(plain) => {
                    let sealed = binding::seal(&public, Some(to_uid), &uid, table, &plain)?;
                    tx.execute(
                        &format!(
                            "UPDATE {table} SET pair_id = ?2, sealed = ?3, binding = ?4 WHERE id = ?1"
                        ),
                        params![id, to, sealed, CURRENT],
                    )?;
                    resealed += 1;
                }
                Err(_) => {
                    tx.execute(
                        &format!("UPDATE {table} SET pair_id = ?2 WHERE id = ?1"),
                        params![id, to],
                    )?;
                }
            }
        }
    }
    Ok((resealed, entries))
}
