//! The JSON export format: its name, versions and limits, and its wire
//! types, one a part of a document (`docs/export-format.md` describes them).
//! The format changes only when this file does.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Direction, Owner, PairStatus, Response, Role};

/// The value of `format` in every export.
pub const FORMAT: &str = "candor-export";
/// The version of the JSON format this program writes and reads.
pub const FORMAT_VERSION: u32 = 4;
/// The oldest version this program still reads (version 1 had no goals or
/// check-ins, versions 1 and 2 no `journal_uid`, versions 1 to 3 no
/// checklist `from`).
pub const OLDEST_FORMAT_VERSION: u32 = 1;
/// The largest file `candor import` reads. An export of 100,000 entries of
/// about 300 words each is about 250 MB; this leaves room for twice that.
pub const MAX_IMPORT_BYTES: u64 = 512 * 1024 * 1024;
/// How far past the importer's clock a time in a file may be (clocks of two
/// computers differ); anything later is refused.
pub const CLOCK_SLACK: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// A whole export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always `candor-export`.
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The uid of the journal that wrote it; since version 3, and `None`
    /// when that journal had none (an older version, or a read-only journal).
    #[serde(default)]
    pub journal_uid: Option<String>,
    /// When it was written.
    pub exported_at: DateTime<Utc>,
    /// Whether private notes and trust check-ins were included on purpose.
    pub includes_private: bool,
    /// The pairs.
    pub pairs: Vec<PairDoc>,
    /// Deletions, so they travel too.
    pub tombstones: Vec<TombstoneDoc>,
}

/// A pair and everything in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairDoc {
    pub uid: String,
    pub mentor_name: String,
    pub mentee_name: String,
    /// The role of whoever made the export; an importer new to the pair takes the other.
    pub exporter_role: Role,
    pub focus: String,
    pub started_on: NaiveDate,
    pub cadence_days: Option<u32>,
    pub next_meeting_on: Option<NaiveDate>,
    pub status: PairStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub checklist: Vec<ItemDoc>,
    pub strengths: Vec<StrengthDoc>,
    pub experiences: Vec<ExperienceDoc>,
    pub meetings: Vec<MeetingDoc>,
    pub feedback: Vec<FeedbackDoc>,
    pub notes: Vec<NoteDoc>,
    pub actions: Vec<ActionDoc>,
    /// Since format version 2.
    #[serde(default)]
    pub goals: Vec<GoalDoc>,
    /// Since format version 2; only in an export that includes private entries.
    #[serde(default)]
    pub checkins: Vec<CheckinDoc>,
    /// Since format version 3: the other uids this pair is known by (a
    /// partner's uid for the same relationship, a pair merged into it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDoc {
    pub uid: String,
    pub step: u8,
    pub key: String,
    pub title: String,
    pub done_at: Option<DateTime<Utc>>,
    pub note: String,
    pub position: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Since format version 4: the entry of the record that ticked the item
    /// (when no hand did). Read for what it says; an import derives its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<EntryDoc>,
}

/// A reference to an entry of the same export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryDoc {
    pub kind: crate::domain::Kind,
    pub uid: String,
}

/// A strength.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrengthDoc {
    pub uid: String,
    pub whose: Role,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A challenge ↔ experience pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperienceDoc {
    pub uid: String,
    pub challenge: String,
    pub similar: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingDoc {
    pub uid: String,
    pub held_at: DateTime<Utc>,
    pub agenda: String,
    pub notes: String,
    pub next_steps: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A feedback entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackDoc {
    pub uid: String,
    pub direction: Direction,
    pub requested: bool,
    pub body: String,
    pub situation: Option<String>,
    pub behaviour: Option<String>,
    pub impact: Option<String>,
    pub response: Response,
    pub follow_up: String,
    pub given_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteDoc {
    pub uid: String,
    pub body: String,
    pub private: bool,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDoc {
    pub uid: String,
    pub owner: Owner,
    pub text: String,
    pub due_on: Option<NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A goal and its progress history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalDoc {
    pub uid: String,
    pub text: String,
    pub criteria: String,
    pub due_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub progress: Vec<ProgressDoc>,
}

/// One change of a goal's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressDoc {
    pub uid: String,
    pub percent: u8,
    pub comment: String,
    pub noted_at: DateTime<Utc>,
}

/// A trust check-in (private).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckinDoc {
    pub uid: String,
    pub trust: u8,
    pub helped: String,
    pub in_the_way: String,
    pub note: String,
    pub checked_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A deletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TombstoneDoc {
    pub uid: String,
    pub kind: String,
    pub pair_uid: Option<String>,
    pub deleted_at: DateTime<Utc>,
}
