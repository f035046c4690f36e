//! Meetings of a pair, held or planned, listed newest first a page at a time;
//! a meeting saved with the action items of its next steps in one transaction.

use chrono::{DateTime, Datelike, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::actions::{self, NewAction};
use super::{Cursor, Page, Result, Store, StoreError, check_updated, new_uid, row, timestamp};
use crate::domain::{self, ActionItem, Kind, Meeting, Owner, PlannedStep, StepReader, body};

/// The most action items, and the most notes, a new meeting's agenda lists.
const AGENDA_ITEMS: usize = 20;

/// The parts of a meeting a person writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    /// When it was or will be held.
    pub held_at: DateTime<Utc>,
    /// What was to be covered.
    pub agenda: String,
    /// What was said.
    pub notes: String,
    /// What each will do next.
    pub next_steps: String,
}

impl NewMeeting {
    fn validate(&self) -> Result<()> {
        body("the agenda", &self.agenda, true)?;
        body("the notes", &self.notes, true)?;
        body("the next steps", &self.next_steps, true)?;
        if [&self.agenda, &self.notes, &self.next_steps]
            .iter()
            .all(|t| t.trim().is_empty())
        {
            return Err(
                crate::domain::Invalid::Empty("a meeting's agenda, notes or next steps").into(),
            );
        }
        Ok(())
    }
}

/// The meeting a save changes, as it was when it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingEdit {
    /// Its row id.
    pub id: i64,
    /// Its version when opened; `None` saves over whatever is stored.
    pub expected_version: Option<i64>,
}

/// What [`Store::save_meeting`] wrote, all in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedMeeting {
    /// The meeting as stored.
    pub meeting: Meeting,
    /// The action items written with it, in the order given.
    pub actions: Vec<ActionItem>,
    /// The meeting being edited, when another candor changed it meanwhile:
    /// it was left as it is and this one added beside it.
    pub beside: Option<i64>,
}

const COLUMNS: &str =
    "id, uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at, version";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Meeting> {
    Ok(Meeting {
        id: r.get(0)?,
        uid: r.get(1)?,
        pair_id: r.get(2)?,
        held_at: row::time(r, 3)?,
        agenda: r.get(4)?,
        notes: r.get(5)?,
        next_steps: r.get(6)?,
        created_at: row::time(r, 7)?,
        updated_at: row::time(r, 8)?,
        version: r.get(9)?,
    })
}

impl Meeting {
    /// Where the page after this meeting starts.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            key: timestamp(self.held_at),
            id: self.id,
        }
    }
}

/// Inserts a meeting of pair `pair_id` inside `tx`; returns its row id.
fn insert(tx: &Transaction<'_>, pair_id: i64, m: &NewMeeting, now: &str) -> Result<i64> {
    Ok(tx.query_row(
        "INSERT INTO meeting (uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id",
        params![new_uid(), pair_id, timestamp(m.held_at), m.agenda, m.notes, m.next_steps, now],
        |r| r.get(0),
    )?)
}

/// Replaces meeting `edit.id`'s parts inside `tx`; a conflict if its version moved.
fn update(tx: &Transaction<'_>, edit: MeetingEdit, m: &NewMeeting, now: &str) -> Result<()> {
    let changed = tx.execute(
        "UPDATE meeting SET held_at = ?3, agenda = ?4, notes = ?5, next_steps = ?6,
             updated_at = ?7, version = version + 1
         WHERE id = ?1 AND (?2 IS NULL OR version = ?2)",
        params![
            edit.id,
            edit.expected_version,
            timestamp(m.held_at),
            m.agenda,
            m.notes,
            m.next_steps,
            now
        ],
    )?;
    check_updated(tx, Kind::Meeting, edit.id, changed)
}

impl Store {
    /// Logs (or plans, if `held_at` is in the future) a meeting of pair `pair_id`.
    pub fn add_meeting(&mut self, pair_id: i64, m: &NewMeeting) -> Result<Meeting> {
        Ok(self.save_meeting(pair_id, None, m, &[])?.meeting)
    }

