//! Why an import was refused, each reason a sentence naming the file and
//! the entry; nothing was written.

use super::document::{FORMAT_VERSION, MAX_IMPORT_BYTES, OLDEST_FORMAT_VERSION};
use crate::domain::Invalid;

/// Why an import was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read.
    #[error("cannot read {file}: {}", crate::text::io_words(.error))]
    Io {
        /// The file.
        file: String,
        /// What the system said (in the message, so not a `source` said again).
        error: std::io::Error,
    },
    /// The file is larger than any export this program takes.
    #[error(
        "{file} is {} MiB, more than the {} MiB a candor export may be; it was not read",
        .size.div_ceil(1024 * 1024),
        MAX_IMPORT_BYTES / (1024 * 1024)
    )]
    TooLarge {
        /// The file.
        file: String,
        /// Its size in bytes.
        size: u64,
    },
    /// Not UTF-8 text.
    #[error("{file} is not a candor export: it is not UTF-8 text at line {line}, column {column}")]
    NotText {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in bytes).
        column: usize,
    },
    /// Nothing in it at all.
    #[error("{file} is empty, not a candor export")]
    Empty {
        /// The file.
        file: String,
    },
    /// JSON that stops before the document ends.
    #[error(
        "{file} is not a whole candor export: it stops at {}line {line}, column {column}, in the middle of the document (was it cut off?)",
        where_in(.path)
    )]
    CutOff {
        /// The file.
        file: String,
        /// Where in the document, as for [`ImportError::Syntax`].
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Not JSON, or JSON of another shape.
    #[error("{file} is not a candor export: {message} at {}line {line}, column {column}", where_in(.path))]
    Syntax {
        /// The file.
        file: String,
        /// What the parser said.
        message: String,
        /// Where in the document, such as `pairs[0].notes[3].body`; empty at the top.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A candor export of a version this program does not know.
    #[error(
        "{file} is a candor export of format version {found}; this program reads versions {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION} — upgrade candor"
    )]
    Version {
        /// The file.
        file: String,
        /// Its version.
        found: u32,
    },
    /// An entry breaks a rule the CLI would also enforce.
    #[error("{file}: {what} (uid {uid}): {rule}")]
    Invalid {
        /// The file.
        file: String,
        /// Which entry, such as "note 3 of pair 1".
        what: String,
        /// Its uid.
        uid: String,
        /// The rule (not a `source`, so it is said once).
        rule: Box<Invalid>,
    },
    /// A private note or check-in in a file that says it holds none.
    #[error(
        "{file}: {what} (uid {uid}) is private, but the file says it includes no private entries; nothing was imported"
    )]
    Private {
        /// The file.
        file: String,
        /// Which entry, such as "note 3 of pair 1".
        what: String,
        /// Its uid.
        uid: String,
    },
    /// One uid for two things in one file.
    #[error("{file}: uid {uid} is used twice, by {first} and by {second}; nothing was imported")]
    Twice {
        /// The file.
        file: String,
        /// The uid.
        uid: String,
        /// Its first use, such as "pair 1".
        first: String,
        /// Its second use, such as "note 3 of pair 2".
        second: String,
    },
    /// A time later than the importer's clock allows.
    #[error(
        "{file}: {what} says it was {event} at {at}, more than a day after now ({now}); nothing was imported"
    )]
    Future {
        /// The file.
        file: String,
        /// Which entry, with its uid, or "the file".
        what: String,
        /// "created", "updated", "deleted", "noted", "exported".
        event: &'static str,
        /// The time it claims.
        at: String,
        /// The importer's clock.
        now: String,
    },
    /// The file changed between its check and its merge.
    #[error("{file} changed while it was being imported; nothing was imported")]
    Changed {
        /// The file.
        file: String,
    },
    /// The import was stopped before it was written (the screen quit while
    /// it ran beside it).
    #[error("the import of {file} was stopped; nothing of it was imported")]
    Stopped {
        /// The file.
        file: String,
    },
    /// The journal refused the merge; nothing was written.
    #[error(transparent)]
    Journal(#[from] crate::store::StoreError),
}

/// "pairs[0].notes[3].body, " or nothing at the top of the document.
fn where_in(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}, ")
    }
}
