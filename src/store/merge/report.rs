//! What a merge did, or would do: counts per kind of row, and what it left
//! alone although the file asked.

/// What kind of row a uid names, as the merge counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowKind {
    /// A pair.
    Pair,
    /// A first-meeting checklist item.
    ChecklistItem,
    /// A strength.
    Strength,
    /// A challenge ↔ experience pair.
    Experience,
    /// A meeting.
    Meeting,
    /// A feedback entry.
    Feedback,
    /// A note, shared or private.
    Note,
    /// An action item.
    Action,
    /// A goal.
    Goal,
    /// One step of a goal's progress.
    Progress,
    /// A trust check-in (always private).
    Checkin,
}

impl RowKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [RowKind; 11] = [
        Self::Pair,
        Self::ChecklistItem,
        Self::Strength,
        Self::Experience,
        Self::Meeting,
        Self::Feedback,
        Self::Note,
        Self::Action,
        Self::Goal,
        Self::Progress,
        Self::Checkin,
    ];

    /// The table holding it.
    pub fn table(self) -> &'static str {
        match self {
            Self::Pair => "pair",
            Self::ChecklistItem => "checklist_item",
            Self::Strength => "strength",
            Self::Experience => "experience",
            Self::Meeting => "meeting",
            Self::Feedback => "feedback",
            Self::Note => "note",
            Self::Action => "action_item",
            Self::Goal => "goal",
            Self::Progress => "goal_progress",
            Self::Checkin => "checkin",
        }
    }

    /// The kind a tombstone names (`kind` in the export); progress has none,
    /// it goes with its goal.
    pub fn from_tombstone(word: &str) -> Option<Self> {
        Some(match word {
            "pair" => Self::Pair,
            "checklist_item" => Self::ChecklistItem,
            "strength" => Self::Strength,
            "experience" => Self::Experience,
            "meeting" => Self::Meeting,
            "feedback" => Self::Feedback,
            "note" => Self::Note,
            "action" => Self::Action,
            "goal" => Self::Goal,
            "checkin" => Self::Checkin,
            _ => return None,
        })
    }

    pub(super) fn from_table(table: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.table() == table)
    }

    /// "1 note", "3 checklist items".
    pub fn count(self, n: usize) -> String {
        let (one, many) = match self {
            Self::Pair => ("pair", "pairs"),
            Self::ChecklistItem => ("checklist item", "checklist items"),
            Self::Strength => ("strength", "strengths"),
            Self::Experience => ("challenge ↔ experience", "challenges ↔ experiences"),
            Self::Meeting => ("meeting", "meetings"),
            Self::Feedback => ("feedback entry", "feedback entries"),
            Self::Note => ("note", "notes"),
            Self::Action => ("action item", "action items"),
            Self::Goal => ("goal", "goals"),
            Self::Progress => ("progress step", "progress steps"),
            Self::Checkin => ("check-in", "check-ins"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// What an import did (or, in a dry run, would do) to one kind of row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindCounts {
    /// Rows added.
    pub added: usize,
    /// Rows replaced by a newer incoming copy.
    pub updated: usize,
    /// Rows removed by an incoming tombstone.
    pub removed: usize,
}

/// A pair of this journal that an incoming pair tombstone names: it is
/// kept, and the import says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptPair {
    /// Its uid.
    pub uid: String,
    /// The mentor's name, as this journal has it.
    pub mentor_name: String,
    /// The mentee's name, as this journal has it.
    pub mentee_name: String,
    /// This journal's role in it.
    pub my_role: crate::domain::Role,
}

impl KeptPair {
    /// The other person of the pair, seen from this journal.
    pub fn partner(&self) -> &str {
        match self.my_role {
            crate::domain::Role::Mentor => &self.mentee_name,
            crate::domain::Role::Mentee => &self.mentor_name,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MergeReport {
    /// Rows added.
    pub added: usize,
    /// Rows replaced by a newer incoming copy.
    pub updated: usize,
    /// Rows already as new as the incoming copy, deleted here, or not the
    /// file's to change.
    pub unchanged: usize,
    /// Rows removed by an incoming tombstone.
    pub deleted: usize,
    /// The same, per kind, in the order of [`RowKind::ALL`].
    pub kinds: [KindCounts; 11],
    /// Pairs of this journal that an incoming tombstone names; each is kept.
    pub kept_pairs: Vec<KeptPair>,
    /// Private notes and check-ins that an incoming tombstone names; each is
    /// kept (private entries never travel, so no other journal deletes them).
    pub kept_private: usize,
    /// Other entries here that an incoming tombstone names although it has
    /// no right to: of a pair the file does not carry, or of another kind
    /// than the tombstone says. Each is kept.
    pub kept_outside: usize,
}

impl MergeReport {
    /// The counts of one kind.
    pub fn of(&self, kind: RowKind) -> KindCounts {
        self.kinds[kind as usize]
    }

    /// Whether the merge deletes or replaces anything that was here.
    pub fn rewrites(&self) -> bool {
        self.updated > 0 || self.deleted > 0
    }

    pub(super) fn added(&mut self, kind: RowKind) {
        self.added += 1;
        self.kinds[kind as usize].added += 1;
    }

    pub(super) fn updated(&mut self, kind: RowKind) {
        self.updated += 1;
        self.kinds[kind as usize].updated += 1;
    }

    pub(super) fn removed(&mut self, kind: RowKind) {
        self.deleted += 1;
        self.kinds[kind as usize].removed += 1;
    }
}
