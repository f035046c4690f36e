//! Goals with their progress, and trust check-ins.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Invalid;

/// Something the mentee (or the pair) works towards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Goal {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// What the goal is.
    pub text: String,
    /// How both will know it is reached.
    pub criteria: String,
    /// The target date.
    pub due_on: Option<NaiveDate>,
    /// The latest progress, in percent (0 before any).
    pub progress: u8,
    /// When progress last changed.
    pub progress_at: Option<DateTime<Utc>>,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

impl Goal {
    /// Reached: progress is 100 %.
    pub fn is_done(&self) -> bool {
        self.progress >= 100
    }

    /// Not reached and past its target date on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.is_done() && self.due_on.is_some_and(|d| d < today)
    }
}

/// One change of a goal's progress, with what was said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalProgress {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The goal it belongs to.
    pub goal_id: i64,
    /// Progress, 0–100.
    pub percent: u8,
    /// Why it changed.
    pub comment: String,
    /// When it was noted.
    pub noted_at: DateTime<Utc>,
}

/// A private, periodic check-in: how much trust one feels, what helped, what got in the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckIn {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// Trust felt, 1–5; `None` while it is sealed and locked.
    pub trust: Option<u8>,
    /// What helped.
    pub helped: String,
    /// What got in the way.
    pub in_the_way: String,
    /// Anything else.
    pub note: String,
    /// When it was made.
    pub checked_at: DateTime<Utc>,
    /// Whether it is stored sealed under the passphrase.
    pub sealed: bool,
    /// Sealed and not opened (the journal is locked).
    pub locked: bool,
    /// Sealed but damaged or moved: it cannot be opened even unlocked.
    pub damaged: bool,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
    /// The sealed text as stored, kept so an undo puts it back unchanged.
    #[serde(skip)]
    pub sealed_bytes: Option<super::SealedText>,
}

impl CheckIn {
    /// Overwrites the opened texts in memory, so locking leaves no copy behind.
    pub fn wipe(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.helped);
        zeroize::Zeroize::zeroize(&mut self.in_the_way);
        zeroize::Zeroize::zeroize(&mut self.note);
        self.trust = None;
    }
}

/// A trust level, 1 (little) to 5 (complete).
pub fn trust_level(n: i64) -> Result<u8, Invalid> {
    match u8::try_from(n) {
        Ok(t @ 1..=5) => Ok(t),
        _ => Err(Invalid::Range {
            what: "trust",
            min: 1,
            max: 5,
            got: n,
        }),
    }
}

/// A goal's progress, 0 to 100 percent.
pub fn percent(n: i64) -> Result<u8, Invalid> {
    match u8::try_from(n) {
        Ok(p @ 0..=100) => Ok(p),
        _ => Err(Invalid::Range {
            what: "progress in percent",
            min: 0,
            max: 100,
            got: n,
        }),
    }
}

/// A trust level as a person types it: a whole number from 1 to 5.
pub fn parse_trust(s: &str) -> Result<u8, Invalid> {
    let n = s.trim().parse::<i64>().map_err(|_| Invalid::Choice {
        what: "trust",
        got: s.to_owned(),
        allowed: "a whole number from 1 to 5",
    })?;
    trust_level(n)
}

/// Progress as a person types it: a whole number from 0 to 100, `%` allowed after it.
pub fn parse_percent(s: &str) -> Result<u8, Invalid> {
    let t = s.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim();
    let n = t.parse::<i64>().map_err(|_| Invalid::Choice {
        what: "progress in percent",
        got: s.to_owned(),
        allowed: "a whole number from 0 to 100",
    })?;
    percent(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_and_percent_keep_to_their_ranges() {
        assert_eq!(trust_level(1), Ok(1));
        assert_eq!(trust_level(5), Ok(5));
        assert!(trust_level(0).is_err());
        assert!(trust_level(6).is_err());
        assert!(trust_level(-300).is_err());
        assert_eq!(percent(0), Ok(0));
        assert_eq!(percent(100), Ok(100));
        assert!(percent(101).is_err());
        assert!(percent(-1).is_err());
    }

    #[test]
    fn typed_trust_and_percent_are_whole_numbers() {
        assert_eq!(parse_trust(" 4 "), Ok(4));
        assert!(
            parse_trust("4%").is_err(),
            "a trust level is not a percentage"
        );
        assert!(parse_trust("4.5").is_err());
        assert_eq!(parse_percent("60%"), Ok(60));
        assert_eq!(parse_percent(" 7 % "), Ok(7));
        assert!(parse_percent("101").is_err());
        assert!(parse_percent("abc").is_err());
    }
}
