//! Pairs: creating one (with its checklist from the template), reading
//! them, and listing them with counts of what is in each ([`PairSummary`]).

use rusqlite::{OptionalExtension, Row, params};

use std::sync::LazyLock;

use super::{Result, Store, StoreError, checklist, datestamp, new_uid, row, timestamp};
use crate::clock::Clock;
use crate::domain::{CLOSING_TAG, Fact, Kind, NewPair, Pair, PairSummary, Role};
use crate::template::{Template, fill_names};

/// A pair's columns, with `$next` as the ninth.
macro_rules! pair_columns {
    ($next:literal) => {
        concat!(
            "p.id, p.uid, p.mentor_name, p.mentee_name, p.my_role, p.focus,
    p.started_on, p.cadence_days, ",
            $next,
            ", p.status, p.created_at, p.updated_at, p.version"
        )
    };
}

/// A pair's columns; the ninth is the time of its earliest planned meeting
/// (later than `:now`), whose local day is the pair's next meeting.
const PAIR_COLUMNS: &str = pair_columns!(
    "(SELECT min(held_at) FROM meeting m WHERE m.pair_id = p.id AND m.held_at > :now)"
);

/// [`PAIR_COLUMNS`] without the next meeting (`NULL`): the pair table alone.
const PAIR_COLUMNS_ALONE: &str = pair_columns!("NULL");

/// The pair's columns (its next planned meeting is column 8), then the
/// counts of a [`PairSummary`] (columns 13 to 17).
///
/// Open action items are counted in three ranges of the index on
/// (pair, done, due): those late, those due today or later, those without a
/// day. Each open item is stepped over once, where counting the open ones and
/// then the late ones among them stepped over the late ones twice.
static SUMMARY_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{PAIR_COLUMNS},
    (SELECT count(*) FROM checklist_item c WHERE c.pair_id = p.id AND {}),
    (SELECT count(*) FROM checklist_item c WHERE c.pair_id = p.id),
    (SELECT max(held_at) FROM meeting m WHERE m.pair_id = p.id AND m.held_at <= :now),
    (SELECT count(*) FROM action_item a
     WHERE a.pair_id = p.id AND a.done_at IS NULL AND a.due_on < :today),
    (SELECT count(*) FROM action_item a
     WHERE a.pair_id = p.id AND a.done_at IS NULL AND a.due_on >= :today)
    + (SELECT count(*) FROM action_item a
       WHERE a.pair_id = p.id AND a.done_at IS NULL AND a.due_on IS NULL)",
        *checklist::DONE_SQL
    )
});

/// [`SUMMARY_COLUMNS`] without counting the action items (0 and 0).
static SUMMARY_COLUMNS_BUT_ACTIONS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{PAIR_COLUMNS},
    (SELECT count(*) FROM checklist_item c WHERE c.pair_id = p.id AND {}),
    (SELECT count(*) FROM checklist_item c WHERE c.pair_id = p.id),
    (SELECT max(held_at) FROM meeting m WHERE m.pair_id = p.id AND m.held_at <= :now),
    0, 0",
        *checklist::DONE_SQL
    )
});

/// Changes to a pair; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairEdit {
    /// A new mentor's name.
    pub mentor_name: Option<String>,
    /// A new mentee's name.
    pub mentee_name: Option<String>,
    /// Which side the journal's owner is on now (the names stay on their
    /// sides: the mentor's name is still the mentor's).
    pub my_role: Option<Role>,
    /// A new focus.
    pub focus: Option<String>,
    /// A new start date.
    pub started_on: Option<chrono::NaiveDate>,
    /// A new cadence (`Some(None)` removes it).
    pub cadence_days: Option<Option<u32>>,
    /// The day of the next meeting: the earliest planned meeting moves to
    /// it (keeping its time of day when that is still to come), or one is
    /// planned there if none is; `Some(None)` deletes the earliest planned
    /// meeting (a deletion that can be undone). A day the next meeting is
    /// on already changes nothing.
    pub next_meeting_on: Option<Option<chrono::NaiveDate>>,
}

