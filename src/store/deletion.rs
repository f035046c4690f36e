//! Deleting entries and pairs. Every deletion leaves a tombstone (uid and
//! time), so it travels in an export; the last deleted entry can be restored.

use rusqlite::{Transaction, params};

use super::{Result, Store, StoreError, datestamp, timestamp};
use crate::domain::{
    ActionItem, CheckIn, Experience, Feedback, Goal, GoalProgress, Invalid, Meeting, Note, Strength,
};

/// The kinds of entry a person edits and deletes one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A meeting.
    Meeting,
    /// A feedback entry.
    Feedback,
    /// A note.
    Note,
    /// An action item.
    Action,
    /// A strength.
    Strength,
    /// A challenge ↔ experience pair.
    Experience,
    /// A goal, with its progress.
    Goal,
    /// A trust check-in.
    Checkin,
}

impl EntryKind {
    /// Every kind, in the order the CLI lists them.
    pub const ALL: [EntryKind; 8] = [
        Self::Meeting,
        Self::Feedback,
        Self::Note,
        Self::Action,
        Self::Strength,
        Self::Experience,
        Self::Goal,
        Self::Checkin,
    ];

    /// The table holding this kind.
    pub fn table(self) -> &'static str {
        match self {
            Self::Meeting => "meeting",
            Self::Feedback => "feedback",
            Self::Note => "note",
            Self::Action => "action_item",
            Self::Strength => "strength",
            Self::Experience => "experience",
            Self::Goal => "goal",
            Self::Checkin => "checkin",
        }
    }

    /// What a person calls it, such as "action item".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Action => "action item",
            Self::Experience => "challenge and experience",
            Self::Checkin => "check-in",
            other => other.table(),
        }
    }

    /// The word for it in the CLI.
    pub fn word(self) -> &'static str {
        match self {
            Self::Action => "action",
            other => other.table(),
        }
    }
}

impl std::str::FromStr for EntryKind {
    type Err = Invalid;
    fn from_str(s: &str) -> Result<Self, Invalid> {
        let word = s.trim().to_ascii_lowercase().replace("check-in", "checkin");
        let word = word
            .strip_suffix('s')
            .filter(|w| *w != "feedback")
            .unwrap_or(&word);
        Self::ALL
            .into_iter()
            .find(|k| k.word() == word || k.table() == word)
            .ok_or(Invalid::Choice {
                what: "a kind",
                got: s.to_owned(),
                allowed: "meeting, feedback, note, action, strength, experience, goal, checkin",
            })
    }
}

/// A deleted entry, whole, so that it can be put back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deleted {
    /// A deleted meeting.
    Meeting(Meeting),
    /// A deleted feedback entry.
    Feedback(Feedback),
    /// A deleted note.
    Note(Note),
    /// A deleted action item.
    Action(ActionItem),
    /// A deleted strength.
    Strength(Strength),
    /// A deleted challenge ↔ experience pair.
    Experience(Experience),
    /// A deleted goal with its progress history.
    Goal(Goal, Vec<GoalProgress>),
    /// A deleted check-in.
    Checkin(CheckIn),
}

impl Deleted {
    /// What kind of entry it was.
    pub fn kind(&self) -> EntryKind {
        match self {
            Self::Meeting(_) => EntryKind::Meeting,
            Self::Feedback(_) => EntryKind::Feedback,
            Self::Note(_) => EntryKind::Note,
            Self::Action(_) => EntryKind::Action,
            Self::Strength(_) => EntryKind::Strength,
            Self::Experience(_) => EntryKind::Experience,
            Self::Goal(..) => EntryKind::Goal,
            Self::Checkin(_) => EntryKind::Checkin,
        }
    }
}

fn tombstone(tx: &Transaction<'_>, kind: &str, table: &str, id: i64, now: &str) -> Result<usize> {
    Ok(tx.execute(
        &format!(
            "INSERT OR REPLACE INTO tombstone (uid, kind, pair_uid, deleted_at)
             SELECT t.uid, ?2, p.uid, ?3 FROM {table} t JOIN pair p ON p.id = t.pair_id WHERE t.id = ?1"
        ),
        params![id, kind, now],
    )?)
}

