//! Goals with their progress.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::validation::Invalid;

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

/// Progress as a person types it: a whole number from 0 to 100, `%` allowed after it.
pub fn parse_percent(s: &str) -> Result<u8, Invalid> {
    let t = s.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim();
    let n = t.parse::<i64>().map_err(|_| Invalid::Choice {
        what: "a progress in percent",
        got: s.to_owned(),
        allowed: "a whole number from 0 to 100",
    })?;
    percent(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_keeps_to_its_range() {
        assert_eq!(percent(0), Ok(0));
        assert_eq!(percent(100), Ok(100));
        assert!(percent(101).is_err());
        assert!(percent(-1).is_err());
    }

    #[test]
    fn typed_percent_is_a_whole_number() {
        assert_eq!(parse_percent("60%"), Ok(60));
        assert_eq!(parse_percent(" 7 % "), Ok(7));
        assert!(parse_percent("101").is_err());
        assert!(parse_percent("abc").is_err());
    }
}
