//! Deleting entries and pairs. Every deletion leaves a tombstone (uid and
//! time), so it travels in an export; the last deleted entry can be restored.

use rusqlite::{Transaction, params};

use super::{Result, Store, StoreError, datestamp, timestamp};
use crate::domain::{
    ActionItem, CheckIn, Experience, Feedback, Goal, GoalProgress, Kind, Meeting, Note,
    NoteContent, Sealing, Strength,
};

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
    pub fn kind(&self) -> Kind {
        match self {
            Self::Meeting(_) => Kind::Meeting,
            Self::Feedback(_) => Kind::Feedback,
            Self::Note(_) => Kind::Note,
            Self::Action(_) => Kind::Action,
            Self::Strength(_) => Kind::Strength,
            Self::Experience(_) => Kind::Experience,
            Self::Goal(..) => Kind::Goal,
            Self::Checkin(_) => Kind::Checkin,
        }
    }
}

/// Leaves the tombstone of row `id` of `kind`, which goes with its pair
/// (`id` none: of every row of that kind in pair `pair_id`).
fn tombstone(
    tx: &Transaction<'_>,
    kind: Kind,
    pair_id: i64,
    id: Option<i64>,
    now: &str,
) -> Result<usize> {
    let Some(word) = kind.tombstone_word() else {
        return Ok(0);
    };
    Ok(tx.execute(
        &format!(
            "INSERT OR REPLACE INTO tombstone (uid, kind, pair_uid, deleted_at)
             SELECT t.uid, ?3, p.uid, ?4 FROM {} t JOIN pair p ON p.id = t.pair_id
             WHERE t.pair_id = ?1 AND (?2 IS NULL OR t.id = ?2)",
            kind.table()
        ),
        params![pair_id, id, word, now],
    )?)
}

impl Store {
    /// Deletes one entry of pair `pair_id`, leaving a tombstone; returns it
    /// whole for undo. Only the kinds of [`Kind::ENTRIES`] are deleted one
    /// at a time.
    pub fn delete_entry(&mut self, pair_id: i64, kind: Kind, id: i64) -> Result<Deleted> {
        let deleted = match kind {
            Kind::Meeting => Deleted::Meeting(self.meeting(id)?),
            Kind::Feedback => Deleted::Feedback(self.feedback_entry(id)?),
            Kind::Note => Deleted::Note(self.note(id)?),
            Kind::Action => Deleted::Action(self.action(id)?),
            Kind::Strength => Deleted::Strength(self.strength(id)?),
            Kind::Experience => Deleted::Experience(self.experience(id)?),
            Kind::Goal => Deleted::Goal(self.goal(id)?, self.goal_history(id)?),
            Kind::Checkin => Deleted::Checkin(self.checkin(id)?),
            Kind::Pair | Kind::ChecklistItem | Kind::GoalProgress => {
                return Err(StoreError::NotFound(format!(
                    "{} is not deleted on its own",
                    kind.noun().a()
                )));
            }
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
                kind.noun()
            )));
        }
        let now = self.now();
        let tx = self.conn.transaction()?;
        tombstone(&tx, kind, pair_id, Some(id), &now)?;
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
                let (text, sealed, binding) = match &n.content {
                    NoteContent::Shared(t) => (Some(t), None, super::binding::CURRENT),
                    NoteContent::Private(Sealing::Clear(t)) => {
                        let sealed = super::notes::sealed_for_import(
                            &tx, n.pair_id, &n.uid, &t.body, &t.tags,
                        )?;
                        let text = sealed.is_none().then_some(t);
                        (text, sealed, super::binding::CURRENT)
                    }
                    NoteContent::Private(
                        Sealing::Opened { sealed: s, .. }
                        | Sealing::Locked(s)
                        | Sealing::Damaged(s),
                    ) => {
                        let (bytes, binding) =
                            super::binding::restored(self.key.as_ref(), s, &n.uid, "note")?;
                        (None, Some(bytes), binding)
                    }
                };
                // A sealed note leaves the clear columns empty.
                let (body, tags) =
                    text.map_or_else(Default::default, |t| (t.body.clone(), t.tags.join(" ")));
                tx.execute(
                    "INSERT INTO note (uid, pair_id, body, private, tags, sealed, binding, created_at,
                         updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?10, ?7, ?8, ?9)",
                    params![n.uid, n.pair_id, body, n.is_private(), tags, sealed,
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
                let ((trust, helped, in_the_way, note, sealed), binding) = match c.sealed_text() {
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
        // Every row of the pair leaves a tombstone (progress goes with its goal).
        for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Pair) {
            tombstone(&tx, kind, pair_id, None, &now)?;
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
