//! The export document made from the journal: one pair or all, private
//! entries only when asked for, and what an export without them holds back.

use chrono::{DateTime, Utc};

use super::document::{
    ActionDoc, CheckinDoc, Document, EntryDoc, ExperienceDoc, FORMAT, FORMAT_VERSION, FeedbackDoc,
    GoalDoc, ItemDoc, MeetingDoc, NoteDoc, PairDoc, ProgressDoc, StrengthDoc, TombstoneDoc,
};
use crate::domain::{CheckIn, Note, Pair};
use crate::store::{PairBundle, Tombstone};

/// The export document of `bundles` and `tombstones`, written now.
pub fn document(
    bundles: &[PairBundle],
    tombstones: &[Tombstone],
    now: DateTime<Utc>,
    includes_private: bool,
) -> Document {
    Document {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        journal_uid: None,
        exported_at: now,
        includes_private,
        pairs: bundles.iter().map(pair_doc).collect(),
        tombstones: tombstones
            .iter()
            .map(|t| TombstoneDoc {
                uid: t.uid.clone(),
                kind: t.kind.clone(),
                pair_uid: t.pair_uid.clone(),
                deleted_at: t.deleted_at,
            })
            .collect(),
    }
}

fn pair_doc(b: &PairBundle) -> PairDoc {
    let p = &b.pair;
    PairDoc {
        uid: p.uid.clone(),
        mentor_name: p.mentor_name.clone(),
        mentee_name: p.mentee_name.clone(),
        exporter_role: p.my_role,
        aliases: b.aliases.clone(),
        focus: p.focus.clone(),
        started_on: p.started_on,
        cadence_days: p.cadence_days,
        next_meeting_on: p.next_meeting_on,
        status: p.status,
        created_at: p.created_at,
        updated_at: p.updated_at,
        checklist: b
            .checklist
            .iter()
            .map(|i| ItemDoc {
                uid: i.uid.clone(),
                step: i.step,
                key: i.key.clone(),
                title: i.title.clone(),
                done_at: i.done_at,
                note: i.note.clone(),
                position: i.position,
                created_at: i.created_at,
                updated_at: i.updated_at,
                from: i.from.as_ref().map(|f| EntryDoc {
                    kind: f.kind,
                    uid: f.uid.clone(),
                }),
            })
            .collect(),
        strengths: b
            .strengths
            .iter()
            .map(|s| StrengthDoc {
                uid: s.uid.clone(),
                whose: s.whose,
                text: s.text.clone(),
                created_at: s.created_at,
                updated_at: s.updated_at,
            })
            .collect(),
        experiences: b
            .experiences
            .iter()
            .map(|e| ExperienceDoc {
                uid: e.uid.clone(),
                challenge: e.challenge.clone(),
                similar: e.similar.clone(),
                created_at: e.created_at,
                updated_at: e.updated_at,
            })
            .collect(),
        meetings: b
            .meetings
            .iter()
            .map(|m| MeetingDoc {
                uid: m.uid.clone(),
                held_at: m.held_at,
                agenda: m.agenda.clone(),
                notes: m.notes.clone(),
                next_steps: m.next_steps.clone(),
                created_at: m.created_at,
                updated_at: m.updated_at,
            })
            .collect(),
        feedback: b
            .feedback
            .iter()
            .map(|f| FeedbackDoc {
                uid: f.uid.clone(),
                direction: f.direction,
                requested: f.requested,
                body: f.body.clone(),
                situation: f.situation.clone(),
                behaviour: f.behaviour.clone(),
                impact: f.impact.clone(),
                response: f.response,
                follow_up: f.follow_up.clone(),
                given_at: f.given_at,
                created_at: f.created_at,
                updated_at: f.updated_at,
            })
            .collect(),
        notes: b
            .notes
            .iter()
            // An unopened note has nothing to send; `build` refuses before it gets here.
            .filter_map(|n| {
                let text = n.text()?;
                Some(NoteDoc {
                    uid: n.uid.clone(),
                    body: text.body.clone(),
                    private: n.is_private(),
                    tags: text.tags.clone(),
                    created_at: n.created_at,
                    updated_at: n.updated_at,
                })
            })
            .collect(),
        actions: b
            .actions
            .iter()
            .map(|a| ActionDoc {
                uid: a.uid.clone(),
                owner: a.owner,
                text: a.text.clone(),
                due_on: a.due_on,
                done_at: a.done_at,
                created_at: a.created_at,
                updated_at: a.updated_at,
            })
            .collect(),
        goals: b
            .goals
            .iter()
            .map(|(g, history)| GoalDoc {
                uid: g.uid.clone(),
                text: g.text.clone(),
                criteria: g.criteria.clone(),
                due_on: g.due_on,
                created_at: g.created_at,
                updated_at: g.updated_at,
                progress: history
                    .iter()
                    .map(|p| ProgressDoc {
                        uid: p.uid.clone(),
                        percent: p.percent,
                        comment: p.comment.clone(),
                        noted_at: p.noted_at,
                    })
                    .collect(),
            })
            .collect(),
        checkins: b
            .checkins
            .iter()
            // An unopened check-in has nothing to send; `build` refuses before it gets here.
            .filter_map(|c| {
                let text = c.text()?;
                Some(CheckinDoc {
                    uid: c.uid.clone(),
                    trust: text.trust,
                    helped: text.helped.clone(),
                    in_the_way: text.in_the_way.clone(),
                    note: text.note.clone(),
                    checked_at: c.checked_at,
                    created_at: c.created_at,
                    updated_at: c.updated_at,
                })
            })
            .collect(),
    }
}

