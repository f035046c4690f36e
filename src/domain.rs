//! Plain types of the journal and their validation; no I/O here.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A value the user gave that the journal cannot take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    /// A required text was empty or only whitespace.
    #[error("{0} must not be empty")]
    Empty(&'static str),
    /// A date was not `YYYY-MM-DD`.
    #[error("'{0}' is not a date; use YYYY-MM-DD, for example 2026-10-02")]
    Date(String),
    /// A time was not `YYYY-MM-DD HH:MM` or RFC 3339.
    #[error("'{0}' is not a time; use YYYY-MM-DD HH:MM (local time), YYYY-MM-DD, or RFC 3339")]
    DateTime(String),
    /// A number was out of range.
    #[error("{what} must be between {min} and {max}, not {got}")]
    Range {
        /// What the number is.
        what: &'static str,
        /// The smallest allowed value.
        min: i64,
        /// The largest allowed value.
        max: i64,
        /// What was given.
        got: i64,
    },
    /// A word was not one of the allowed ones.
    #[error("'{got}' is not a {what}; use one of: {allowed}")]
    Choice {
        /// What the word names.
        what: &'static str,
        /// What was given.
        got: String,
        /// The allowed words, comma-separated.
        allowed: &'static str,
    },
    /// A text held a NUL character, which SQLite's text functions stop at.
    #[error("{0} must not contain a NUL character")]
    Nul(&'static str),
    /// A text was longer than the journal stores.
    #[error("{what} is {got} bytes; the most the journal stores is {max} bytes")]
    TooLong {
        /// What the text is.
        what: &'static str,
        /// Its length in bytes.
        got: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// Something that must be unique came twice, such as a checklist key in one pair.
    #[error("{what} '{got}' comes twice")]
    Twice {
        /// What it is.
        what: &'static str,
        /// The value.
        got: String,
    },
    /// A new passphrase was shorter than [`MIN_PASSPHRASE_CHARS`].
    #[error("a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; this one has fewer")]
    ShortPassphrase,
}

/// Longest text stored in one field (10 MB).
pub const MAX_TEXT_BYTES: usize = 10 * 1024 * 1024;

/// Longest name of a person.
pub const MAX_NAME_CHARS: usize = 200;

/// The fewest characters a new passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Refuses a new passphrase of fewer than [`MIN_PASSPHRASE_CHARS`]
/// characters (counted as `char`s, so "naïve" is five). Spaces count: a
/// passphrase is taken exactly as typed.
pub fn new_passphrase(p: &str) -> Result<(), Invalid> {
    if p.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Invalid::ShortPassphrase);
    }
    Ok(())
}

/// Trims `s` and refuses it if nothing is left, it holds a NUL, or it is too long.
pub fn required_text(what: &'static str, s: &str) -> Result<String, Invalid> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Invalid::Empty(what));
    }
    if t.contains('\0') {
        return Err(Invalid::Nul(what));
    }
    bounded_text(what, t)
}

/// Trims `s`, which may be empty, and refuses it if it holds a NUL or is too long.
pub fn optional_text(what: &'static str, s: &str) -> Result<String, Invalid> {
    let t = s.trim();
    if t.contains('\0') {
        return Err(Invalid::Nul(what));
    }
    bounded_text(what, t)
}

/// Refuses a text over [`MAX_TEXT_BYTES`]; keeps it exactly otherwise.
pub fn bounded_text(what: &'static str, s: &str) -> Result<String, Invalid> {
    if s.len() > MAX_TEXT_BYTES {
        return Err(Invalid::TooLong {
            what,
            got: s.len(),
            max: MAX_TEXT_BYTES,
        });
    }
    Ok(s.to_owned())
}

/// A person's name: trimmed, not empty, at most [`MAX_NAME_CHARS`] characters.
pub fn person_name(what: &'static str, s: &str) -> Result<String, Invalid> {
    let t = required_text(what, s)?;
    let n = t.chars().count();
    if n > MAX_NAME_CHARS {
        return Err(Invalid::Range {
            what: "a name's length in characters",
            min: 1,
            max: MAX_NAME_CHARS as i64,
            got: n as i64,
        });
    }
    Ok(t)
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Result<NaiveDate, Invalid> {
    let t = s.trim();
    let well_formed = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(Invalid::Date(s.to_owned()));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| Invalid::Date(s.to_owned()))
}

/// Parses `YYYY-MM-DD HH:MM` in local time, `YYYY-MM-DD` (local midnight), or RFC 3339.
pub fn parse_datetime(s: &str, clock: &dyn crate::clock::Clock) -> Result<DateTime<Utc>, Invalid> {
    let t = s.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at.with_timezone(&Utc));
    }
    let local = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M")
        .ok()
        .or_else(|| parse_date(t).ok().and_then(|d| d.and_hms_opt(0, 0, 0)));
    local
        .and_then(|l| clock.utc_of_local(l))
        .ok_or_else(|| Invalid::DateTime(s.to_owned()))
}

