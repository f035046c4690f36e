//! A journal read out whole for an export: each pair with everything in
//! it ([`PairBundle`]), in a stable order, and the tombstones of what was
//! deleted.

use super::{Result, Store};
use crate::domain::{
    ActionItem, CheckIn, ChecklistItem, Experience, Feedback, Goal, GoalProgress, Meeting, Note,
    Pair, Strength,
};

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

/// One entry of a pair, as a merge takes it: entries arrive one at a time,
/// so an import never holds a whole file (see `Store::merger`).
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    /// A checklist item.
    Item(&'a ChecklistItem),
    /// A strength.
    Strength(&'a Strength),
    /// A challenge ↔ experience pair.
    Experience(&'a Experience),
    /// A meeting.
    Meeting(&'a Meeting),
    /// A feedback entry.
    Feedback(&'a Feedback),
    /// A note.
    Note(&'a Note),
    /// An action item.
    Action(&'a ActionItem),
    /// A goal with its progress history (oldest first).
    Goal(&'a Goal, &'a [GoalProgress]),
    /// A trust check-in.
    Checkin(&'a CheckIn),
}

impl PairBundle {
    /// A pair with its aliases and no entries yet.
    pub fn new(pair: Pair, aliases: Vec<String>) -> Self {
        Self {
            pair,
            aliases,
            checklist: Vec::new(),
            strengths: Vec::new(),
            experiences: Vec::new(),
            meetings: Vec::new(),
            feedback: Vec::new(),
            notes: Vec::new(),
            actions: Vec::new(),
            goals: Vec::new(),
            checkins: Vec::new(),
        }
    }

    /// The pair and its aliases alone, with no entries: what a merge needs
    /// to know of every pair before it reads any entry.
    pub fn header(&self) -> Self {
        Self::new(self.pair.clone(), self.aliases.clone())
    }

    /// Its entries in the order a merge takes them.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        let b = self;
        b.checklist
            .iter()
            .map(Entry::Item)
            .chain(b.strengths.iter().map(Entry::Strength))
            .chain(b.experiences.iter().map(Entry::Experience))
            .chain(b.meetings.iter().map(Entry::Meeting))
            .chain(b.feedback.iter().map(Entry::Feedback))
            .chain(b.notes.iter().map(Entry::Note))
            .chain(b.actions.iter().map(Entry::Action))
            .chain(b.goals.iter().map(|(g, h)| Entry::Goal(g, h)))
            .chain(b.checkins.iter().map(Entry::Checkin))
    }
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
}
