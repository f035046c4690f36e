//! What a merge did, or would do: counts per kind of row, and what it left
//! alone although the file asked.

use crate::domain::Kind;

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
    /// The same, per kind, in the order of [`Kind::ALL`].
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
    /// The earliest time of change among the rows written (or deletions
    /// kept): a sync folder's next file must reach back to it.
    pub(in crate::store) earliest: Option<String>,
}

impl MergeReport {
    /// Notes that a row changed at `at` (a stored time stamp) was written.
    pub(in crate::store) fn touch(&mut self, at: &str) {
        if self.earliest.as_deref().is_none_or(|e| at < e) {
            self.earliest = Some(at.to_owned());
        }
    }

    /// The counts of one kind.
    pub fn of(&self, kind: Kind) -> KindCounts {
        self.kinds[kind as usize]
    }

    /// Whether the merge deletes or replaces anything that was here.
    pub fn rewrites(&self) -> bool {
        self.updated > 0 || self.deleted > 0
    }

    pub(in crate::store) fn added(&mut self, kind: Kind) {
        self.added += 1;
        self.kinds[kind as usize].added += 1;
    }

    pub(in crate::store) fn updated(&mut self, kind: Kind) {
        self.updated += 1;
        self.kinds[kind as usize].updated += 1;
    }

    pub(super) fn removed(&mut self, kind: Kind) {
        self.deleted += 1;
        self.kinds[kind as usize].removed += 1;
    }
}
