//! A mentoring pair: its sides and status, the pair itself, the pair as
//! the journal lists it (with counts of what is in it), what a new one is
//! made of, and finding one by id or name.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::validation::{Invalid, bounded_text, person_name};

word_enum!(
    /// Which side of a pair a person is on.
    Role, "a role", "mentor, mentee", {
        /// The more experienced person, who advises.
        Mentor = "mentor",
        /// The person being mentored.
        Mentee = "mentee",
    }
);

word_enum!(
    /// Whether a pair is meeting, on a break, or finished.
    PairStatus, "a status", "active, paused, closed", {
        /// Meeting regularly.
        Active = "active",
        /// On a break, expected to resume.
        Paused = "paused",
        /// The mentorship has ended.
        Closed = "closed",
    }
);

impl Role {
    /// The other side of the pair.
    pub fn other(self) -> Self {
        match self {
            Self::Mentor => Self::Mentee,
            Self::Mentee => Self::Mentor,
        }
    }
}

/// A mentoring relationship between two people, seen by one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    /// Row id, local to this database.
    pub id: i64,
    /// Stable id shared across exports.
    pub uid: String,
    /// The mentor's name.
    pub mentor_name: String,
    /// The mentee's name.
    pub mentee_name: String,
    /// Which side the journal's owner is on.
    pub my_role: Role,
    /// What the mentorship is about.
    pub focus: String,
    /// When the mentorship started.
    pub started_on: NaiveDate,
    /// Agreed days between meetings, if any.
    pub cadence_days: Option<u32>,
    /// The day of its earliest planned meeting (a meeting later than now),
    /// if any: read from the meetings, never stored with the pair.
    pub next_meeting_on: Option<NaiveDate>,
    /// Active, paused or closed.
    pub status: PairStatus,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

impl Pair {
    /// The other person's name, from the journal owner's point of view.
    pub fn partner_name(&self) -> &str {
        match self.my_role {
            Role::Mentor => &self.mentee_name,
            Role::Mentee => &self.mentor_name,
        }
    }

    /// The name of the person on `side`.
    pub fn name_of(&self, side: Role) -> &str {
        match side {
            Role::Mentor => &self.mentor_name,
            Role::Mentee => &self.mentee_name,
        }
    }
}

/// A pair as the journal lists it (the pair list, Home, `candor pair
/// list`): the pair, and counts of what is in it now, made by the store
/// when it lists pairs. A pair as imported, exported or merged is a
/// [`Pair`] alone; these counts are never stored.
///
/// As JSON the counts sit beside the pair's own fields, in one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairSummary {
    /// The pair.
    #[serde(flatten)]
    pub pair: Pair,
    /// Ticked checklist items.
    pub checklist_done: u32,
    /// All checklist items.
    pub checklist_total: u32,
    /// The most recent meeting that has taken place.
    pub last_met_at: Option<DateTime<Utc>>,
    /// The soonest meeting planned in the future.
    pub next_planned_at: Option<DateTime<Utc>>,
    /// Action items not done.
    pub open_actions: u32,
    /// Open action items past their due date.
    pub overdue_actions: u32,
}

impl PairSummary {
    /// `pair` as listed before anything of its record was read: no counts
    /// and no meeting.
    pub fn uncounted(pair: Pair) -> Self {
        Self {
            pair,
            checklist_done: 0,
            checklist_total: 0,
            last_met_at: None,
            next_planned_at: None,
            open_actions: 0,
            overdue_actions: 0,
        }
    }

    /// Days from the last meeting to `today`, if there was one.
    pub fn days_since_met(&self, today: NaiveDate, clock: &dyn crate::clock::Clock) -> Option<i64> {
        self.last_met_at
            .map(|t| (today - clock.local(t).date()).num_days())
    }

    /// The next meeting's date: the day of the earliest planned meeting.
    pub fn next_meeting(&self, clock: &dyn crate::clock::Clock) -> Option<NaiveDate> {
        self.next_planned_at.map(|t| clock.local(t).date())
    }