/// Longest agreed time between meetings, in days.
pub const MAX_CADENCE_DAYS: u32 = 366;

/// Checks a cadence in days (1–366).
pub fn cadence(days: i64) -> Result<u32, Invalid> {
    if (1..=i64::from(MAX_CADENCE_DAYS)).contains(&days) {
        Ok(days as u32)
    } else {
        Err(Invalid::Range {
            what: "the cadence in days",
            min: 1,
            max: i64::from(MAX_CADENCE_DAYS),
            got: days,
        })
    }
}

macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal, $allowed:literal, { $($(#[$vmeta:meta])* $variant:ident = $word:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// The word stored in the database and used in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = Invalid;
            fn from_str(s: &str) -> Result<Self, Invalid> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($word $(| $alias)* => Ok(Self::$variant),)+
                    _ => Err(Invalid::Choice { what: $what, got: s.to_owned(), allowed: $allowed }),
                }
            }
        }
    };
}

mod entries;
mod growth;
pub use entries::*;
pub use growth::*;

word_enum!(
    /// Which side of a pair a person is on.
    Role, "role", "mentor, mentee", {
        /// The more experienced person, who advises.
        Mentor = "mentor",
        /// The person being mentored.
        Mentee = "mentee",
    }
);

word_enum!(
    /// Whether a pair is meeting, on a break, or finished.
    PairStatus, "status", "active, paused, closed", {
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
    /// The next planned meeting, if any.
    pub next_meeting_on: Option<NaiveDate>,
    /// Active, paused or closed.
    pub status: PairStatus,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
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

impl Pair {
    /// The other person's name, from the journal owner's point of view.
    pub fn partner_name(&self) -> &str {
        match self.my_role {
            Role::Mentor => &self.mentee_name,
            Role::Mentee => &self.mentor_name,
        }
    }

    /// Days from the last meeting to `today`, if there was one.
    pub fn days_since_met(&self, today: NaiveDate, clock: &dyn crate::clock::Clock) -> Option<i64> {
        self.last_met_at
            .map(|t| (today - clock.local(t).date()).num_days())
    }

    /// The next meeting's date: a planned meeting, else the date set on the pair.
    pub fn next_meeting(&self, clock: &dyn crate::clock::Clock) -> Option<NaiveDate> {
        let planned = self.next_planned_at.map(|t| clock.local(t).date());
        match (planned, self.next_meeting_on) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether the agreed cadence has passed since the last meeting (or the
    /// start) with no meeting planned.
    pub fn is_overdue(&self, today: NaiveDate, clock: &dyn crate::clock::Clock) -> bool {
        let Some(cadence) = self.cadence_days else {
            return false;
        };
        if self.status != PairStatus::Active || self.next_meeting(clock).is_some_and(|d| d >= today)
        {
            return false;
        }
        let since = self
            .last_met_at
            .map_or(self.started_on, |t| clock.local(t).date());
        (today - since).num_days() > i64::from(cadence)
    }

    /// The name of the person on `side`.
    pub fn name_of(&self, side: Role) -> &str {
        match side {
            Role::Mentor => &self.mentor_name,
            Role::Mentee => &self.mentee_name,
        }
    }
}

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

/// One item of a pair's first-meeting checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// The trust-building step, 1–5.
    pub step: u8,
    /// Stable key from the template, such as `trust.agenda`.
    pub key: String,
    /// What the pair does or says.
    pub title: String,
    /// Whether it is ticked.
    pub done: bool,
    /// When it was ticked.
    pub done_at: Option<DateTime<Utc>>,
    /// The pair's own words about it.
    pub note: String,
    /// Order within the step.
    pub position: i64,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

/// A strength one person named in the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Strength {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// Whose strength it is.
    pub whose: Role,
    /// The strength, in the namer's words.
    pub text: String,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

/// A mentee's challenge linked to the mentor's similar experience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Experience {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// The mentee's challenge.
    pub challenge: String,
    /// The mentor's similar experience.
    pub similar: String,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_iso() {
        assert!(parse_date("2026-10-02").is_ok());
        for bad in ["02/10/2026", "2026-1-2", "2026-02-30", "", "2026-10-02x"] {
            assert_eq!(parse_date(bad), Err(Invalid::Date(bad.to_owned())));
        }
    }

    #[test]
    fn names_are_trimmed_and_required() {
        assert_eq!(person_name("name", "  Ben  ").as_deref(), Ok("Ben"));
        assert_eq!(person_name("name", " \t\n "), Err(Invalid::Empty("name")));
    }

    #[test]
    fn words_parse_case_insensitively() {
        assert_eq!("Mentee".parse::<Role>(), Ok(Role::Mentee));
        assert!("boss".parse::<Role>().is_err());
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
