//! Reading a journal out whole for an export, and merging an import in by
//! uid: new rows are added, known ones updated only when the incoming copy
//! is newer, tombstones applied and kept. One transaction for the lot.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, datestamp, timestamp};
use crate::domain::{
    ActionItem, CheckIn, ChecklistItem, Experience, Feedback, Goal, GoalProgress, Meeting, Note,
    Pair, Strength,
};

/// The `journal_fact` holding the journal's uid.
const JOURNAL_UID: &str = "journal_uid";

/// A uid in its usual text form.
fn is_uid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

/// A pair with everything in it, in a stable order (creation time, then uid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairBundle {
    /// The pair; on import its `my_role` is the exporter's.
    pub pair: Pair,
    /// The other uids the pair is known by (see `pair_alias`).
    pub aliases: Vec<String>,
    /// Its first-meeting checklist.
    pub checklist: Vec<ChecklistItem>,
    /// Both people's strengths.
    pub strengths: Vec<Strength>,
    /// Challenge ↔ experience pairs.
    pub experiences: Vec<Experience>,
    /// Meetings.
    pub meetings: Vec<Meeting>,
    /// Feedback.
    pub feedback: Vec<Feedback>,
    /// Notes (private ones only when asked for).
    pub notes: Vec<Note>,
    /// Action items.
    pub actions: Vec<ActionItem>,
    /// Goals, each with its progress history (oldest first).
    pub goals: Vec<(Goal, Vec<GoalProgress>)>,
    /// Trust check-ins (only when private entries are asked for).
    pub checkins: Vec<CheckIn>,
}

/// A deleted row's uid, what it was, and when it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tombstone {
    /// The deleted row's uid.
    pub uid: String,
    /// What it was: pair, meeting, note, …
    pub kind: String,
    /// The uid of the pair it belonged to.
    pub pair_uid: Option<String>,
    /// When it was deleted.
    pub deleted_at: chrono::DateTime<chrono::Utc>,
}

/// What kind of row a uid names, as the merge counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowKind {
    /// A pair.
    Pair,
    /// A first-meeting checklist item.
    ChecklistItem,
    /// A strength.
    Strength,
    /// A challenge ↔ experience pair.
    Experience,
    /// A meeting.
    Meeting,
    /// A feedback entry.
    Feedback,
    /// A note, shared or private.
    Note,
    /// An action item.
    Action,
    /// A goal.
    Goal,
    /// One step of a goal's progress.
    Progress,
    /// A trust check-in (always private).
    Checkin,
}

