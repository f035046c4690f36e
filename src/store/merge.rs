//! Merging an import in by uid: new rows are added, known ones updated
//! only when the incoming copy is newer, tombstones applied and kept. One
//! transaction for the lot. What is merged how lives in `merge/`.

mod goals_and_checkins;
mod pairs;
mod report;
mod rows;
mod tombstones;

pub use report::{KeptPair, KindCounts, MergeReport};

use std::collections::HashMap;

use rusqlite::params;

use super::{PairBundle, Result, Store, Tombstone, datestamp, timestamp};
use crate::domain::Kind;
use goals_and_checkins::merge_goals_and_checkins;
use pairs::{link, meet_item_by_key, merge_pair, resolve_pair};
use rows::{Incoming, upsert};
use tombstones::apply_tombstone;

impl Store {
    /// Merges validated bundles and tombstones in one transaction. A pair new
    /// here takes the role opposite to the exporter's (`bundle.pair.my_role`);
    /// a known pair keeps the role it has. A tombstone removes only a shared
    /// entry of the kind it names, in a pair the bundles carry; it never
    /// removes a pair, a private note or a check-in. A private note or a
    /// check-in already here is never changed.
    pub fn merge(
        &mut self,
        bundles: &[PairBundle],
        tombstones: &[Tombstone],
    ) -> Result<MergeReport> {
        Ok(self.merge_if(bundles, tombstones, |_| true)?.0)
    }

    /// What [`Store::merge`] would do, without doing it: the merge runs in a
    /// transaction that is rolled back.
    pub fn merge_plan(
        &mut self,
        bundles: &[PairBundle],
        tombstones: &[Tombstone],
    ) -> Result<MergeReport> {
        Ok(self.merge_if(bundles, tombstones, |_| false)?.0)
    }

    /// Runs the merge, then commits it only if `commit` says so on seeing
    /// its report (else rolls it back); returns the report and whether it
    /// was committed.
    pub fn merge_if(
        &mut self,
        bundles: &[PairBundle],
        tombstones: &[Tombstone],
        commit: impl FnOnce(&MergeReport) -> bool,
    ) -> Result<(MergeReport, bool)> {
        self.merge_linked_if(bundles, tombstones, &[], commit)
    }

    /// Merges for good, as `candor import` does: committed at once when
    /// nothing here would be replaced or removed, else only after a copy of
    /// the journal beside itself, whose path comes back with the report.
    pub fn import_linked(
        &mut self,
        bundles: &[PairBundle],
        tombstones: &[Tombstone],
        links: &[(String, i64)],
    ) -> Result<(MergeReport, Option<std::path::PathBuf>)> {
        let (report, committed) =
            self.merge_linked_if(bundles, tombstones, links, |r| !r.rewrites())?;
        if committed {
            return Ok((report, None));
        }
        let saved = self.backup_before_import()?;
        let report = self
            .merge_linked_if(bundles, tombstones, links, |_| true)?
            .0;
        Ok((report, saved))
    }