    /// Saves one meeting form: a new meeting of pair `pair_id`, or the
    /// changes to `edit`, together with `actions` (the action items its next
    /// steps became), in one transaction — all of it is stored or none.
    ///
    /// When the meeting being edited was changed in another candor since it
    /// was opened, neither text is lost: theirs stays as it is, this one is
    /// added beside it (named in [`SavedMeeting::beside`]), and the action
    /// items are stored all the same, since they were asked for either way.
    pub fn save_meeting(
        &mut self,
        pair_id: i64,
        edit: Option<MeetingEdit>,
        m: &NewMeeting,
        actions: &[NewAction],
    ) -> Result<SavedMeeting> {
        m.validate()?;
        let texts = actions
            .iter()
            .map(NewAction::checked_text)
            .collect::<Result<Vec<_>>>()?;
        self.pair(pair_id)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        let (id, beside) = match edit {
            None => (insert(&tx, pair_id, m, &now)?, None),
            Some(edit) => match update(&tx, edit, m, &now) {
                Ok(()) => (edit.id, None),
                Err(StoreError::Conflict { .. }) => (insert(&tx, pair_id, m, &now)?, Some(edit.id)),
                Err(e) => return Err(e),
            },
        };
        let actions = actions
            .iter()
            .zip(&texts)
            .map(|(a, text)| actions::insert(&tx, pair_id, a.owner, text, a.due_on, &now))
            .collect::<Result<Vec<_>>>()?;
        let meeting = tx.query_row(
            &format!("SELECT {COLUMNS} FROM meeting WHERE id = ?1"),
            [id],
            from_row,
        )?;
        tx.commit()?;
        Ok(SavedMeeting {
            meeting,
            actions,
            beside,
        })
    }

    /// What the next steps of `m` become, one action item per line (see
    /// [`domain::plan_next_steps`]): each line not among `already` (the
    /// next steps the meeting held before this save), read against pair
    /// `pair_id`'s names and today; a line naming no owner is `owner`'s,
    /// one naming no date is due one cadence from today, or from the
    /// meeting when it is planned later (see [`domain::default_due`]; no
    /// due date without a cadence). Nothing is written; a step the store
    /// would refuse is refused here already.
    pub fn next_step_actions(
        &self,
        pair_id: i64,
        m: &NewMeeting,
        owner: Owner,
        already: &str,
    ) -> Result<Vec<PlannedStep>> {
        let pair = self.pair(pair_id)?;
        let today = self.clock.today();
        let due = domain::default_due(self.clock.local(m.held_at).date(), today, pair.cadence_days);
        let reader = StepReader::for_pair(&pair, today);
        let steps = domain::plan_next_steps(&m.next_steps, already, &reader, owner, due);
        for step in &steps {
            NewAction::from(step).checked_text()?;
        }
        Ok(steps)
    }

    /// A new meeting's agenda for pair `pair_id`: its open action items and
    /// its shared notes tagged `next` (see [`domain::prefilled_agenda`]).
    pub fn next_meeting_agenda(&self, pair_id: i64) -> Result<String> {
        let actions = self.actions(pair_id, &Page::first(AGENDA_ITEMS))?;
        let notes = self.shared_notes_tagged(pair_id, "next", AGENDA_ITEMS)?;
        Ok(domain::prefilled_agenda(&actions, &notes))
    }

    /// Replaces a meeting's parts; with `expected_version`, refuses if another copy changed it.
    pub fn update_meeting(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        m: &NewMeeting,
    ) -> Result<Meeting> {
        m.validate()?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        update(
            &tx,
            MeetingEdit {
                id,
                expected_version,
            },
            m,
            &now,
        )?;
        tx.commit()?;
        self.meeting(id)
    }