    /// Whether the agreed cadence has passed since the last meeting (or the
    /// start) with no meeting planned.
    pub fn is_overdue(&self, today: NaiveDate, clock: &dyn crate::clock::Clock) -> bool {
        self.meeting_due_by_cadence(today, clock)
            .is_some_and(|due| today > due)
    }

    /// The day the agreed cadence says the pair should meet by — one
    /// cadence after the last meeting (or the start) — when the pair is
    /// active, has a cadence and has no meeting planned from `today` on.
    /// Past it, the pair is overdue ([`PairSummary::is_overdue`]).
    pub fn meeting_due_by_cadence(
        &self,
        today: NaiveDate,
        clock: &dyn crate::clock::Clock,
    ) -> Option<NaiveDate> {
        let cadence = self.pair.cadence_days?;
        if self.pair.status != PairStatus::Active
            || self.next_meeting(clock).is_some_and(|d| d >= today)
        {
            return None;
        }
        let since = self
            .last_met_at
            .map_or(self.pair.started_on, |t| clock.local(t).date());
        since.checked_add_days(chrono::Days::new(u64::from(cadence)))
    }
}

/// Days between meetings a new pair agrees on unless told otherwise, on
/// the screen and on the command line alike.
pub const DEFAULT_CADENCE_DAYS: u32 = 14;

/// What a new pair is made of, validated by [`NewPair::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPair {
    /// The mentor's name.
    pub mentor_name: String,
    /// The mentee's name.
    pub mentee_name: String,
    /// Which side the journal's owner is on.
    pub my_role: Role,
    /// What the mentorship is about.
    pub focus: String,
    /// When it started.
    pub started_on: NaiveDate,
    /// Agreed days between meetings.
    pub cadence_days: Option<u32>,
}

impl NewPair {
    /// Validates the parts of a new pair.
    pub fn new(
        mentor: &str,
        mentee: &str,
        my_role: Role,
        focus: &str,
        started_on: NaiveDate,
        cadence_days: Option<u32>,
    ) -> Result<Self, Invalid> {
        Ok(Self {
            mentor_name: person_name("the mentor's name", mentor)?,
            mentee_name: person_name("the mentee's name", mentee)?,
            my_role,
            focus: bounded_text("the focus", focus.trim())?,
            started_on,
            cadence_days,
        })
    }
}

/// Why a `PAIR` argument did not name exactly one pair.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FindPair {
    /// Nothing matched.
    #[error("no pair matches '{0}'; `candor pair list` shows them")]
    None(String),
    /// Several pairs matched; each is listed as "id: mentor & mentee".
    #[error("'{spec}' matches {} pairs: {}; give the id or more of a name", .matches.len(), .matches.join("; "))]
    Ambiguous {
        /// What was given.
        spec: String,
        /// The candidates.
        matches: Vec<String>,
    },
}

