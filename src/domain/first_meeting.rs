//! What a pair's first meeting builds: checklist items, the strengths each
//! names in the other, and a mentee's challenges linked to the mentor's
//! similar experiences.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::pairs::Role;

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