    /// The meeting with row id `id`.
    pub fn meeting(&self, id: i64) -> Result<Meeting> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM meeting WHERE id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no meeting with id {id}")))
    }

    /// A page of pair `pair_id`'s meetings, newest (or furthest planned) first.
    pub fn meetings(&self, pair_id: i64, page: &Page) -> Result<Vec<Meeting>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM meeting
             WHERE pair_id = ?1 AND (held_at, id) < (?2, ?3)
             ORDER BY held_at DESC, id DESC LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![pair_id, page.before_key(), page.before_id(), page.limit()],
            from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The `limit` meetings listed just before `before` (the last ones with
    /// `None`), in the list's order: newest first.
    pub fn meetings_before(
        &self,
        pair_id: i64,
        before: Option<&Cursor>,
        limit: usize,
    ) -> Result<Vec<Meeting>> {
        let (key, id) = super::after_in_stored_order(before);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM meeting
             WHERE pair_id = ?1 AND (held_at, id) > (?2, ?3)
             ORDER BY held_at, id LIMIT ?4"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![pair_id, key, id, limit], from_row)?;
        let mut rows: Vec<Meeting> = rows.collect::<rusqlite::Result<_>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// How many meetings pair `pair_id`'s list shows before the one at `at`;
    /// with `None`, how many it shows.
    pub fn meeting_position(&self, pair_id: i64, at: Option<&Cursor>) -> Result<usize> {
        self.newest_first_position("meeting", "held_at", "", pair_id, at)
    }
}

impl Store {
    /// Planned meetings (later than now) of pair `pair`, or of every pair
    /// with `None`, soonest first, at most `limit` (all with `None`); each
    /// pair's are found through its index, so the meetings held cost nothing.
    pub fn planned_meetings(
        &self,
        pair: Option<i64>,
        limit: Option<usize>,
    ) -> Result<Vec<Meeting>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM meeting
             WHERE pair_id IN (SELECT id FROM pair WHERE ?1 IS NULL OR id = ?1) AND held_at > ?2
             ORDER BY held_at, id LIMIT ?3"
        ))?;
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let rows = stmt.query_map(params![pair, self.now(), limit], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When pair `pair_id` first met: its earliest meeting held by now (the
    /// first one logged counts as the first meeting).
    pub fn first_met_at(&self, pair_id: i64) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT min(held_at) FROM meeting WHERE pair_id = ?1 AND held_at <= ?2",
            )?
            .query_row(params![pair_id, self.now()], |r| row::opt_time(r, 0))?)
    }

    /// Meetings held in each of the `weeks` calendar weeks up to `now`
    /// (weeks that begin on `week_start`, in local time), oldest week first;
    /// the last is the week of `now`, so far.
    pub fn meetings_per_week(
        &self,
        pair_id: i64,
        now: DateTime<Utc>,
        weeks: usize,
        week_start: chrono::Weekday,
    ) -> Result<Vec<u64>> {
        let week_of = |d: chrono::NaiveDate| {
            d - chrono::Days::new(u64::from(d.weekday().days_since(week_start)))
        };
        let this_week = week_of(self.clock.local(now).date());
        // A day more than the weeks asked for on either side of the time
        // zone; what falls outside them is left out below.
        let span = chrono::Duration::weeks(weeks as i64) + chrono::Duration::days(8);
        let mut stmt = self.conn.prepare_cached(
            "SELECT held_at FROM meeting WHERE pair_id = ?1 AND held_at > ?2 AND held_at <= ?3",
        )?;
        let times = stmt.query_map(
            params![pair_id, timestamp(now - span), timestamp(now)],
            |r| row::time(r, 0),
        )?;
        let mut counts = vec![0u64; weeks];
        for t in times {
            let age = (this_week - week_of(self.clock.local(t?).date())).num_days() / 7;
            if let Ok(age) = usize::try_from(age)
                && age < weeks
            {
                counts[weeks - 1 - age] += 1;
            }
        }
        Ok(counts)
    }
}
