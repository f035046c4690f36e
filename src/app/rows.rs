//! The rows of the list tabs: a row of each kind, sections of rows loaded
//! a page at a time, and the list they make.

use crate::domain::{ActionItem, Experience, Feedback, Kind, Meeting, Note, Strength};

/// Rows fetched per page.
pub const PAGE_SIZE: usize = 100;

/// A row of a tab's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// An action item (Meetings tab).
    Action(ActionItem),
    /// A meeting.
    Meeting(Meeting),
    /// A feedback entry.
    Feedback(Feedback),
    /// A note.
    Note(Note),
    /// A strength (First meeting tab).
    Strength(Strength),
    /// A challenge ↔ similar experience (First meeting tab).
    Experience(Experience),
}

impl Row {
    /// What kind of entry it is.
    pub fn kind(&self) -> Kind {
        match self {
            Row::Action(_) => Kind::Action,
            Row::Meeting(_) => Kind::Meeting,
            Row::Feedback(_) => Kind::Feedback,
            Row::Note(_) => Kind::Note,
            Row::Strength(_) => Kind::Strength,
            Row::Experience(_) => Kind::Experience,
        }
    }

    /// Its row id.
    pub fn id(&self) -> i64 {
        match self {
            Row::Action(e) => e.id,
            Row::Meeting(e) => e.id,
            Row::Feedback(e) => e.id,
            Row::Note(e) => e.id,
            Row::Strength(e) => e.id,
            Row::Experience(e) => e.id,
        }
    }

    pub(super) fn cursor(&self) -> crate::store::Cursor {
        match self {
            Row::Action(e) => e.cursor(),
            Row::Meeting(e) => e.cursor(),
            Row::Feedback(e) => e.cursor(),
            Row::Note(e) => e.cursor(),
            Row::Strength(e) => crate::store::Cursor {
                key: crate::store::timestamp(e.created_at),
                id: e.id,
            },
            Row::Experience(e) => crate::store::Cursor {
                key: crate::store::timestamp(e.created_at),
                id: e.id,
            },
        }
    }
}

/// What one section of a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// Action items, open first.
    Actions,
    /// Meetings, newest first.
    Meetings,
    /// Feedback, newest first.
    Feedback,
    /// Notes, newest first.
    Notes,
}

impl SectionKind {
    /// The kind of entry its rows are.
    pub fn kind(self) -> Kind {
        match self {
            Self::Actions => Kind::Action,
            Self::Meetings => Kind::Meeting,
            Self::Feedback => Kind::Feedback,
            Self::Notes => Kind::Note,
        }
    }
}

/// A run of rows of one kind, and whether more pages wait in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// What the rows are.
    pub kind: SectionKind,
    /// The rows loaded so far.
    pub rows: Vec<Row>,
    /// Whether the store may hold more.
    pub more: bool,
}

/// A tab's list: one or more sections shown one after another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TabList {
    /// The sections, in order.
    pub sections: Vec<Section>,
}

impl TabList {
    /// Rows loaded over all sections.
    pub fn len(&self) -> usize {
        self.sections.iter().map(|s| s.rows.len()).sum()
    }

    /// Whether nothing is loaded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row at flat index `i`.
    pub fn get(&self, mut i: usize) -> Option<&Row> {
        for s in &self.sections {
            if i < s.rows.len() {
                return s.rows.get(i);
            }
            i -= s.rows.len();
        }
        None
    }
}