impl Store {
    /// Deletes one entry of pair `pair_id`, leaving a tombstone; returns it whole for undo.
    pub fn delete_entry(&mut self, pair_id: i64, kind: EntryKind, id: i64) -> Result<Deleted> {
        let deleted = match kind {
            EntryKind::Meeting => Deleted::Meeting(self.meeting(id)?),
            EntryKind::Feedback => Deleted::Feedback(self.feedback_entry(id)?),
            EntryKind::Note => Deleted::Note(self.note(id)?),
            EntryKind::Action => Deleted::Action(self.action(id)?),
            EntryKind::Strength => Deleted::Strength(self.strength(id)?),
            EntryKind::Experience => Deleted::Experience(self.experience(id)?),
            EntryKind::Goal => Deleted::Goal(self.goal(id)?, self.goal_history(id)?),
            EntryKind::Checkin => Deleted::Checkin(self.checkin(id)?),
        };
        let owner = match &deleted {
            Deleted::Meeting(e) => e.pair_id,
            Deleted::Feedback(e) => e.pair_id,
            Deleted::Note(e) => e.pair_id,
            Deleted::Action(e) => e.pair_id,
            Deleted::Strength(e) => e.pair_id,
            Deleted::Experience(e) => e.pair_id,
            Deleted::Goal(g, _) => g.pair_id,
            Deleted::Checkin(c) => c.pair_id,
        };
        if owner != pair_id {
            return Err(StoreError::NotFound(format!(
                "there is no {} with id {id} in this pair",
                kind.word()
            )));
        }
        let now = self.now();
        let tx = self.conn.transaction()?;
        tombstone(&tx, kind.word(), kind.table(), id, &now)?;
        tx.execute(&format!("DELETE FROM {} WHERE id = ?1", kind.table()), [id])?;
        tx.commit()?;
        Ok(deleted)
    }

