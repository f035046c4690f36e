//! Action items: something to do, for the mentor, the mentee or both.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::validation::Invalid;

word_enum!(
    /// Who an action item is for.
    Owner, "an owner", "mentor, mentee, both", {
        /// The mentor does it.
        Mentor = "mentor",
        /// The mentee does it.
        Mentee = "mentee",
        /// Both do it together.
        Both = "both",
    }
);

/// Something to do, from a meeting or on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionItem {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// Who does it.
    pub owner: Owner,
    /// What to do.
    pub text: String,
    /// When it is due.
    pub due_on: Option<NaiveDate>,
    /// Whether it is done.
    pub done: bool,
    /// When it was done.
    pub done_at: Option<DateTime<Utc>>,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

impl ActionItem {
    /// Open and past its due date on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.done && self.due_on.is_some_and(|d| d < today)
    }
}
