//! Sharing on purpose: a Markdown export to read, a JSON export to merge
//! into another journal, and the import that merges it. The JSON format is
//! described in `docs/export-format.md`; its wire types live in
//! `export/document.rs`, so the format changes only when that file does.
//! Everything is re-exported here: `export::open`, `export::Document`.

mod build;
mod bundle;
mod calendar;
mod claims;
mod destination;
mod document;
mod import;
mod import_error;
mod markdown;
mod render;
pub mod report;
mod stream;
mod summary;

pub use build::{HeldBack, build, document, held_back, name_journal};
pub use calendar::{CalendarEntries, calendar, pair_title};
pub use destination::{DestinationError, canonical, check_destination, write_private};
pub use document::{
    ActionDoc, CLOCK_SLACK, CheckinDoc, Document, EntryDoc, ExperienceDoc, FORMAT, FORMAT_VERSION,
    FeedbackDoc, GoalDoc, ItemDoc, MAX_IMPORT_BYTES, MeetingDoc, NoteDoc, OLDEST_FORMAT_VERSION,
    PairDoc, ProgressDoc, StrengthDoc, TombstoneDoc,
};
pub use import::{Import, Origin, Progress, Stage, open, open_with, parse};
pub use import_error::ImportError;
pub use markdown::markdown;
pub use render::{Format, render};
pub use summary::{Contents, contents, summary};