/// The export of one pair (or all), private notes only when asked for.
pub fn build(
    store: &crate::store::Store,
    only: Option<&Pair>,
    include_private: bool,
) -> crate::store::Result<Document> {
    // Locked private entries have no text to send: refuse rather than export them empty.
    if include_private && store.has_locked_private()? {
        return Err(crate::store::StoreError::Locked);
    }
    let bundles = store.bundles(only.map(|p| p.id), include_private)?;
    // A damaged entry has no text either: say so rather than send it empty or drop it.
    let damaged = bundles.iter().any(|b| {
        b.notes.iter().any(Note::is_damaged) || b.checkins.iter().any(CheckIn::is_damaged)
    });
    if damaged {
        return Err(crate::store::StoreError::Crypto(
            "a private note or check-in is damaged and cannot be opened; delete it (`candor list PAIR notes --private` or `list PAIR checkins` names it) or export without private entries".into(),
        ));
    }
    let tombstones = store.tombstones(only.map(|p| p.uid.as_str()))?;
    let mut doc = document(&bundles, &tombstones, store.clock().now(), include_private);
    // Reading only: a journal gets its uid when it writes a JSON export.
    doc.journal_uid = store.journal_uid()?;
    Ok(doc)
}

/// Names the journal in `doc` before it is written as JSON: the journal's
/// uid, made and stored now if it has none yet (a read-only journal without
/// one leaves the export unnamed).
pub fn name_journal(store: &crate::store::Store, doc: &mut Document) -> crate::store::Result<()> {
    if doc.journal_uid.is_none() {
        doc.journal_uid = store.journal_uid_for_export()?;
    }
    Ok(())
}

/// What an export without private entries holds back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HeldBack {
    /// Private notes.
    pub notes: usize,
    /// Trust check-ins.
    pub checkins: usize,
}

/// The private entries an export of `only` (or all pairs) would hold back.
pub fn held_back(
    store: &crate::store::Store,
    only: Option<&Pair>,
) -> crate::store::Result<HeldBack> {
    Ok(HeldBack {
        notes: store.private_note_count(only.map(|p| p.id))?,
        checkins: store.checkin_count(only.map(|p| p.id))?,
    })
}