/// A pair from a row of [`PAIR_COLUMNS`]; its next meeting's day is that of
/// the planned meeting's time in local time.
fn pair_from_row(r: &Row<'_>, clock: &dyn Clock) -> rusqlite::Result<Pair> {
    Ok(Pair {
        id: r.get(0)?,
        uid: r.get(1)?,
        mentor_name: r.get(2)?,
        mentee_name: r.get(3)?,
        my_role: row::word(r, 4)?,
        focus: r.get(5)?,
        started_on: row::date(r, 6)?,
        cadence_days: r.get(7)?,
        next_meeting_on: row::opt_time(r, 8)?.map(|t| clock.local(t).date()),
        status: row::word(r, 9)?,
        created_at: row::time(r, 10)?,
        updated_at: row::time(r, 11)?,
        version: r.get(12)?,
    })
}

fn summary_from_row(r: &Row<'_>, clock: &dyn Clock) -> rusqlite::Result<PairSummary> {
    Ok(PairSummary {
        pair: pair_from_row(r, clock)?,
        checklist_done: r.get(13)?,
        checklist_total: r.get(14)?,
        last_met_at: row::opt_time(r, 15)?,
        next_planned_at: row::opt_time(r, 8)?,
        open_actions: r.get::<_, u32>(16)? + r.get::<_, u32>(17)?,
        overdue_actions: r.get(16)?,
    })
}

/// The pair with row id `id`, read on `conn` (a transaction's too).
fn pair_in(conn: &rusqlite::Connection, id: i64, clock: &dyn Clock) -> Result<Pair> {
    // Prepared once: a search names the pair of each of its hits.
    conn.prepare_cached(&format!(
        "SELECT {PAIR_COLUMNS} FROM pair p WHERE p.id = :id"
    ))?
    .query_row(
        rusqlite::named_params! {":id": id, ":now": timestamp(clock.now())},
        |r| pair_from_row(r, clock),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("there is no pair with id {id}")))
}

/// The `journal_fact` holding the journal owner's own name, as given for
/// their side of the pair added last.
const OWN_NAME: &str = "own_name";

