//! Handing text to the user's `$EDITOR` and reading it back.
//!
//! The text goes through a file created 0600 inside a folder created 0700,
//! both removed afterwards, whatever happens. Private text never comes here:
//! callers refuse before calling.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

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

/// A private scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Opens `text` in `editor` (split on spaces like git does, the file path
/// last) and returns the edited text. A trailing newline the editor added is
/// removed when the original had none.
pub fn edit(editor: Option<&str>, text: &str) -> Result<String, EditorError> {
    let command = editor
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .ok_or(EditorError::Unset)?;
    let mut words = command.split_whitespace();
    let program = words.next().ok_or(EditorError::Unset)?;
    let scratch =
        Scratch(std::env::temp_dir().join(format!("candor-edit-{}", uuid::Uuid::new_v4())));
    paths::create_private_dirs(&scratch.0)?;
    let file_path = scratch.0.join("entry.md");
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
