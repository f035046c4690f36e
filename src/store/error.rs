//! Everything that can go wrong in the store, each with a sentence a
//! person can act on, and the store's `Result`.

use std::path::PathBuf;

use crate::crypto::CryptoError;
use crate::domain::Invalid;

/// Everything that can go wrong in the store, each with a sentence a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a candor journal; it was not touched.
    #[error("{path} is not a candor journal: {reason}; it was left unchanged")]
    NotJournal {
        /// The file.
        path: PathBuf,
        /// What it is instead.
        reason: String,
    },
    /// The file is a damaged journal; it was not touched.
    #[error(
        "{path} is damaged ({detail}); it was left unchanged — restore a backup or run `candor doctor`"
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What SQLite found.
        detail: String,
    },
    /// The file was written by a newer candor.
    #[error(
        "{path} was written by a newer candor (schema {found}, this program knows up to {known}); it was left unchanged — upgrade candor to open it"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this program knows.
        known: i64,
    },
    /// The file or its folder could not be read or created.
    #[error("cannot open {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// Another copy of candor held the journal for longer than the busy timeout.
    #[error("the journal is busy in another running candor; nothing was changed, try again")]
    Busy,
    /// The disk (or the journal's size limit) is full.
    #[error("the disk is full; nothing was changed and everything stored is intact")]
    Full,
    /// The journal cannot be written.
    #[error("the journal is read-only here; nothing was changed")]
    ReadOnly,
    /// A journal of an earlier release that cannot be written, so cannot be upgraded.
    #[error(
        "{path} is a journal of an earlier candor and cannot be written here, so it cannot be upgraded; open it once where it can be written"
    )]
    ReadOnlyOld {
        /// The file.
        path: PathBuf,
    },
    /// A value the user gave was refused.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The row changed in another running candor since it was read.
    #[error(
        "{what} was changed elsewhere since you opened it (now version {current}); nothing was overwritten — your text is kept"
    )]
    Conflict {
        /// What was being saved, such as "note 12".
        what: String,
        /// The row's version now.
        current: i64,
    },
    /// The passphrase or recovery code given does not open the journal.
    #[error("that passphrase does not open this journal; nothing was changed")]
    WrongSecret,
    /// The key the passphrase opened is not the one whose public key the
    /// journal stores (and seals private text to): someone who could write
    /// the file put another public key there.
    #[error(
        "the journal's public key was replaced, so private notes written since then may be readable by whoever replaced it; nothing was changed — run `candor passphrase repair` to put the right key back"
    )]
    KeyReplaced,
    /// Private notes or check-ins are sealed and the journal is locked.
    #[error("private notes and check-ins are locked; this needs the passphrase")]
    Locked,
    /// Sealing or opening failed for another reason.
    #[error("{0}")]
    Crypto(String),
    /// A named thing does not exist.
    #[error("{0}")]
    NotFound(String),
    /// What was asked does not fit the journal as it is (closing a pair
    /// already closed); the sentence says what to do instead.
    #[error("{0}")]
    Refused(String),
    /// SQLite met a damaged page after the journal opened (opening reads
    /// the header pages only). The command line names the file through
    /// [`StoreError::in_file`].
    #[error(
        "the journal is damaged; nothing was changed — run `candor doctor` or restore a backup ({0})"
    )]
    Damaged(rusqlite::Error),
    /// Any other SQLite failure.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => Self::Busy,
            Some(C::DiskFull) => Self::Full,
            Some(C::ReadOnly) => Self::ReadOnly,
            Some(C::DatabaseCorrupt | C::NotADatabase) => Self::Damaged(e),
            _ => Self::Sqlite(e),
        }
    }
}

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A failure to seal or open as the store's error: a key that does not
/// open is a wrong passphrase or recovery code.
pub(super) fn crypto_error(e: CryptoError) -> StoreError {
    match e {
        CryptoError::WrongKey => StoreError::WrongSecret,
        other => StoreError::Crypto(other.to_string()),
    }
}