impl Store {
    /// The journal owner's own name, remembered from the pair added last
    /// (their side of it), if a pair was added since candor remembers it.
    pub fn own_name(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM journal_fact WHERE name = ?1",
                [OWN_NAME],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .filter(|n| !n.trim().is_empty()))
    }

    /// Adds a pair and its first-meeting checklist from `template`, in one
    /// transaction, and remembers the name on the owner's side of it as
    /// their own name ([`Store::own_name`]).
    pub fn add_pair(&mut self, new: &NewPair, template: &Template) -> Result<Pair> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO pair (uid, mentor_name, mentee_name, my_role, focus, started_on,
                 cadence_days, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'active', ?8, ?8)",
            params![
                new_uid(),
                new.mentor_name,
                new.mentee_name,
                new.my_role.as_str(),
                new.focus,
                datestamp(new.started_on),
                new.cadence_days,
                now,
            ],
        )?;
        let pair_id = tx.last_insert_rowid();
        let own = match new.my_role {
            Role::Mentor => &new.mentor_name,
            Role::Mentee => &new.mentee_name,
        };
        tx.execute(
            "INSERT INTO journal_fact (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            params![OWN_NAME, own],
        )?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO checklist_item (uid, pair_id, step, key, title, position, ticked_by,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?;
            for step in &template.steps {
                for (position, item) in step.items.iter().enumerate() {
                    let title = fill_names(&item.title, &new.mentor_name, &new.mentee_name);
                    insert.execute(params![
                        new_uid(),
                        pair_id,
                        step.number,
                        item.key,
                        title,
                        position as i64,
                        item.ticked_by.map(Fact::name),
                        now
                    ])?;
                }
            }
        }
        tx.commit()?;
        self.pair(pair_id)
    }

    /// The pair with row id `id`.
    pub fn pair(&self, id: i64) -> Result<Pair> {
        pair_in(&self.conn, id, &*self.clock)
    }

    /// All pairs in creation order.
    pub fn pairs(&self) -> Result<Vec<Pair>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {PAIR_COLUMNS} FROM pair p ORDER BY p.id"))?;
        let clock = &*self.clock;
        let rows = stmt.query_map(
            rusqlite::named_params! {":now": timestamp(clock.now())},
            |r| pair_from_row(r, clock),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// All pairs in creation order, read from the pair table alone: their
    /// next meeting is not looked up (`next_meeting_on` is `None`). Enough
    /// to find a pair by id or name, and to list pairs whose counts are read
    /// only once they are shown: looking up each pair's next meeting reads a
    /// page of the meetings' index for each pair.
    pub fn pairs_without_next_meeting(&self) -> Result<Vec<Pair>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PAIR_COLUMNS_ALONE} FROM pair p ORDER BY p.id"
        ))?;
        let clock = &*self.clock;
        let rows = stmt.query_map([], |r| pair_from_row(r, clock))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The pairs with row ids from `first` to `last`, in creation order, each
    /// with its checklist progress, meetings and open action items counted
    /// now (see [`Store::pair_summaries`]).
    pub fn pair_summaries_between(&self, first: i64, last: i64) -> Result<Vec<PairSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {} FROM pair p WHERE p.id BETWEEN :first AND :last ORDER BY p.id",
            *SUMMARY_COLUMNS
        ))?;
        let (now, today) = self.now_and_today();
        let clock = &*self.clock;
        let rows = stmt.query_map(
            rusqlite::named_params! {":now": now, ":today": today, ":first": first, ":last": last},
            |r| summary_from_row(r, clock),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The pair with row id `id`, with its checklist progress, meetings and
    /// open action items counted now.
    pub fn pair_summary(&self, id: i64) -> Result<PairSummary> {
        let (now, today) = self.now_and_today();
        self.conn
            .query_row(
                &format!("SELECT {} FROM pair p WHERE p.id = :id", *SUMMARY_COLUMNS),
                rusqlite::named_params! {":id": id, ":now": now, ":today": today},
                |r| summary_from_row(r, &*self.clock),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("there is no pair with id {id}")))
    }

    /// All pairs in creation order, each with its checklist progress,
    /// meetings and open action items counted now.
    pub fn pair_summaries(&self) -> Result<Vec<PairSummary>> {
        self.all_summaries(&SUMMARY_COLUMNS)
    }

    /// All pairs in creation order, as [`Store::pair_summaries`] but without
    /// counting their action items (`open_actions` and `overdue_actions` are
    /// 0): for a list that does not show them, as counting them reads a few
    /// pages of the index for each pair.
    pub fn pair_summaries_but_actions(&self) -> Result<Vec<PairSummary>> {
        self.all_summaries(&SUMMARY_COLUMNS_BUT_ACTIONS)
    }

    fn all_summaries(&self, columns: &str) -> Result<Vec<PairSummary>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {columns} FROM pair p ORDER BY p.id"))?;
        let (now, today) = self.now_and_today();
        let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":now", &now)];
        if columns.contains(":today") {
            params.push((":today", &today));
        }
        let clock = &*self.clock;
        let rows = stmt.query_map(params.as_slice(), |r| summary_from_row(r, clock))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store {
    /// Sets a pair's status (active, paused, closed).
    pub fn set_pair_status(&mut self, id: i64, status: crate::domain::PairStatus) -> Result<Pair> {
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE pair SET status = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
            params![id, status.as_str(), now],
        )?;
        tx.commit()?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!(
                "there is no pair with id {id}"
            )));
        }
        self.pair(id)
    }
}

impl Store {
    /// Closes pair `id`, with its closing reflection (when one was written)
    /// kept as a shared note tagged [`CLOSING_TAG`], in one transaction.
    pub fn close_pair(&mut self, id: i64, reflection: Option<&str>) -> Result<(Pair, Option<i64>)> {
        let reflection = reflection
            .filter(|r| !r.trim().is_empty())
            .map(|r| crate::domain::bounded_text("the closing reflection", r))
            .transpose()?;
        let pair = self.pair(id)?;
        if pair.status == crate::domain::PairStatus::Closed {
            return Err(StoreError::Refused(format!(
                "the pair with {} is already closed; nothing was changed (`pair reopen` opens it again)",
                crate::text::one_line(pair.partner_name())
            )));
        }
        let now = self.now();
        let tx = self.conn.transaction()?;
        let note = match &reflection {
            Some(text) => Some(tx.query_row(
                "INSERT INTO note (uid, pair_id, body, private, tags, binding, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6, ?6) RETURNING id",
                params![new_uid(), id, text, CLOSING_TAG, super::binding::CURRENT, now],
                |r| r.get(0),
            )?),
            None => None,
        };
        tx.execute(
            "UPDATE pair SET status = 'closed', updated_at = ?2, version = version + 1 WHERE id = ?1",
            params![id, now],
        )?;
        tx.commit()?;
        Ok((self.pair(id)?, note))
    }