/// The one pair that `spec` names: an id, or a case-insensitive part of the
/// mentor's or mentee's name that matches exactly one pair.
pub fn find_pair<'a>(pairs: &'a [Pair], spec: &str) -> Result<&'a Pair, FindPair> {
    let wanted = spec.trim();
    if let Ok(id) = wanted.parse::<i64>()
        && let Some(p) = pairs.iter().find(|p| p.id == id)
    {
        return Ok(p);
    }
    let needle = wanted.to_lowercase();
    if needle.is_empty() {
        return Err(FindPair::None(spec.to_owned()));
    }
    let found: Vec<&Pair> = pairs
        .iter()
        .filter(|p| {
            p.mentor_name.to_lowercase().contains(&needle)
                || p.mentee_name.to_lowercase().contains(&needle)
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(FindPair::None(spec.to_owned())),
        many => Err(FindPair::Ambiguous {
            spec: spec.to_owned(),
            matches: many
                .iter()
                .map(|p| format!("{}: {} & {}", p.id, p.mentor_name, p.mentee_name))
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_case_insensitively() {
        assert_eq!("Mentee".parse::<Role>(), Ok(Role::Mentee));
        assert!("boss".parse::<Role>().is_err());
    }

    fn pair() -> Pair {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        Pair {
            id: 1,
            uid: "u".into(),
            mentor_name: "Ana".into(),
            mentee_name: "Ben".into(),
            my_role: Role::Mentor,
            focus: String::new(),
            started_on: NaiveDate::from_ymd_opt(2026, 10, 2).expect("a date"),
            cadence_days: Some(14),
            next_meeting_on: None,
            status: PairStatus::Active,
            created_at: t,
            updated_at: t,
            version: 1,
        }
    }

    #[test]
    fn a_pair_holds_only_what_a_pair_is_and_its_summary_adds_the_counts_beside_it() {
        let alone = serde_json::to_string(&pair()).expect("JSON");
        assert_eq!(
            alone,
            r#"{"id":1,"uid":"u","mentor_name":"Ana","mentee_name":"Ben","my_role":"mentor","focus":"","started_on":"2026-10-02","cadence_days":14,"next_meeting_on":null,"status":"active","created_at":"1970-01-01T00:00:00Z","updated_at":"1970-01-01T00:00:00Z","version":1}"#,
            "no counts on a pair"
        );
        let summary = PairSummary {
            pair: pair(),
            checklist_done: 3,
            checklist_total: 12,
            last_met_at: None,
            next_planned_at: None,
            open_actions: 2,
            overdue_actions: 1,
        };
        // `candor pair list --json` writes one flat object per pair, the
        // counts after the pair's own fields, as it always has.
        let listed = serde_json::to_string(&summary).expect("JSON");
        assert_eq!(
            listed,
            format!(
                "{},{}}}",
                alone.trim_end_matches('}'),
                r#""checklist_done":3,"checklist_total":12,"last_met_at":null,"next_planned_at":null,"open_actions":2,"overdue_actions":1"#
            )
        );
    }

    #[test]
    fn overdue_is_counted_from_the_last_meeting_or_the_start() {
        let clock = crate::clock::FixedClock::parse("2026-11-20T10:00:00Z").expect("a time");
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("a date");
        let mut summary = PairSummary {
            pair: pair(),
            checklist_done: 0,
            checklist_total: 0,
            last_met_at: None,
            next_planned_at: None,
            open_actions: 0,
            overdue_actions: 0,
        };
        assert!(summary.is_overdue(today, &clock), "49 days since the start");
        summary.last_met_at = crate::clock::FixedClock::parse("2026-11-13T09:00:00Z").map(|c| c.0);
        assert_eq!(summary.days_since_met(today, &clock), Some(7));
        assert!(!summary.is_overdue(today, &clock));
    }

    #[test]
    fn the_cadence_says_when_to_meet_and_is_late_only_the_day_after() {
        let clock = crate::clock::FixedClock::parse("2026-11-20T10:00:00Z").expect("a time");
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("a date");
        let mut summary = PairSummary {
            pair: pair(),
            checklist_done: 0,
            checklist_total: 0,
            last_met_at: crate::clock::FixedClock::parse("2026-11-13T09:00:00Z").map(|c| c.0),
            next_planned_at: None,
            open_actions: 0,
            overdue_actions: 0,
        };
        assert_eq!(
            summary.meeting_due_by_cadence(day(20), &clock),
            Some(day(27))
        );
        assert!(
            !summary.is_overdue(day(27), &clock),
            "due that day, not late"
        );
        assert!(summary.is_overdue(day(28), &clock));
        // A meeting planned from today on: nothing is due by the cadence.
        summary.next_planned_at =
            crate::clock::FixedClock::parse("2026-11-29T09:00:00Z").map(|c| c.0);
        assert_eq!(summary.meeting_due_by_cadence(day(28), &clock), None);
        summary.next_planned_at = None;
        summary.pair.status = PairStatus::Paused;
        assert_eq!(summary.meeting_due_by_cadence(day(20), &clock), None);
        summary.pair.status = PairStatus::Active;
        summary.pair.cadence_days = None;
        assert_eq!(summary.meeting_due_by_cadence(day(20), &clock), None);
    }
}
