//! One entry of a pair merged in by uid: added, updated when the incoming
//! copy is newer, or left as it is (see `rows::upsert` for what is never
//! touched). Statements are prepared once per merge, not once per row.

use rusqlite::{OptionalExtension, Transaction, params};

use super::pairs::meet_item_by_key;
use super::report::MergeReport;
use super::rows::{Incoming, tombstoned, uid_in_use, upsert};
use crate::domain::Kind;
use crate::store::{Entry, Result, datestamp, timestamp};

/// What breaks a tie between two copies changed at the same time: their
/// content, its fields joined as `rows::key_sql` joins the stored columns,
/// so every journal picks the same copy.
fn key(fields: &[&str]) -> String {
    fields.join("\u{1f}")
}

/// A shared note's content as a tie-break key (a private one is never
/// replaced, so its key is never compared).
fn note_key(n: &crate::domain::Note) -> String {
    match &n.content {
        crate::domain::NoteContent::Shared(t) => key(&[&t.body, &t.tags.join(" ")]),
        crate::domain::NoteContent::Private(_) => String::new(),
    }
}

/// Merges `entry` into pair `pair_id`.
pub(super) fn merge_entry(
    tx: &Transaction<'_>,
    entry: Entry<'_>,
    pair_id: i64,
    report: &mut MergeReport,
) -> Result<()> {
    match entry {
        Entry::Item(i) => {
            if meet_item_by_key(tx, i, pair_id, report)? {
                return Ok(());
            }
            upsert(
                tx,
                report,
                Incoming {
                    kind: Kind::ChecklistItem,
                    uid: &i.uid,
                    updated_at: &i.updated_at,
                    private: false,
                    key: key(&[
                        &i.title,
                        &i.note,
                        &i.done_at.map(timestamp).unwrap_or_default(),
                    ]),
                },
                pair_id,
                |tx, exists| {
                    if exists {
                        tx.prepare_cached(
                        "UPDATE checklist_item SET title = ?2, done_at = ?3, note = ?4, updated_at = ?5,
                             version = version + 1 WHERE uid = ?1",
                    )?
                    .execute(params![i.uid, i.title, i.done_at.map(timestamp), i.note, timestamp(i.updated_at)])
                    } else {
                        tx.prepare_cached(
                        "INSERT INTO checklist_item (uid, pair_id, step, key, title, done_at, note, position,
                             created_at, updated_at, ticked_by)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    )?
                    .execute(params![i.uid, pair_id, i.step, i.key, i.title, i.done_at.map(timestamp), i.note,
                            i.position, timestamp(i.created_at), timestamp(i.updated_at),
                            crate::template::built_in_fact(&i.key).map(crate::domain::Fact::name)])
                    }
                },
            )?;
        }
        Entry::Strength(s) => {
            upsert(
                tx,
                report,
                Incoming {
                    kind: Kind::Strength,
                    uid: &s.uid,
                    updated_at: &s.updated_at,
                    private: false,
                    key: key(&[s.whose.as_str(), &s.text]),
                },
                pair_id,
                |tx, exists| {
                    if exists {
                        tx.prepare_cached(
                        "UPDATE strength SET whose = ?2, text = ?3, updated_at = ?4, version = version + 1 WHERE uid = ?1",
                    )?
                    .execute(params![s.uid, s.whose.as_str(), s.text, timestamp(s.updated_at)])
                    } else {
                        tx.prepare_cached(
                        "INSERT INTO strength (uid, pair_id, whose, text, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    )?
                    .execute(params![s.uid, pair_id, s.whose.as_str(), s.text, timestamp(s.created_at), timestamp(s.updated_at)])
                    }
                },
            )?;
        }
        Entry::Experience(e) => {
            upsert(
                tx,
                report,
                Incoming {
                    kind: Kind::Experience,
                    uid: &e.uid,
                    updated_at: &e.updated_at,
                    private: false,
                    key: key(&[&e.challenge, &e.similar]),
                },
                pair_id,
                |tx, exists| {
                    if exists {
                        tx.prepare_cached(
                        "UPDATE experience SET challenge = ?2, similar = ?3, updated_at = ?4, version = version + 1
                         WHERE uid = ?1",
                    )?
                    .execute(params![e.uid, e.challenge, e.similar, timestamp(e.updated_at)])
                    } else {
                        tx.prepare_cached(
                        "INSERT INTO experience (uid, pair_id, challenge, similar, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    )?
                    .execute(params![e.uid, pair_id, e.challenge, e.similar, timestamp(e.created_at), timestamp(e.updated_at)])
                    }
                },
            )?;
        }
        Entry::Meeting(m) => {
            upsert(
                tx,
                report,
                Incoming {
                    kind: Kind::Meeting,
                    uid: &m.uid,
                    updated_at: &m.updated_at,
                    private: false,
                    key: key(&[&timestamp(m.held_at), &m.agenda, &m.notes, &m.next_steps]),
                },
                pair_id,
                |tx, exists| {
                    if exists {
                        tx.prepare_cached(
                        "UPDATE meeting SET held_at = ?2, agenda = ?3, notes = ?4, next_steps = ?5, updated_at = ?6,
                             version = version + 1 WHERE uid = ?1",
                    )?
                    .execute(params![m.uid, timestamp(m.held_at), m.agenda, m.notes, m.next_steps, timestamp(m.updated_at)])
                    } else {
                        tx.prepare_cached(
                        "INSERT INTO meeting (uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![m.uid, pair_id, timestamp(m.held_at), m.agenda, m.notes, m.next_steps,
                            timestamp(m.created_at), timestamp(m.updated_at)])
                    }
                },
            )?;
        }
        Entry::Feedback(f) => {
            upsert(
                tx,
                report,
                Incoming {
                    kind: Kind::Feedback,
                    uid: &f.uid,
                    updated_at: &f.updated_at,
                    private: false,
                    key: key(&[&f.body, &f.follow_up, f.response.as_str()]),
                },
                pair_id,
                |tx, exists| {
                    if exists {
                        tx.prepare_cached(
                        "UPDATE feedback SET direction = ?2, requested = ?3, body = ?4, situation = ?5, behaviour = ?6,
                             impact = ?7, response = ?8, follow_up = ?9, given_at = ?10, updated_at = ?11,
                             version = version + 1 WHERE uid = ?1",
                    )?
                    .execute(params![f.uid, f.direction.as_str(), f.requested, f.body, f.situation, f.behaviour,
                            f.impact, f.response.as_str(), f.follow_up, timestamp(f.given_at), timestamp(f.updated_at)])
                    } else {
                        tx.prepare_cached(
                        "INSERT INTO feedback (uid, pair_id, direction, requested, body, situation, behaviour, impact,
                             response, follow_up, given_at, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                    )?
                    .execute(params![f.uid, pair_id, f.direction.as_str(), f.requested, f.body, f.situation, f.behaviour,
                            f.impact, f.response.as_str(), f.follow_up, timestamp(f.given_at),
                            timestamp(f.created_at), timestamp(f.updated_at)])
                    }
                },
            )?;
        }
        Entry::Note(n) => {
            upsert(
                tx,
                report,
                Incoming {
                    kind: Kind::Note,
                    uid: &n.uid,
                    updated_at: &n.updated_at,
                    private: n.is_private(),
                    key: note_key(n),
                },
                pair_id,
                |tx, exists| {
                    // A private note arriving here is sealed at once, for
                    // this pair, if this journal has a passphrase. (An
                    // export never carries sealed text, only opened text.)
                    let to_sql = |e| rusqlite::Error::ToSqlConversionFailure(Box::new(e));
                    let text = crate::store::notes::text_to_write(n).map_err(to_sql)?;
                    let sealed = if n.is_private() {
                        crate::store::notes::sealed_for_import(
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
                        tx.prepare_cached(
                            "UPDATE note SET body = ?2, private = ?3, tags = ?4, sealed = ?5, binding = ?7,
                                 updated_at = ?6, version = version + 1 WHERE uid = ?1",
                        )?
                        .execute(params![n.uid, body, n.is_private(), tags, sealed, timestamp(n.updated_at),
                                crate::store::binding::CURRENT])
                    } else {
                        tx.prepare_cached(
                            "INSERT INTO note (uid, pair_id, body, private, tags, sealed, binding, created_at,
                                 updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?9, ?7, ?8)",
                        )?
                        .execute(params![n.uid, pair_id, body, n.is_private(), tags, sealed,
                                timestamp(n.created_at), timestamp(n.updated_at), crate::store::binding::CURRENT])
                    }
                },
            )?;
        }
        Entry::Action(a) => {
            upsert(
                tx,
                report,
                Incoming {
                    kind: Kind::Action,
                    uid: &a.uid,
                    updated_at: &a.updated_at,
                    private: false,
                    key: key(&[
                        a.owner.as_str(),
                        &a.text,
                        &a.due_on.map(datestamp).unwrap_or_default(),
                        &a.done_at.map(timestamp).unwrap_or_default(),
                    ]),
                },
                pair_id,
                |tx, exists| {
                    let due = a.due_on.map(datestamp);
                    if exists {
                        tx.prepare_cached(
                        "UPDATE action_item SET owner = ?2, text = ?3, due_on = ?4, done_at = ?5, updated_at = ?6,
                             version = version + 1 WHERE uid = ?1",
                    )?
                    .execute(params![a.uid, a.owner.as_str(), a.text, due, a.done_at.map(timestamp), timestamp(a.updated_at)])
                    } else {
                        tx.prepare_cached(
                        "INSERT INTO action_item (uid, pair_id, owner, text, due_on, done_at, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![a.uid, pair_id, a.owner.as_str(), a.text, due, a.done_at.map(timestamp),
                            timestamp(a.created_at), timestamp(a.updated_at)])
                    }
                },
            )?;
        }
        Entry::Goal(g, history) => {
            upsert(
                tx,
                report,
                Incoming {
                    kind: Kind::Goal,
                    uid: &g.uid,
                    updated_at: &g.updated_at,
                    private: false,
                    key: key(&[
                        &g.text,
                        &g.criteria,
                        &g.due_on.map(datestamp).unwrap_or_default(),
                    ]),
                },
                pair_id,
                |tx, exists| {
                    let due = g.due_on.map(datestamp);
                    if exists {
                        tx.prepare_cached(
                        "UPDATE goal SET text = ?2, criteria = ?3, due_on = ?4, updated_at = ?5,
                         version = version + 1 WHERE uid = ?1",
                    )?
                    .execute(params![g.uid, g.text, g.criteria, due, timestamp(g.updated_at)])
                    } else {
                        tx.prepare_cached(
                    "INSERT INTO goal (uid, pair_id, text, criteria, due_on, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![g.uid, pair_id, g.text, g.criteria, due,
                        timestamp(g.created_at), timestamp(g.updated_at)])
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
            let Some(goal_id) = goal_id else {
                return Ok(());
            };
            for p in history {
                // A uid already used here (by this step or any other row) is left alone.
                if uid_in_use(tx, &p.uid)?.is_some() || tombstoned(tx, &p.uid)? {
                    report.unchanged += 1;
                    continue;
                }
                tx.prepare_cached(
                "INSERT INTO goal_progress (uid, goal_id, percent, comment, noted_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(params![p.uid, goal_id, p.percent, p.comment, timestamp(p.noted_at)])?;
                report.added(Kind::GoalProgress);
                report.touch(&timestamp(p.noted_at));
            }
        }
        Entry::Checkin(c) => {
            upsert(
                tx,
                report,
                Incoming {
                    kind: Kind::Checkin,
                    uid: &c.uid,
                    updated_at: &c.updated_at,
                    private: true,
                    key: String::new(),
                },
                pair_id,
                |tx, exists| {
                    // Sealed at once, for this pair, if this journal has a passphrase.
                    let (trust, helped, in_the_way, note, sealed) =
                        crate::store::checkins::columns_for_import(tx, pair_id, c)
                            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                    if exists {
                        tx.prepare_cached(
                    "UPDATE checkin SET trust = ?2, helped = ?3, in_the_way = ?4, note = ?5, sealed = ?6,
                         binding = ?9, checked_at = ?7, updated_at = ?8, version = version + 1 WHERE uid = ?1",
                )?
                .execute(params![c.uid, trust, helped, in_the_way, note, sealed,
                        timestamp(c.checked_at), timestamp(c.updated_at), crate::store::binding::CURRENT])
                    } else {
                        tx.prepare_cached(
                    "INSERT INTO checkin (uid, pair_id, trust, helped, in_the_way, note, sealed, binding,
                         checked_at, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?11, ?8, ?9, ?10)",
                )?
                .execute(params![c.uid, pair_id, trust, helped, in_the_way, note, sealed,
                        timestamp(c.checked_at), timestamp(c.created_at), timestamp(c.updated_at),
                        crate::store::binding::CURRENT])
                    }
                },
            )?;
        }
    }
    Ok(())
}