    /// The latest closing reflection of pair `id`, if one was written.
    pub fn closing_reflection(&self, id: i64) -> Result<Option<crate::domain::Note>> {
        self.latest_shared_note_tagged(id, CLOSING_TAG)
    }

    fn now_and_today(&self) -> (String, String) {
        (self.now(), datestamp(self.clock.today()))
    }

    /// Changes a pair's names, role, focus, start, cadence or next meeting
    /// (see [`PairEdit`]), in one transaction; with `expected_version`,
    /// refuses if another copy changed the pair meanwhile.
    pub fn edit_pair(
        &mut self,
        id: i64,
        expected_version: Option<i64>,
        edit: &PairEdit,
    ) -> Result<Pair> {
        use crate::domain::{bounded_text, person_name};
        let current = self.pair(id)?;
        let mentor = match &edit.mentor_name {
            Some(n) => person_name("the mentor's name", n)?,
            None => current.mentor_name,
        };
        let mentee = match &edit.mentee_name {
            Some(n) => person_name("the mentee's name", n)?,
            None => current.mentee_name,
        };
        let focus = match &edit.focus {
            Some(f) => bounded_text("the focus", f.trim())?,
            None => current.focus,
        };
        let role = edit.my_role.unwrap_or(current.my_role);
        let since = edit.started_on.unwrap_or(current.started_on);
        let cadence = edit.cadence_days.unwrap_or(current.cadence_days);
        let now = self.now();
        let tx = self.conn.transaction()?;
        let changed = tx.execute(
            "UPDATE pair SET mentor_name = ?3, mentee_name = ?4, my_role = ?5, focus = ?6,
                 started_on = ?7, cadence_days = ?8, updated_at = ?9, version = version + 1
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2)",
            params![
                id,
                expected_version,
                mentor,
                mentee,
                role.as_str(),
                focus,
                datestamp(since),
                cadence,
                now
            ],
        )?;
        super::check_updated(&tx, Kind::Pair, id, changed)?;
        if let Some(next) = edit.next_meeting_on {
            set_next_meeting(&tx, id, next, &*self.clock)?;
        }
        tx.commit()?;
        self.pair(id)
    }
}

/// The earliest planned meeting of pair `pair_id`: its id and time.
fn earliest_planned(
    tx: &rusqlite::Transaction<'_>,
    pair_id: i64,
    clock: &dyn Clock,
) -> Result<Option<(i64, chrono::DateTime<chrono::Utc>)>> {
    Ok(tx
        .query_row(
            "SELECT id, held_at FROM meeting WHERE pair_id = ?1 AND held_at > ?2
             ORDER BY held_at, id LIMIT 1",
            params![pair_id, timestamp(clock.now())],
            |r| Ok((r.get(0)?, row::time(r, 1)?)),
        )
        .optional()?)
}

/// Makes `next` the day of pair `pair_id`'s next meeting, as
/// [`PairEdit::next_meeting_on`] says.
fn set_next_meeting(
    tx: &rusqlite::Transaction<'_>,
    pair_id: i64,
    next: Option<chrono::NaiveDate>,
    clock: &dyn Clock,
) -> Result<()> {
    let now = timestamp(clock.now());
    match (next, earliest_planned(tx, pair_id, clock)?) {
        (Some(day), Some((_, at))) if clock.local(at).date() == day => {}
        (Some(day), Some((meeting, at))) => {
            let when = crate::domain::planned_at(day, Some(clock.local(at).time()), clock)
                .ok_or(crate::domain::Invalid::PastDay(day))?;
            tx.execute(
                "UPDATE meeting SET held_at = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1",
                params![meeting, timestamp(when), now],
            )?;
        }
        (Some(day), None) => {
            let when = crate::domain::planned_at(day, None, clock)
                .ok_or(crate::domain::Invalid::PastDay(day))?;
            plan_meeting(tx, pair_id, when, &now)?;
        }
        (None, Some((meeting, _))) => {
            super::deletion::delete_in(tx, Kind::Meeting, pair_id, meeting, &now)?;
        }
        (None, None) => {}
    }
    Ok(())
}

/// Plans a meeting of pair `pair_id` at `when`, with nothing written in it yet.
pub(super) fn plan_meeting(
    tx: &rusqlite::Transaction<'_>,
    pair_id: i64,
    when: chrono::DateTime<chrono::Utc>,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO meeting (uid, pair_id, held_at, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![new_uid(), pair_id, timestamp(when), now],
    )?;
    Ok(())
}
