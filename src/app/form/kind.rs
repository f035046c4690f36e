//! The kinds of form: what saving one creates or changes, which pair it
//! writes into, and whether its text is private or its field secret.

use super::Name;
use crate::domain::Kind;

/// What a form creates or changes when saved. Kept in drafts, so a form
/// can be rebuilt after a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum FormKind {
    /// A new pair.
    NewPair,
    /// A pair's names, focus, cadence and next meeting.
    EditPair {
        /// The pair's row id.
        pair_id: i64,
        /// The version the form was filled from.
        version: i64,
    },
    /// A strength or a challenge ↔ experience pair for a pair.
    AddToFirstMeeting {
        /// The pair's row id.
        pair_id: i64,
        /// What the form starts on: 0 the mentee's strength, 1 the
        /// mentor's, 2 a challenge ↔ experience.
        #[serde(default)]
        start: usize,
    },
    /// Closing a pair, with its closing reflection.
    ClosePair {
        /// The pair's row id.
        pair_id: i64,
    },
    /// A strength, edited.
    Strength {
        /// The pair's row id.
        pair_id: i64,
        /// The strength's row id.
        id: i64,
        /// The version it was filled from.
        version: i64,
    },
    /// A challenge ↔ similar experience, edited.
    Experience {
        /// The pair's row id.
        pair_id: i64,
        /// The row id.
        id: i64,
        /// The version it was filled from.
        version: i64,
    },
    /// The note of a checklist item.
    ItemNote {
        /// The item's row id.
        item_id: i64,
    },
    /// A meeting, new (`id` none) or edited.
    Meeting {
        /// The pair's row id.
        pair_id: i64,
        /// The meeting being edited.
        id: Option<i64>,
        /// The version it was filled from.
        version: Option<i64>,
    },
    /// A feedback entry, new or edited.
    Feedback {
        /// The pair's row id.
        pair_id: i64,
        /// The entry being edited.
        id: Option<i64>,
        /// The version it was filled from.
        version: Option<i64>,
    },
    /// A note, new or edited.
    Note {
        /// The pair's row id.
        pair_id: i64,
        /// The note being edited.
        id: Option<i64>,
        /// The version it was filled from.
        version: Option<i64>,
    },
    /// An export of one pair (or all, by the form's first choice).
    Export {
        /// The selected pair.
        pair_id: Option<i64>,
    },
    /// The passphrase prompt; never kept as a draft.
    Unlock,
    /// An action item, new or edited.
    Action {
        /// The pair's row id.
        pair_id: i64,
        /// The item being edited.
        id: Option<i64>,
        /// The version it was filled from.
        version: Option<i64>,
    },
    /// A new trust check-in; private, so never handed to an editor.
    Checkin {
        /// The pair's row id.
        pair_id: i64,
    },
    /// A goal, new or edited.
    Goal {
        /// The pair's row id.
        pair_id: i64,
        /// The goal being edited.
        id: Option<i64>,
        /// The version it was filled from.
        version: Option<i64>,
    },
    /// Progress on a goal, with a comment.
    GoalProgress {
        /// The pair's row id.
        pair_id: i64,
        /// The goal's row id.
        goal_id: i64,
    },
    /// Importing a JSON export; never kept as a draft. The checked file
    /// lives in the app while the window is open, not here.
    Import {
        /// Which step the window is at.
        step: ImportStep,
    },
}

/// The steps of the import window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStep {
    /// The file's path is asked for; Enter reads it.
    File,
    /// The file was read: what it would change shows, and Ctrl-s imports it.
    Preview,
}

impl FormKind {
    /// Whether everything typed into this kind of form is private, whatever
    /// its fields say (a trust check-in).
    pub fn always_private(self) -> bool {
        matches!(self, Self::Checkin { .. })
    }

    /// The field that holds a secret, if this kind of form takes one: such a
    /// form is a prompt that Enter submits, never kept as a draft and never
    /// handed to `$EDITOR`.
    pub fn secret_field(self) -> Option<Name> {
        matches!(self, Self::Unlock).then_some(Name::Passphrase)
    }

    /// The pair the form writes into, if any.
    pub fn pair_id(self) -> Option<i64> {
        match self {
            Self::NewPair | Self::ItemNote { .. } | Self::Unlock | Self::Import { .. } => None,
            Self::Export { pair_id } => pair_id,
            Self::EditPair { pair_id, .. }
            | Self::AddToFirstMeeting { pair_id, .. }
            | Self::ClosePair { pair_id }
            | Self::Strength { pair_id, .. }
            | Self::Experience { pair_id, .. }
            | Self::Meeting { pair_id, .. }
            | Self::Feedback { pair_id, .. }
            | Self::Note { pair_id, .. }
            | Self::Action { pair_id, .. }
            | Self::Checkin { pair_id, .. }
            | Self::Goal { pair_id, .. }
            | Self::GoalProgress { pair_id, .. } => Some(pair_id),
        }
    }

    /// The same form, writing into pair `id`: a draft's row says where it
    /// belongs, also after `pair merge` moved it to another pair.
    pub fn in_pair(mut self, id: i64) -> Self {
        match &mut self {
            Self::NewPair | Self::ItemNote { .. } | Self::Unlock | Self::Import { .. } => {}
            Self::Export { pair_id } => *pair_id = Some(id),
            Self::EditPair { pair_id, .. }
            | Self::AddToFirstMeeting { pair_id, .. }
            | Self::ClosePair { pair_id }
            | Self::Strength { pair_id, .. }
            | Self::Experience { pair_id, .. }
            | Self::Meeting { pair_id, .. }
            | Self::Feedback { pair_id, .. }
            | Self::Note { pair_id, .. }
            | Self::Action { pair_id, .. }
            | Self::Checkin { pair_id, .. }
            | Self::Goal { pair_id, .. }
            | Self::GoalProgress { pair_id, .. } => *pair_id = id,
        }
        self
    }

    /// The kind of entry the form writes, when its kind says: a
    /// first-meeting addition writes a strength or a challenge ↔ experience
    /// as its first field says; the export, passphrase and import windows
    /// write none.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Self::NewPair | Self::EditPair { .. } | Self::ClosePair { .. } => Some(Kind::Pair),
            Self::ItemNote { .. } => Some(Kind::ChecklistItem),
            Self::Strength { .. } => Some(Kind::Strength),
            Self::Experience { .. } => Some(Kind::Experience),
            Self::Meeting { .. } => Some(Kind::Meeting),
            Self::Feedback { .. } => Some(Kind::Feedback),
            Self::Note { .. } => Some(Kind::Note),
            Self::Action { .. } => Some(Kind::Action),
            Self::Checkin { .. } => Some(Kind::Checkin),
            Self::Goal { .. } => Some(Kind::Goal),
            Self::GoalProgress { .. } => Some(Kind::GoalProgress),
            Self::AddToFirstMeeting { .. }
            | Self::Export { .. }
            | Self::Unlock
            | Self::Import { .. } => None,
        }
    }
}
