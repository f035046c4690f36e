//! Reading a journal out whole for an export, and merging an import in by
//! uid: new rows are added, known ones updated only when the incoming copy
//! is newer, tombstones applied and kept. One transaction for the lot.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, datestamp, timestamp};
use crate::domain::{
    ActionItem, CheckIn, ChecklistItem, Experience, Feedback, Goal, GoalProgress, Meeting, Note,
    Pair, Strength,
};

/// A pair with everything in it, in a stable order (creation time, then uid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairBundle {
    /// The pair; on import its `my_role` is the exporter's.
    pub pair: Pair,
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

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeReport {
    /// Rows added.
    pub added: usize,
    /// Rows replaced by a newer incoming copy.
    pub updated: usize,
    /// Rows already as new as the incoming copy, or deleted here.
    pub unchanged: usize,
    /// Rows removed by an incoming tombstone.
    pub deleted: usize,
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
            out.push(PairBundle {
                pair,
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
    /// a known pair keeps the role it has.
    pub fn merge(
        &mut self,
        bundles: &[PairBundle],
        tombstones: &[Tombstone],
    ) -> Result<MergeReport> {
        let tx = self.conn.transaction()?;
        let mut report = MergeReport::default();
        for t in tombstones {
            apply_tombstone(&tx, t, &mut report)?;
        }
        for b in bundles {
            let Some(pair_id) = merge_pair(&tx, &b.pair, &mut report)? else {
                continue;
            };
            for i in &b.checklist {
                upsert(
                    &tx,
                    &mut report,
                    "checklist_item",
                    &i.uid,
                    &i.updated_at,
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
                    "strength",
                    &s.uid,
                    &s.updated_at,
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
                    "experience",
                    &e.uid,
                    &e.updated_at,
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
                    "meeting",
                    &m.uid,
                    &m.updated_at,
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
                    "feedback",
                    &f.uid,
                    &f.updated_at,
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
                    "note",
                    &n.uid,
                    &n.updated_at,
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
                    "action_item",
                    &a.uid,
                    &a.updated_at,
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
        tx.commit()?;
        Ok(report)
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
            "goal",
            &g.uid,
            &g.updated_at,
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
            let added = tx.execute(
                "INSERT INTO goal_progress (uid, goal_id, percent, comment, noted_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT (uid) DO NOTHING",
                params![p.uid, goal_id, p.percent, p.comment, timestamp(p.noted_at)],
            )?;
            if added > 0 {
                report.added += 1;
            } else {
                report.unchanged += 1;
            }
        }
    }
    for c in &b.checkins {
        upsert(
            tx,
            report,
            "checkin",
            &c.uid,
            &c.updated_at,
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

/// Adds or updates one row by uid. `write(tx, exists)` runs the INSERT or UPDATE.
fn upsert(
    tx: &Transaction<'_>,
    report: &mut MergeReport,
    table: &str,
    uid: &str,
    updated_at: &chrono::DateTime<chrono::Utc>,
    pair_id: i64,
    write: impl FnOnce(&Transaction<'_>, bool) -> rusqlite::Result<usize>,
) -> Result<()> {
    if tombstoned(tx, uid)? {
        report.unchanged += 1;
        return Ok(());
    }
    let local: Option<(String, i64)> = tx
        .query_row(
            &format!("SELECT updated_at, pair_id FROM {table} WHERE uid = ?1"),
            [uid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match local {
        None => {
            write(tx, false)?;
            report.added += 1;
        }
        // Only a copy of the same pair's row may be replaced, and only by a newer one.
        Some((local_updated, local_pair))
            if local_pair == pair_id && timestamp(*updated_at) > local_updated =>
        {
            write(tx, true)?;
            report.updated += 1;
        }
        Some(_) => report.unchanged += 1,
    }
    Ok(())
}

/// Adds or updates the pair; `None` when it was deleted here.
fn merge_pair(tx: &Transaction<'_>, p: &Pair, report: &mut MergeReport) -> Result<Option<i64>> {
    if tombstoned(tx, &p.uid)? {
        report.unchanged += 1;
        return Ok(None);
    }
    let local: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, updated_at FROM pair WHERE uid = ?1",
            [&p.uid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match local {
        None => {
            tx.execute(
                "INSERT INTO pair (uid, mentor_name, mentee_name, my_role, focus, started_on, cadence_days,
                     next_meeting_on, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![p.uid, p.mentor_name, p.mentee_name, p.my_role.other().as_str(), p.focus,
                    datestamp(p.started_on), p.cadence_days, p.next_meeting_on.map(datestamp), p.status.as_str(),
                    timestamp(p.created_at), timestamp(p.updated_at)],
            )?;
            report.added += 1;
            Ok(Some(tx.last_insert_rowid()))
        }
        Some((id, local_updated)) => {
            if timestamp(p.updated_at) > local_updated {
                tx.execute(
                    "UPDATE pair SET mentor_name = ?2, mentee_name = ?3, focus = ?4, started_on = ?5,
                         cadence_days = ?6, next_meeting_on = ?7, status = ?8, updated_at = ?9, version = version + 1
                     WHERE id = ?1",
                    params![id, p.mentor_name, p.mentee_name, p.focus, datestamp(p.started_on), p.cadence_days,
                        p.next_meeting_on.map(datestamp), p.status.as_str(), timestamp(p.updated_at)],
                )?;
                report.updated += 1;
            } else {
                report.unchanged += 1;
            }
            Ok(Some(id))
        }
    }
}

const TABLES: [&str; 11] = [
    "pair",
    "checklist_item",
    "strength",
    "experience",
    "meeting",
    "feedback",
    "note",
    "action_item",
    "goal",
    "goal_progress",
    "checkin",
];

fn apply_tombstone(tx: &Transaction<'_>, t: &Tombstone, report: &mut MergeReport) -> Result<()> {
    let mut removed = 0;
    for table in TABLES {
        removed += tx.execute(&format!("DELETE FROM {table} WHERE uid = ?1"), [&t.uid])?;
    }
    report.deleted += removed;
    let added = tx.execute(
        "INSERT INTO tombstone (uid, kind, pair_uid, deleted_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (uid) DO NOTHING",
        params![t.uid, t.kind, t.pair_uid, timestamp(t.deleted_at)],
    )?;
    if added == 0 && removed == 0 {
        report.unchanged += 1;
    }
    Ok(())
}