    /// [`Store::merge_if`], first linking each file pair uid in `links` to a
    /// pair here (`import --into`): the uid becomes an alias of that pair,
    /// in the same transaction, so the file's entries land there now and at
    /// every later import.
    pub fn merge_linked_if(
        &mut self,
        bundles: &[PairBundle],
        tombstones: &[Tombstone],
        links: &[(String, i64)],
        commit: impl FnOnce(&MergeReport) -> bool,
    ) -> Result<(MergeReport, bool)> {
        let tx = self.conn.transaction()?;
        let mut report = MergeReport::default();
        let now = timestamp(self.clock.now());
        for (uid, pair_id) in links {
            link(&tx, uid, *pair_id, &now)?;
        }
        // The pairs here this file carries, by its uids and aliases: the
        // only ones its tombstones reach.
        let mut carried: HashMap<String, i64> = HashMap::new();
        for b in bundles {
            if let Some(id) = resolve_pair(&tx, &b.pair.uid, &b.aliases)? {
                for uid in std::iter::once(&b.pair.uid).chain(&b.aliases) {
                    carried.insert(uid.clone(), id);
                }
            }
        }
        for t in tombstones {
            apply_tombstone(&tx, t, &carried, &mut report)?;
        }
        for b in bundles {
            let here = resolve_pair(&tx, &b.pair.uid, &b.aliases)?;
            let Some((pair_id, taken)) = merge_pair(&tx, b, here, &now, &mut report)? else {
                continue;
            };
            for i in &b.checklist {
                if meet_item_by_key(&tx, i, pair_id, &mut report)? {
                    continue;
                }
                upsert(
                    &tx,
                    &mut report,
                    Incoming {
                        kind: Kind::ChecklistItem,
                        uid: &i.uid,
                        updated_at: &i.updated_at,
                        private: false,
                    },
                    pair_id,
                    |tx, exists| {
                        if exists {
                            tx.execute(
                            "UPDATE checklist_item SET title = ?2, done_at = ?3, note = ?4, updated_at = ?5,
                                 version = version + 1 WHERE uid = ?1",
                            params![i.uid, i.title, i.done_at.map(timestamp), i.note, timestamp(i.updated_at)],
                        )
                        } else {
                            tx.execute(
                            "INSERT INTO checklist_item (uid, pair_id, step, key, title, done_at, note, position,
                                 created_at, updated_at, ticked_by)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                            params![i.uid, pair_id, i.step, i.key, i.title, i.done_at.map(timestamp), i.note,
                                i.position, timestamp(i.created_at), timestamp(i.updated_at),
                                crate::template::built_in_fact(&i.key).map(crate::domain::Fact::name)],
                        )
                        }
                    },
                )?;
            }
            for s in &b.strengths {
                upsert(
                    &tx,
                    &mut report,
                    Incoming {
                        kind: Kind::Strength,
                        uid: &s.uid,
                        updated_at: &s.updated_at,
                        private: false,
                    },
                    pair_id,
                    |tx, exists| {
                        if exists {
                            tx.execute(
                            "UPDATE strength SET whose = ?2, text = ?3, updated_at = ?4, version = version + 1 WHERE uid = ?1",
                            params![s.uid, s.whose.as_str(), s.text, timestamp(s.updated_at)],
                        )
                        } else {
                            tx.execute(
                            "INSERT INTO strength (uid, pair_id, whose, text, created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            params![s.uid, pair_id, s.whose.as_str(), s.text, timestamp(s.created_at), timestamp(s.updated_at)],
                        )
                        }
                    },
                )?;
            }
            for e in &b.experiences {
                upsert(
                    &tx,
                    &mut report,
                    Incoming {
                        kind: Kind::Experience,
                        uid: &e.uid,
                        updated_at: &e.updated_at,
                        private: false,
                    },
                    pair_id,
                    |tx, exists| {
                        if exists {
                            tx.execute(
                            "UPDATE experience SET challenge = ?2, similar = ?3, updated_at = ?4, version = version + 1
                             WHERE uid = ?1",
                            params![e.uid, e.challenge, e.similar, timestamp(e.updated_at)],
                        )
                        } else {
                            tx.execute(
                            "INSERT INTO experience (uid, pair_id, challenge, similar, created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            params![e.uid, pair_id, e.challenge, e.similar, timestamp(e.created_at), timestamp(e.updated_at)],
                        )
                        }
                    },
                )?;
            }
            for m in &b.meetings {
                upsert(
                    &tx,
                    &mut report,
                    Incoming {
                        kind: Kind::Meeting,
                        uid: &m.uid,
                        updated_at: &m.updated_at,
                        private: false,
                    },
                    pair_id,
                    |tx, exists| {
                        if exists {
                            tx.execute(
                            "UPDATE meeting SET held_at = ?2, agenda = ?3, notes = ?4, next_steps = ?5, updated_at = ?6,
                                 version = version + 1 WHERE uid = ?1",
                            params![m.uid, timestamp(m.held_at), m.agenda, m.notes, m.next_steps, timestamp(m.updated_at)],
                        )
                        } else {
                            tx.execute(
                            "INSERT INTO meeting (uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            params![m.uid, pair_id, timestamp(m.held_at), m.agenda, m.notes, m.next_steps,
                                timestamp(m.created_at), timestamp(m.updated_at)],
                        )
                        }
                    },
                )?;
            }
            // An export of an earlier candor names the next meeting as a day
            // of the pair's own, with no meeting on it: when the file's pair
            // is taken, a meeting is planned on that day (unless one is here).
            if taken
                && let Some(day) = b.pair.next_meeting_on
                && !b
                    .meetings
                    .iter()
                    .any(|m| self.clock.local(m.held_at).date() == day)
                && let Some(when) = crate::domain::planned_at(day, None, &*self.clock)
                && !super::migrate::meets_on(&tx, pair_id, day, &*self.clock)?
            {
                super::pairs::plan_meeting(&tx, pair_id, when, &now)?;
                report.added(Kind::Meeting);
            }
            for f in &b.feedback {
                upsert(
                    &tx,
                    &mut report,
                    Incoming {
                        kind: Kind::Feedback,
                        uid: &f.uid,
                        updated_at: &f.updated_at,
                        private: false,
                    },
                    pair_id,
                    |tx, exists| {
                        if exists {
                            tx.execute(
                            "UPDATE feedback SET direction = ?2, requested = ?3, body = ?4, situation = ?5, behaviour = ?6,
                                 impact = ?7, response = ?8, follow_up = ?9, given_at = ?10, updated_at = ?11,
                                 version = version + 1 WHERE uid = ?1",
                            params![f.uid, f.direction.as_str(), f.requested, f.body, f.situation, f.behaviour,
                                f.impact, f.response.as_str(), f.follow_up, timestamp(f.given_at), timestamp(f.updated_at)],
                        )
                        } else {
                            tx.execute(
                            "INSERT INTO feedback (uid, pair_id, direction, requested, body, situation, behaviour, impact,
                                 response, follow_up, given_at, created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                            params![f.uid, pair_id, f.direction.as_str(), f.requested, f.body, f.situation, f.behaviour,
                                f.impact, f.response.as_str(), f.follow_up, timestamp(f.given_at),
                                timestamp(f.created_at), timestamp(f.updated_at)],
                        )
                        }
                    },
                )?;
            }
            for n in &b.notes {
                upsert(
                    &tx,
                    &mut report,
                    Incoming {
                        kind: Kind::Note,
                        uid: &n.uid,
                        updated_at: &n.updated_at,
                        private: n.is_private(),
                    },
                    pair_id,
                    |tx, exists| {
                        // A private note arriving here is sealed at once, for
                        // this pair, if this journal has a passphrase. (An
                        // export never carries sealed text, only opened text.)
                        let to_sql = |e| rusqlite::Error::ToSqlConversionFailure(Box::new(e));
                        let text = super::notes::text_to_write(n).map_err(to_sql)?;
                        let sealed = if n.is_private() {
                            super::notes::sealed_for_import(
                                tx, pair_id, &n.uid, &text.body, &text.tags,
                            )
                            .map_err(to_sql)?
                        } else {
                            None
                        };
                        let (body, tags) = match sealed {
                            Some(_) => (String::new(), String::new()),
                            None => (text.body.clone(), text.tags.join(" ")),
                        };
                        if exists {
                            tx.execute(
                                "UPDATE note SET body = ?2, private = ?3, tags = ?4, sealed = ?5, binding = ?7,
                                     updated_at = ?6, version = version + 1 WHERE uid = ?1",
                                params![n.uid, body, n.is_private(), tags, sealed, timestamp(n.updated_at),
                                    super::binding::CURRENT],
                            )
                        } else {
                            tx.execute(
                                "INSERT INTO note (uid, pair_id, body, private, tags, sealed, binding, created_at,
                                     updated_at)
                                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?9, ?7, ?8)",
                                params![n.uid, pair_id, body, n.is_private(), tags, sealed,
                                    timestamp(n.created_at), timestamp(n.updated_at), super::binding::CURRENT],
                            )
                        }
                    },
                )?;
            }
            for a in &b.actions {
                upsert(
                    &tx,
                    &mut report,
                    Incoming {
                        kind: Kind::Action,
                        uid: &a.uid,
                        updated_at: &a.updated_at,
                        private: false,
                    },
                    pair_id,
                    |tx, exists| {
                        let due = a.due_on.map(datestamp);
                        if exists {
                            tx.execute(
                            "UPDATE action_item SET owner = ?2, text = ?3, due_on = ?4, done_at = ?5, updated_at = ?6,
                                 version = version + 1 WHERE uid = ?1",
                            params![a.uid, a.owner.as_str(), a.text, due, a.done_at.map(timestamp), timestamp(a.updated_at)],
                        )
                        } else {
                            tx.execute(
                            "INSERT INTO action_item (uid, pair_id, owner, text, due_on, done_at, created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                            params![a.uid, pair_id, a.owner.as_str(), a.text, due, a.done_at.map(timestamp),
                                timestamp(a.created_at), timestamp(a.updated_at)],
                        )
                        }
                    },
                )?;
            }
            merge_goals_and_checkins(&tx, b, pair_id, &mut report)?;
        }
        let committed = commit(&report);
        if committed {
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        Ok((report, committed))
    }
}
