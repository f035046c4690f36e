//! Handing text to the user's `$EDITOR` and reading it back.
//!
//! The text goes through a file created 0600 inside a folder created 0700,
//! both removed afterwards, whatever happens. For a journal on disk that
//! folder is beside the journal, never in the shared temp folder: in
//! `NAME.scratch/` next to the journal file `NAME` (0700), each editing
//! session in a subfolder `PID-…` of its own, holding a lock file its process
//! keeps locked while it edits. A session that could not clean up (candor
//! killed, the terminal gone while the editor was open) is removed by the
//! next candor that opens the journal ([`sweep_stale`]); a live one never
//! is. A journal in memory keeps using the temp folder. Private text never
//! comes here: callers refuse before calling.

pub mod words;

use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use crate::{config, paths};

/// Why the editor could not be used; the text being edited is kept by the caller.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    /// `$EDITOR` is unset or empty.
    #[error("$EDITOR is not set; set it (for example EDITOR=nano) or type the text here")]
    Unset,
    /// The editor could not be started.
    #[error("cannot start the editor '{command}': {source}")]
    Start {
        /// The command line.
        command: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The editor exited with an error.
    #[error("the editor '{command}' failed ({status}); the text was not changed")]
    Failed {
        /// The command line.
        command: String,
        /// How it exited.
        status: std::process::ExitStatus,
    },
    /// The scratch file could not be written or read.
    #[error("cannot use a scratch file for the editor: {0}")]
    Scratch(#[from] std::io::Error),
    /// The edited file is not UTF-8 text.
    #[error("the edited text is not UTF-8; the text was not changed")]
    NotText,
}

/// The name of the lock file in a session's folder.
const LOCK_FILE: &str = "lock";

/// Session folders of this process that are open now, for the shutdown
/// path: a signal ends the process without unwinding the thread that waits
/// for the editor.
static OPEN: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn open_sessions() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    OPEN.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The private folder for `$EDITOR`'s scratch files beside the journal
/// `journal`: `NAME.scratch` next to the journal file `NAME`, so that what
/// guards the journal's side files (`NAME.*`) guards it too.
pub fn scratch_folder(journal: &Path) -> Option<PathBuf> {
    let mut name: OsString = journal.file_name()?.to_owned();
    name.push(".scratch");
    let folder = journal.with_file_name(name);
    Some(std::path::absolute(&folder).unwrap_or(folder))
}

/// A private scratch folder for one editing session, locked while it lives
/// and removed when dropped.
struct Scratch {
    dir: PathBuf,
    /// The folder beside the journal the session is in, removed too once
    /// it is empty.
    parent: Option<PathBuf>,
    /// Held locked while the session lives; the lock goes with the process.
    _lock: Option<fs::File>,
}

impl Scratch {
    /// Makes the session folder: beside `journal` if it is on disk, else in
    /// the temp folder.
    fn create(journal: Option<&Path>) -> std::io::Result<Self> {
        let pid = std::process::id();
        let id = uuid::Uuid::new_v4();
        let parent = journal.and_then(scratch_folder);
        let dir = match &parent {
            Some(folder) => folder.join(format!("{pid}-{id}")),
            None => std::env::temp_dir().join(format!("candor-edit-{pid}-{id}")),
        };
        let mut tries = 0;
        loop {
            if let Some(folder) = &parent {
                paths::create_private_dirs(folder)?;
            }
            match paths::create_private_dirs(&dir) {
                Ok(()) => break,
                // Another candor removed the empty folder beside the journal
                // between the two steps: make it again.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && tries < 3 => tries += 1,
                Err(e) => return Err(e),
            }
        }
        open_sessions().push(dir.clone());
        let mut scratch = Self {
            dir,
            parent,
            _lock: None,
        };
        let lock = paths::create_private_file(&scratch.dir.join(LOCK_FILE))?;
        // A file system without locks still has the process id to go by.
        let _ = rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive);
        scratch._lock = Some(lock);
        Ok(scratch)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
        open_sessions().retain(|d| d != &self.dir);
        if let Some(folder) = &self.parent {
            // Only when empty: other sessions may be under way.
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Removes the scratch folders of editing sessions still open in this
/// process: the shutdown path calls it before the process exits.
pub fn remove_open_sessions() {
    for dir in open_sessions().drain(..) {
        let _ = fs::remove_dir_all(&dir);
        if let Some(folder) = dir.parent()
            && folder.extension().is_some_and(|e| e == "scratch")
        {
            let _ = fs::remove_dir(folder);
        }
    }
}

/// Removes from the scratch folder beside `journal` the sessions of
/// processes that no longer run, with the text they held; the folder goes
/// too once it is empty. A session is left alone while its process runs or
/// anything holds its lock; names candor does not make are left alone.
/// Errors (a read-only folder, say) are ignored: this never stops a command.
pub fn sweep_stale(journal: &Path) {
    let Some(folder) = scratch_folder(journal) else {
        return;
    };
    let Ok(entries) = fs::read_dir(&folder) else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(session_pid) else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = entry.path();
        if !process_runs(pid) && !lock_held(&dir.join(LOCK_FILE)) {
            let _ = fs::remove_dir_all(&dir);
        }
    }
    let _ = fs::remove_dir(&folder);
}

/// The process id in a session folder's name `PID-…`.
fn session_pid(name: &str) -> Option<u32> {
    let (pid, rest) = name.split_once('-')?;
    if rest.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` exists (this one always does); when that cannot
/// be told, it is taken to run.
fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return true;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(e) => e != rustix::io::Errno::SRCH,
    }
}

/// Whether some process holds the lock file at `path` locked. No lock
/// file, or a file system without locks, holds nothing.
fn lock_held(path: &Path) -> bool {
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    matches!(
        rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK
    )
}

/// Opens `text` in `editor` (split into words like a shell would, see
/// [`words::split_command`], the file path last) and returns the edited text. A trailing newline the editor added is
/// removed when the original had none. The scratch file is beside
/// `journal` (see the module's notes), or in the temp folder for a journal
/// in memory.
pub fn edit(
    editor: Option<&str>,
    text: &str,
    journal: Option<&Path>,
) -> Result<String, EditorError> {
    let command = editor
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .ok_or(EditorError::Unset)?;
    let words = words::split_command(command).map_err(|what| EditorError::Start {
        command: command.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidInput, what),
    })?;
    let (program, words) = words.split_first().ok_or(EditorError::Unset)?;
    let scratch = Scratch::create(journal.filter(|j| !j.as_os_str().is_empty()))?;
    let file_path = scratch.dir.join("entry.md");
    {
        let mut file = paths::create_private_file(&file_path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
    }
    // The editor is someone else's program: it gets no secret of candor's.
    let status = config::without_secrets(&mut Command::new(program))
        .args(words)
        .arg(&file_path)
        .status()
        .map_err(|source| EditorError::Start {
            command: command.to_owned(),
            source,
        })?;
    if !status.success() {
        return Err(EditorError::Failed {
            command: command.to_owned(),
            status,
        });
    }
    let bytes = fs::read(&file_path)?;
    let mut edited = String::from_utf8(bytes).map_err(|_| EditorError::NotText)?;
    if !text.ends_with('\n') && edited.ends_with('\n') {
        edited.pop();
        if edited.ends_with('\r') {
            edited.pop();
        }
    }
    Ok(edited)
}

#[cfg(test)]
mod tests;
