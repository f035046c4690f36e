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

/// A run of rows of one kind: how many the store holds, and the window of
/// them loaded around the selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// What the rows are.
    pub kind: SectionKind,
    /// How many rows the section has in the store.
    pub total: usize,
    /// How many of them are open (action items; 0 for other kinds).
    pub open: usize,
    /// The position in the section of the first loaded row.
    pub start: usize,
    /// The loaded rows, one after another from `start`.
    pub rows: Vec<Row>,
}

impl Section {
    /// An empty section of `kind` holding `total` rows, none loaded.
    pub fn new(kind: SectionKind, total: usize) -> Self {
        Self {
            kind,
            total,
            open: 0,
            start: 0,
            rows: Vec::new(),
        }
    }

    /// The position just after the last loaded row.
    pub fn end(&self) -> usize {
        self.start + self.rows.len()
    }

    /// Drops the first `n` loaded rows (all, if fewer).
    pub fn drop_front(&mut self, n: usize) {
        let n = n.min(self.rows.len());
        self.rows.drain(..n).for_each(forget);
        self.start += n;
    }

    /// Keeps only the first `n` loaded rows.
    pub fn keep_front(&mut self, n: usize) {
        if n < self.rows.len() {
            self.rows.drain(n..).for_each(forget);
        }
    }

    /// Drops every loaded row.
    pub fn clear(&mut self) {
        self.rows.drain(..).for_each(forget);
        self.start = 0;
    }

    /// The row at position `i` of the section, if it is loaded.
    pub fn get(&self, i: usize) -> Option<&Row> {
        i.checked_sub(self.start).and_then(|i| self.rows.get(i))
    }
}

/// A row dropped from a window: an opened private note's text is
/// overwritten first, not left in freed memory.
fn forget(mut row: Row) {
    if let Row::Note(n) = &mut row {
        n.wipe_if_private();
    }
}

/// A tab's list: one or more sections shown one after another. Positions
/// run over every row of every section; only a window of them is loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TabList {
    /// The sections, in order.
    pub sections: Vec<Section>,
}

impl TabList {
    /// Rows over all sections, loaded or not.
    pub fn len(&self) -> usize {
        self.sections.iter().map(|s| s.total).sum()
    }

    /// Whether the list has no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many rows are loaded (held in memory).
    pub fn held(&self) -> usize {
        self.sections.iter().map(|s| s.rows.len()).sum()
    }

    /// The position of the first row of section `n`.
    pub fn offset(&self, n: usize) -> usize {
        self.sections.iter().take(n).map(|s| s.total).sum()
    }

    /// The section holding position `i`, and the position within it.
    pub fn locate(&self, mut i: usize) -> Option<(usize, usize)> {
        for (n, s) in self.sections.iter().enumerate() {
            if i < s.total {
                return Some((n, i));
            }
            i -= s.total;
        }
        None
    }

    /// The row at position `i`, if it is loaded.
    pub fn get(&self, i: usize) -> Option<&Row> {
        let (n, i) = self.locate(i)?;
        self.sections[n].get(i)
    }

    /// The loaded rows with their positions, in order.
    pub fn loaded(&self) -> impl Iterator<Item = (usize, &Row)> {
        let mut offset = 0;
        self.sections.iter().flat_map(move |s| {
            let first = offset + s.start;
            offset += s.total;
            s.rows.iter().enumerate().map(move |(k, r)| (first + k, r))
        })
    }
}
