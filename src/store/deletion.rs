//! Deleting entries and pairs. Every deletion leaves a tombstone (uid and
//! time), so it travels in an export; the last deleted entry is kept in the
//! journal so that it can be restored (see `undo.rs`).

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError};
use crate::domain::{
    ActionItem, CheckIn, Experience, Feedback, Goal, GoalProgress, Kind, Meeting, Note, Strength,
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

/// Deletes row `id` of `kind` of pair `pair_id` inside `tx`: leaves its
/// tombstone and keeps it whole as the deletion undo brings back.
pub(super) fn delete_in(
    tx: &Transaction<'_>,
    kind: Kind,
    pair_id: i64,
    id: i64,
    now: &str,
) -> Result<()> {
    tombstone(tx, kind, pair_id, Some(id), now)?;
    super::undo::keep(tx, kind, pair_id, id, now)?;
    tx.execute(&format!("DELETE FROM {} WHERE id = ?1", kind.table()), [id])?;
    Ok(())
}

impl Store {
    /// Deletes one entry of pair `pair_id`, leaving a tombstone and keeping
    /// it for undo ([`Store::undo_deletion`]); returns it as it was. Only the kinds of [`Kind::ENTRIES`] are deleted one
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
        delete_in(&tx, kind, pair_id, id, &now)?;
        tx.commit()?;
        Ok(deleted)
    }

    /// Whether pair `pair_id` holds entry `id` of `kind` (one of
    /// [`Kind::ENTRIES`]), so it can be deleted: asked before asking a person.
    pub fn check_entry(&self, pair_id: i64, kind: Kind, id: i64) -> Result<()> {
        if !kind.is_entry() {
            return Err(StoreError::NotFound(format!(
                "{} is not deleted on its own",
                kind.noun().a()
            )));
        }
        let owner: Option<i64> = self
            .conn
            .query_row(
                &format!("SELECT pair_id FROM {} WHERE id = ?1", kind.table()),
                [id],
                |r| r.get(0),
            )
            .optional()?;
        match owner {
            Some(p) if p == pair_id => Ok(()),
            Some(_) => Err(StoreError::NotFound(format!(
                "there is no {} with id {id} in this pair",
                kind.noun()
            ))),
            None => Err(StoreError::NotFound(format!(
                "there is no {} with id {id}",
                kind.noun()
            ))),
        }
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
        // Erasing a pair cannot be undone, and an undo after it would bring
        // back something older than the last deletion: it is forgotten.
        super::undo::forget(&tx)?;
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
