//! Why a sync did not happen, each reason one sentence naming the folder;
//! nothing was changed.

use crate::store::StoreError;

/// Why a sync did not happen; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The folder is not there.
    #[error(
        "{path} does not exist or is not a folder; make it (or give the folder your sync tool keeps) and run `candor sync` again — the journal is unchanged"
    )]
    Missing {
        /// The folder.
        path: String,
    },
    /// The folder has a candor sync folder in it and this journal has not joined.
    #[error(
        "{path} already holds a candor sync folder; join it with `candor sync {path} --join` and its sync code — the journal is unchanged"
    )]
    NotJoined {
        /// The folder.
        path: String,
    },
    /// `--join` on a folder without a candor sync folder.
    #[error(
        "{path} is not a candor sync folder yet; run `candor sync {path}` without --join on the first journal — the journal is unchanged"
    )]
    NothingToJoin {
        /// The folder.
        path: String,
    },
    /// The folder's marker is gone.
    #[error(
        "{path}/candor-sync.json is gone; put it back (from another machine's copy of the folder, or a backup of it) — the journal is unchanged"
    )]
    MarkerGone {
        /// The folder.
        path: String,
    },
    /// The folder's code was changed on another device.
    #[error(
        "the sync code of {path} was changed on another device; join again with the new code (`candor sync {path} --join`) — the journal is unchanged"
    )]
    CodeChanged {
        /// The folder.
        path: String,
    },
    /// The sync code typed does not open the folder.
    #[error("that sync code does not open {path}; the journal is unchanged")]
    WrongCode {
        /// The folder.
        path: String,
    },
    /// The folder's marker is not one this program reads.
    #[error("{path} is not a sync folder this candor can read: {reason}; the journal is unchanged")]
    BadMarker {
        /// The marker file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `--pair` on a folder made for something else.
    #[error("{path} shares {shares}; a folder shares one thing")]
    OtherScope {
        /// The folder.
        path: String,
        /// What it shares.
        shares: String,
    },
    /// `--forget` names no device of the folder.
    #[error("{path} has no device '{name}'; its devices are: {known}")]
    NoSuchDevice {
        /// The folder.
        path: String,
        /// What was given.
        name: String,
        /// The devices there.
        known: String,
    },
    /// The folder could not be read or written (read-only, full).
    #[error("cannot {doing} {path} ({error}); the journal works as before and nothing was lost")]
    Io {
        /// "read" or "write in".
        doing: &'static str,
        /// The file or folder.
        path: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// The key could not be made or used.
    #[error("{0}")]
    Crypto(String),
    /// The journal refused.
    #[error(transparent)]
    Store(#[from] StoreError),
}
