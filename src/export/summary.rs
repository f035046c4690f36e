//! What an export holds, counted and said in one line before anything leaves.

use super::build::HeldBack;
use super::document::Document;
use crate::domain::{Kind, Noun};

/// Notes an export carries whoever reads it.
const SHARED_NOTE: Noun = Noun::new("a", "shared note", "shared notes");
/// Notes an export carries only on purpose.
const PRIVATE_NOTE: Noun = Noun::new("a", "private note", "private notes");
/// Check-ins, which an export carries only on purpose.
const TRUST_CHECKIN: Noun = Noun::new("a", "trust check-in", "trust check-ins");

/// "1 pair, 2 meetings, …; held back: 1 private note".
pub fn summary(c: &Contents, held_back: HeldBack) -> String {
    let n = |count: usize, kind: Kind| kind.noun().count(count);
    let checklist = if c.checklist_notes > 0 {
        format!(
            "{} ({} with a note)",
            n(c.checklist_items, Kind::ChecklistItem),
            c.checklist_notes
        )
    } else {
        n(c.checklist_items, Kind::ChecklistItem)
    };
    let s = [
        n(c.pairs, Kind::Pair),
        checklist,
        n(c.strengths, Kind::Strength),
        n(c.experiences, Kind::Experience),
        n(c.meetings, Kind::Meeting),
        n(c.feedback, Kind::Feedback),
        n(c.actions, Kind::Action),
        SHARED_NOTE.count(c.shared_notes),
    ];
    let mut s = s.join(", ");
    if c.goals > 0 {
        s.push_str(&format!(", {}", n(c.goals, Kind::Goal)));
    }
    let private = |notes: usize, checkins: usize| {
        let mut parts = Vec::new();
        if notes > 0 {
            parts.push(PRIVATE_NOTE.count(notes));
        }
        if checkins > 0 {
            parts.push(TRUST_CHECKIN.count(checkins));
        }
        parts.join(" and ")
    };
    if c.private_notes + c.checkins > 0 {
        s.push_str(&format!(
            ", and {} ON PURPOSE",
            private(c.private_notes, c.checkins)
        ));
    }
    if held_back.notes + held_back.checkins > 0 {
        s.push_str(&format!(
            "; held back: {}",
            private(held_back.notes, held_back.checkins)
        ));
    }
    s
}

/// What an export of `doc` holds, for showing before anything leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Contents {
    /// Pairs.
    pub pairs: usize,
    /// Checklist items (their ticks travel).
    pub checklist_items: usize,
    /// Checklist items with a note on them.
    pub checklist_notes: usize,
    /// Strengths named.
    pub strengths: usize,
    /// Challenge ↔ experience pairs.
    pub experiences: usize,
    /// Meetings.
    pub meetings: usize,
    /// Feedback entries.
    pub feedback: usize,
    /// Action items.
    pub actions: usize,
    /// Shared notes.
    pub shared_notes: usize,
    /// Private notes included.
    pub private_notes: usize,
    /// Goals.
    pub goals: usize,
    /// Trust check-ins included.
    pub checkins: usize,
}

/// Counts what `doc` holds.
pub fn contents(doc: &Document) -> Contents {
    let mut c = Contents {
        pairs: doc.pairs.len(),
        ..Contents::default()
    };
    for p in &doc.pairs {
        c.checklist_items += p.checklist.len();
        c.checklist_notes += p.checklist.iter().filter(|i| !i.note.is_empty()).count();
        c.strengths += p.strengths.len();
        c.experiences += p.experiences.len();
        c.meetings += p.meetings.len();
        c.feedback += p.feedback.len();
        c.actions += p.actions.len();
        c.shared_notes += p.notes.iter().filter(|n| !n.private).count();
        c.private_notes += p.notes.iter().filter(|n| n.private).count();
        c.goals += p.goals.len();
        c.checkins += p.checkins.len();
    }
    c
}
