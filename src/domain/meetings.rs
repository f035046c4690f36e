//! A meeting, held or planned.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// A meeting, held or planned (a time in the future means planned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// When it was or will be held.
    pub held_at: DateTime<Utc>,
    /// What was to be covered.
    pub agenda: String,
    /// What was said.
    pub notes: String,
    /// What each will do next.
    pub next_steps: String,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}