    /// Puts a deleted entry back with its uid and times, and removes its tombstone.
    /// Its row id may differ from before.
    pub fn restore_entry(&mut self, deleted: &Deleted) -> Result<i64> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (uid, id) = match deleted {
            Deleted::Meeting(m) => {
                tx.execute(
                    "INSERT INTO meeting (uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![m.uid, m.pair_id, timestamp(m.held_at), m.agenda, m.notes, m.next_steps,
                        timestamp(m.created_at), now, m.version + 1],
                )?;
                (&m.uid, tx.last_insert_rowid())
            }
            Deleted::Feedback(f) => {
                tx.execute(
                    "INSERT INTO feedback (uid, pair_id, direction, requested, body, situation, behaviour,
                         impact, response, follow_up, given_at, created_at, updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                    params![f.uid, f.pair_id, f.direction.as_str(), f.requested, f.body, f.situation,
                        f.behaviour, f.impact, f.response.as_str(), f.follow_up, timestamp(f.given_at),
                        timestamp(f.created_at), now, f.version + 1],
                )?;
                (&f.uid, tx.last_insert_rowid())
            }
            Deleted::Note(n) => {
                // A sealed note goes back sealed, as it was, never as clear
                // text; a private one deleted in clear is sealed if a
                // passphrase was set since.
                let (sealed, binding) = match (&n.sealed_bytes, n.private) {
                    (Some(s), _) => {
                        let (bytes, binding) =
                            super::binding::restored(self.key.as_ref(), s, &n.uid, "note")?;
                        (Some(bytes), binding)
                    }
                    (None, true) => (
                        super::notes::sealed_for_import(&tx, n.pair_id, &n.uid, &n.body, &n.tags)?,
                        super::binding::CURRENT,
                    ),
                    (None, false) => (None, super::binding::CURRENT),
                };
                let (body, tags) = match sealed {
                    Some(_) => (String::new(), String::new()),
                    None => (n.body.clone(), n.tags.join(" ")),
                };
                tx.execute(
                    "INSERT INTO note (uid, pair_id, body, private, tags, sealed, binding, created_at,
                         updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?10, ?7, ?8, ?9)",
                    params![n.uid, n.pair_id, body, n.private, tags, sealed,
                        timestamp(n.created_at), now, n.version + 1, binding],
                )?;
                (&n.uid, tx.last_insert_rowid())
            }
            Deleted::Action(a) => {
                tx.execute(
                    "INSERT INTO action_item (uid, pair_id, owner, text, due_on, done_at, created_at, updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    params![a.uid, a.pair_id, a.owner.as_str(), a.text,
                        a.due_on.map(datestamp), a.done_at.map(timestamp),
                        timestamp(a.created_at), now, a.version + 1],
                )?;
                (&a.uid, tx.last_insert_rowid())
            }
            Deleted::Strength(s) => {
                tx.execute(
                    "INSERT INTO strength (uid, pair_id, whose, text, created_at, updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![s.uid, s.pair_id, s.whose.as_str(), s.text, timestamp(s.created_at), now, s.version + 1],
                )?;
                (&s.uid, tx.last_insert_rowid())
            }
            Deleted::Experience(e) => {
                tx.execute(
                    "INSERT INTO experience (uid, pair_id, challenge, similar, created_at, updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![e.uid, e.pair_id, e.challenge, e.similar, timestamp(e.created_at), now, e.version + 1],
                )?;
                (&e.uid, tx.last_insert_rowid())
            }
            Deleted::Goal(g, history) => {
                tx.execute(
                    "INSERT INTO goal (uid, pair_id, text, criteria, due_on, created_at, updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![g.uid, g.pair_id, g.text, g.criteria,
                        g.due_on.map(datestamp),
                        timestamp(g.created_at), now, g.version + 1],
                )?;
                let goal_id = tx.last_insert_rowid();
                for p in history {
                    tx.execute(
                        "INSERT INTO goal_progress (uid, goal_id, percent, comment, noted_at, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                        params![p.uid, goal_id, p.percent, p.comment, timestamp(p.noted_at)],
                    )?;
                }
                (&g.uid, goal_id)
            }
            Deleted::Checkin(c) => {
                // A sealed check-in goes back sealed, as it was; one deleted
                // in clear is sealed if a passphrase was set since.
                let ((trust, helped, in_the_way, note, sealed), binding) = match &c.sealed_bytes {
                    Some(s) => {
                        let (bytes, binding) =
                            super::binding::restored(self.key.as_ref(), s, &c.uid, "checkin")?;
                        (
                            (
                                None,
                                String::new(),
                                String::new(),
                                String::new(),
                                Some(bytes),
                            ),
                            binding,
                        )
                    }
                    None => (
                        super::checkins::columns_for_import(&tx, c.pair_id, c)?,
                        super::binding::CURRENT,
                    ),
                };
                tx.execute(
                    "INSERT INTO checkin (uid, pair_id, trust, helped, in_the_way, note, sealed, binding,
                         checked_at, created_at, updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?12, ?8, ?9, ?10, ?11)",
                    params![c.uid, c.pair_id, trust, helped, in_the_way, note, sealed,
                        timestamp(c.checked_at), timestamp(c.created_at), now, c.version + 1, binding],
                )?;
                (&c.uid, tx.last_insert_rowid())
            }
        };
        tx.execute("DELETE FROM tombstone WHERE uid = ?1", [uid])?;
        tx.commit()?;
        Ok(id)
    }

    /// Erases pair `pair_id` and everything in it, leaving a tombstone for each row.
    pub fn delete_pair(&mut self, pair_id: i64) -> Result<()> {
        self.pair(pair_id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        for (kind, table) in [
            ("checklist_item", "checklist_item"),
            ("strength", "strength"),
            ("experience", "experience"),
            ("meeting", "meeting"),
            ("feedback", "feedback"),
            ("note", "note"),
            ("action", "action_item"),
            ("goal", "goal"),
            ("checkin", "checkin"),
        ] {
            tx.execute(
                &format!(
                    "INSERT OR REPLACE INTO tombstone (uid, kind, pair_uid, deleted_at)
                     SELECT t.uid, ?2, p.uid, ?3 FROM {table} t JOIN pair p ON p.id = t.pair_id
                     WHERE t.pair_id = ?1"
                ),
                params![pair_id, kind, now],
            )?;
        }
        tx.execute(
            "INSERT OR REPLACE INTO tombstone (uid, kind, pair_uid, deleted_at)
             SELECT uid, 'pair', uid, ?2 FROM pair WHERE id = ?1",
            params![pair_id, now],
        )?;
        tx.execute("DELETE FROM pair WHERE id = ?1", [pair_id])?;
        tx.commit()?;
        Ok(())
    }

    /// How many tombstones the journal holds.
    pub fn tombstone_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM tombstone", [], |r| r.get(0))?)
    }
}