impl RowKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [RowKind; 11] = [
        Self::Pair,
        Self::ChecklistItem,
        Self::Strength,
        Self::Experience,
        Self::Meeting,
        Self::Feedback,
        Self::Note,
        Self::Action,
        Self::Goal,
        Self::Progress,
        Self::Checkin,
    ];

    /// The table holding it.
    pub fn table(self) -> &'static str {
        match self {
            Self::Pair => "pair",
            Self::ChecklistItem => "checklist_item",
            Self::Strength => "strength",
            Self::Experience => "experience",
            Self::Meeting => "meeting",
            Self::Feedback => "feedback",
            Self::Note => "note",
            Self::Action => "action_item",
            Self::Goal => "goal",
            Self::Progress => "goal_progress",
            Self::Checkin => "checkin",
        }
    }

    /// The kind a tombstone names (`kind` in the export); progress has none,
    /// it goes with its goal.
    pub fn from_tombstone(word: &str) -> Option<Self> {
        Some(match word {
            "pair" => Self::Pair,
            "checklist_item" => Self::ChecklistItem,
            "strength" => Self::Strength,
            "experience" => Self::Experience,
            "meeting" => Self::Meeting,
            "feedback" => Self::Feedback,
            "note" => Self::Note,
            "action" => Self::Action,
            "goal" => Self::Goal,
            "checkin" => Self::Checkin,
            _ => return None,
        })
    }

    fn from_table(table: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.table() == table)
    }

    /// "1 note", "3 checklist items".
    pub fn count(self, n: usize) -> String {
        let (one, many) = match self {
            Self::Pair => ("pair", "pairs"),
            Self::ChecklistItem => ("checklist item", "checklist items"),
            Self::Strength => ("strength", "strengths"),
            Self::Experience => ("challenge ↔ experience", "challenges ↔ experiences"),
            Self::Meeting => ("meeting", "meetings"),
            Self::Feedback => ("feedback entry", "feedback entries"),
            Self::Note => ("note", "notes"),
            Self::Action => ("action item", "action items"),
            Self::Goal => ("goal", "goals"),
            Self::Progress => ("progress step", "progress steps"),
            Self::Checkin => ("check-in", "check-ins"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// What an import did (or, in a dry run, would do) to one kind of row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindCounts {
    /// Rows added.
    pub added: usize,
    /// Rows replaced by a newer incoming copy.
    pub updated: usize,
    /// Rows removed by an incoming tombstone.
    pub removed: usize,
}

/// A pair of this journal that an incoming pair tombstone names: it is
/// kept, and the import says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptPair {
    /// Its uid.
    pub uid: String,
    /// The mentor's name, as this journal has it.
    pub mentor_name: String,
    /// The mentee's name, as this journal has it.
    pub mentee_name: String,
    /// This journal's role in it.
    pub my_role: crate::domain::Role,
}

impl KeptPair {
    /// The other person of the pair, seen from this journal.
    pub fn partner(&self) -> &str {
        match self.my_role {
            crate::domain::Role::Mentor => &self.mentee_name,
            crate::domain::Role::Mentee => &self.mentor_name,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeReport {
    /// Rows added.
    pub added: usize,
    /// Rows replaced by a newer incoming copy.
    pub updated: usize,
    /// Rows already as new as the incoming copy, deleted here, or not the
    /// file's to change.
    pub unchanged: usize,
    /// Rows removed by an incoming tombstone.
    pub deleted: usize,
    /// The same, per kind, in the order of [`RowKind::ALL`].
    pub kinds: [KindCounts; 11],
    /// Pairs of this journal that an incoming tombstone names; each is kept.
    pub kept_pairs: Vec<KeptPair>,
    /// Private notes and check-ins that an incoming tombstone names; each is
    /// kept (private entries never travel, so no other journal deletes them).
    pub kept_private: usize,
    /// Other entries here that an incoming tombstone names although it has
    /// no right to: of a pair the file does not carry, or of another kind
    /// than the tombstone says. Each is kept.
    pub kept_outside: usize,
}

impl MergeReport {
    /// The counts of one kind.
    pub fn of(&self, kind: RowKind) -> KindCounts {
        self.kinds[kind as usize]
    }

    /// Whether the merge deletes or replaces anything that was here.
    pub fn rewrites(&self) -> bool {
        self.updated > 0 || self.deleted > 0
    }

    fn added(&mut self, kind: RowKind) {
        self.added += 1;
        self.kinds[kind as usize].added += 1;
    }

    fn updated(&mut self, kind: RowKind) {
        self.updated += 1;
        self.kinds[kind as usize].updated += 1;
    }

    fn removed(&mut self, kind: RowKind) {
        self.deleted += 1;
        self.kinds[kind as usize].removed += 1;
    }
}

/// One incoming row, as `upsert` needs it.
struct Incoming<'a> {
    kind: RowKind,
    uid: &'a str,
    updated_at: &'a chrono::DateTime<chrono::Utc>,
    /// A private note or a check-in.
    private: bool,
}

impl Store {
    /// Every pair (or the one with id `only`) with all it holds, oldest first.
    pub fn bundles(&self, only: Option<i64>, include_private: bool) -> Result<Vec<PairBundle>> {
        let mut out = Vec::new();
        for pair in self.pairs()? {
            if only.is_some_and(|id| id != pair.id) {
                continue;
            }
            let id = pair.id;
            let mut checklist = self.checklist(id)?;
            checklist
                .sort_by(|a, b| (a.step, a.position, &a.key).cmp(&(b.step, b.position, &b.key)));
            let by_time = |a: &chrono::DateTime<chrono::Utc>,
                           au: &str,
                           b: &chrono::DateTime<chrono::Utc>,
                           bu: &str| { (a, au).cmp(&(b, bu)) };
            let mut strengths = self.strengths(id)?;
            strengths.sort_by(|a, b| by_time(&a.created_at, &a.uid, &b.created_at, &b.uid));
            let mut experiences = self.experiences(id)?;
            experiences.sort_by(|a, b| by_time(&a.created_at, &a.uid, &b.created_at, &b.uid));
            let mut meetings = self.all(|p| self.meetings(id, p), Meeting::cursor)?;
            meetings.sort_by(|a, b| by_time(&a.created_at, &a.uid, &b.created_at, &b.uid));
            let mut feedback = self.all(|p| self.feedback(id, p), Feedback::cursor)?;
            feedback.sort_by(|a, b| by_time(&a.created_at, &a.uid, &b.created_at, &b.uid));
            let mut notes = self.all(|p| self.notes(id, include_private, p), Note::cursor)?;
            notes.sort_by(|a, b| by_time(&a.created_at, &a.uid, &b.created_at, &b.uid));
            let mut actions = self.all(|p| self.actions(id, p), ActionItem::cursor)?;
            actions.sort_by(|a, b| by_time(&a.created_at, &a.uid, &b.created_at, &b.uid));
            let mut goals = Vec::new();
            for g in self.all(|p| self.goals(id, p), Goal::cursor)? {
                let history = self.goal_history(g.id)?;
                goals.push((g, history));
            }
            goals.sort_by(|(a, _), (b, _)| by_time(&a.created_at, &a.uid, &b.created_at, &b.uid));
            let mut checkins = if include_private {
                self.all(|p| self.checkins(id, p), CheckIn::cursor)?
            } else {
                Vec::new()
            };
            checkins.sort_by(|a, b| by_time(&a.created_at, &a.uid, &b.created_at, &b.uid));
            let aliases = self.pair_aliases(id)?;
            out.push(PairBundle {
                pair,
                aliases,
                checklist,
                strengths,
                experiences,
                meetings,
                feedback,
                notes,
                actions,
                goals,
                checkins,
            });
        }
        Ok(out)
    }

    /// This journal's uid, if it has one yet: a journal gets one at its
    /// first export, and keeps it. Reading it never writes.
    pub fn journal_uid(&self) -> Result<Option<String>> {
        let uid: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM journal_fact WHERE name = ?1",
                [JOURNAL_UID],
                |r| r.get(0),
            )
            .optional()?;
        Ok(uid.filter(|u| is_uid(u)))
    }

    /// This journal's uid, made and stored now if it has none yet; `None`
    /// when the journal is read-only and has none.
    pub fn journal_uid_for_export(&self) -> Result<Option<String>> {
        if let Some(uid) = self.journal_uid()? {
            return Ok(Some(uid));
        }
        let made = (|| -> Result<String> {
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            // Another copy may have made one meanwhile: the first one stays.
            let uid = match self.journal_uid()? {
                Some(uid) => uid,
                None => {
                    let uid = super::new_uid();
                    tx.execute(
                        "INSERT INTO journal_fact (name, value) VALUES (?1, ?2)
                         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                        params![JOURNAL_UID, uid],
                    )?;
                    uid
                }
            };
            tx.commit()?;
            Ok(uid)
        })();
        match made {
            Ok(uid) => Ok(Some(uid)),
            Err(super::StoreError::ReadOnly) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn all<T>(
        &self,
        fetch: impl Fn(&super::Page) -> Result<Vec<T>>,
        cursor: impl Fn(&T) -> super::Cursor,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        let mut page = super::Page::first(1000);
        loop {
            let rows = fetch(&page)?;
            let full = rows.len() == page.limit;
            page.after = rows.last().map(&cursor);
            out.extend(rows);
            if !full {
                return Ok(out);
            }
        }
    }

    /// Tombstones of every pair, or of the pair with uid `pair_uid`, oldest first.
    pub fn tombstones(&self, pair_uid: Option<&str>) -> Result<Vec<Tombstone>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid, kind, pair_uid, deleted_at FROM tombstone
             WHERE ?1 IS NULL OR pair_uid = ?1 ORDER BY deleted_at, uid",
        )?;
        let rows = stmt.query_map([pair_uid], |r| {
            Ok(Tombstone {
                uid: r.get(0)?,
                kind: r.get(1)?,
                pair_uid: r.get(2)?,
                deleted_at: super::row::time(r, 3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

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
            let Some(pair_id) = merge_pair(&tx, b, here, &now, &mut report)? else {
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
                        kind: RowKind::ChecklistItem,
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
                                 created_at, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                            params![i.uid, pair_id, i.step, i.key, i.title, i.done_at.map(timestamp), i.note,
                                i.position, timestamp(i.created_at), timestamp(i.updated_at)],
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
                        kind: RowKind::Strength,
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
                        kind: RowKind::Experience,
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
                        kind: RowKind::Meeting,
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
            for f in &b.feedback {
                upsert(
                    &tx,
                    &mut report,
                    Incoming {
                        kind: RowKind::Feedback,
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
                        kind: RowKind::Note,
                        uid: &n.uid,
                        updated_at: &n.updated_at,
                        private: n.private,
                    },
                    pair_id,
                    |tx, exists| {
                        // A private note arriving here is sealed at once, for
                        // this pair, if this journal has a passphrase. (An
                        // export never carries sealed text, only opened text.)
                        let sealed = if n.private {
                            super::notes::sealed_for_import(tx, pair_id, &n.uid, &n.body, &n.tags)
                                .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?
                        } else {
                            None
                        };
                        let (body, tags) = match sealed {
                            Some(_) => (String::new(), String::new()),
                            None => (n.body.clone(), n.tags.join(" ")),
                        };
                        if exists {
                            tx.execute(
                                "UPDATE note SET body = ?2, private = ?3, tags = ?4, sealed = ?5, binding = ?7,
                                     updated_at = ?6, version = version + 1 WHERE uid = ?1",
                                params![n.uid, body, n.private, tags, sealed, timestamp(n.updated_at),
                                    super::binding::CURRENT],
                            )
                        } else {
                            tx.execute(
                                "INSERT INTO note (uid, pair_id, body, private, tags, sealed, binding, created_at,
                                     updated_at)
                                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?9, ?7, ?8)",
                                params![n.uid, pair_id, body, n.private, tags, sealed,
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
                        kind: RowKind::Action,
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
            merge_growth(&tx, b, pair_id, &mut report)?;
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

/// Merges a bundle's goals (with their progress) and check-ins.
fn merge_growth(
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
                kind: RowKind::Goal,
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
            report.added(RowKind::Progress);
        }
    }
    for c in &b.checkins {
        upsert(
            tx,
            report,
            Incoming {
                kind: RowKind::Checkin,
                uid: &c.uid,
                updated_at: &c.updated_at,
                private: true,
            },
            pair_id,
            |tx, exists| {
                // Sealed at once, for this pair, if this journal has a passphrase.
                let (trust, helped, in_the_way, note, sealed) =
                    super::checkins::columns_for_import(tx, pair_id, c)
                        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                if exists {
                    tx.execute(
                    "UPDATE checkin SET trust = ?2, helped = ?3, in_the_way = ?4, note = ?5, sealed = ?6,
                         binding = ?9, checked_at = ?7, updated_at = ?8, version = version + 1 WHERE uid = ?1",
                    params![c.uid, trust, helped, in_the_way, note, sealed,
                        timestamp(c.checked_at), timestamp(c.updated_at), super::binding::CURRENT],
                )
                } else {
                    tx.execute(
                    "INSERT INTO checkin (uid, pair_id, trust, helped, in_the_way, note, sealed, binding,
                         checked_at, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?11, ?8, ?9, ?10)",
                    params![c.uid, pair_id, trust, helped, in_the_way, note, sealed,
                        timestamp(c.checked_at), timestamp(c.created_at), timestamp(c.updated_at),
                        super::binding::CURRENT],
                )
                }
            },
        )?;
    }
    Ok(())
}

fn tombstoned(tx: &Transaction<'_>, uid: &str) -> Result<bool> {
    Ok(tx
        .query_row("SELECT 1 FROM tombstone WHERE uid = ?1", [uid], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A row of this journal found by uid, in whichever table holds it.
struct Found {
    kind: RowKind,
    /// The uid of the pair it belongs to (a pair's own uid for a pair).
    pair_uid: String,
    /// A private note or a check-in.
    private: bool,
}

/// The row of this journal with `uid`, if any, whatever its kind.
fn uid_in_use(tx: &Transaction<'_>, uid: &str) -> Result<Option<Found>> {
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
            kind: RowKind::from_table(&table)?,
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
fn upsert(
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
        RowKind::Note => "private",
        RowKind::Checkin => "1",
        _ => "0",
    };
    let local: Option<(String, i64, bool)> = tx
        .query_row(
            &format!(
                "SELECT updated_at, pair_id, {private} FROM {} WHERE uid = ?1",
                row.kind.table()
            ),
            [row.uid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    match local {
        None if uid_in_use(tx, row.uid)?.is_some() => report.unchanged += 1,
        None => {
            write(tx, false)?;
            report.added(row.kind);
        }
        // Private entries never travel: what is here stays as it is.
        Some((_, _, local_private)) if local_private || row.private => report.unchanged += 1,
        // Only a copy of the same pair's row may be replaced, and only by a newer one.
        Some((local_updated, local_pair, _))
            if local_pair == pair_id && timestamp(*row.updated_at) > local_updated =>
        {
            write(tx, true)?;
            report.updated(row.kind);
        }
        Some(_) => report.unchanged += 1,
    }
    Ok(())
}

/// Adds or updates the pair; `None` when it was deleted here, or its uid
/// names another kind of row here.
/// The pair here that a file's pair is: the one with its uid, the one that
/// has its uid as an alias, or the one that one of its aliases names.
fn resolve_pair(tx: &Transaction<'_>, uid: &str, aliases: &[String]) -> Result<Option<i64>> {
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
fn link(tx: &Transaction<'_>, uid: &str, pair_id: i64, now: &str) -> Result<()> {
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
fn meet_item_by_key(
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
    let (done, merged_note) = super::links::meet_items(&done_at, &note, theirs.as_ref(), &i.note);
    if done == done_at && merged_note == note {
        report.unchanged += 1;
    } else {
        tx.execute(
            "UPDATE checklist_item SET done_at = ?2, note = ?3, updated_at = max(updated_at, ?4),
                 version = version + 1 WHERE id = ?1",
            params![id, done, merged_note, timestamp(i.updated_at)],
        )?;
        report.updated(RowKind::ChecklistItem);
    }
    Ok(true)
}

fn merge_pair(
    tx: &Transaction<'_>,
    b: &PairBundle,
    here: Option<i64>,
    now: &str,
    report: &mut MergeReport,
) -> Result<Option<i64>> {
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
                     next_meeting_on, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![p.uid, p.mentor_name, p.mentee_name, p.my_role.other().as_str(), p.focus,
                    datestamp(p.started_on), p.cadence_days, p.next_meeting_on.map(datestamp), p.status.as_str(),
                    timestamp(p.created_at), timestamp(p.updated_at)],
            )?;
            report.added(RowKind::Pair);
            let id = tx.last_insert_rowid();
            remember(id)?;
            Ok(Some(id))
        }
        Some((id, local_updated)) => {
            remember(id)?;
            if timestamp(p.updated_at) > local_updated {
                tx.execute(
                    "UPDATE pair SET mentor_name = ?2, mentee_name = ?3, focus = ?4, started_on = ?5,
                         cadence_days = ?6, next_meeting_on = ?7, status = ?8, updated_at = ?9, version = version + 1
                     WHERE id = ?1",
                    params![id, p.mentor_name, p.mentee_name, p.focus, datestamp(p.started_on), p.cadence_days,
                        p.next_meeting_on.map(datestamp), p.status.as_str(), timestamp(p.updated_at)],
                )?;
                report.updated(RowKind::Pair);
            } else {
                report.unchanged += 1;
            }
            Ok(Some(id))
        }
    }
}

/// Applies one incoming tombstone, within what the file has a right to.
///
/// It removes the row it names only when that row is a shared entry of the
/// kind it names, in the pair it names, and the file carries that pair.
/// Then, and only then, it is kept here as a tombstone, so the row does not
/// come back with an older file. A tombstone that names nothing here is not
/// kept: kept, it could be planted to keep out a row that arrives later
/// from another file. A pair tombstone never removes a pair; the pair is
/// reported as kept.
fn apply_tombstone(
    tx: &Transaction<'_>,
    t: &Tombstone,
    carried: &HashMap<String, i64>,
    report: &mut MergeReport,
) -> Result<()> {
    // Deleted here already: nothing to do.
    if tombstoned(tx, &t.uid)? {
        report.unchanged += 1;
        return Ok(());
    }
    let named = RowKind::from_tombstone(&t.kind);
    // A partner's pair is known here by an alias: their deletion is said, never done.
    let aliased: Option<String> = if named == Some(RowKind::Pair) {
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
            kind: RowKind::Pair,
            pair_uid,
            private: false,
        },
        (None, None) => {
            report.unchanged += 1;
            return Ok(());
        }
    };
    if found.kind == RowKind::Pair && named == Some(RowKind::Pair) {
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
    if found.private {
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
        && found.kind != RowKind::Pair
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
    tx.execute(
        "INSERT INTO tombstone (uid, kind, pair_uid, deleted_at) VALUES (?1, ?2, ?3, ?4)",
        params![t.uid, t.kind, t.pair_uid, timestamp(t.deleted_at)],
    )?;
    report.removed(found.kind);
    Ok(())
}
