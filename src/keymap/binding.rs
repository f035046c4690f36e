//! One binding (keys in a mode that run an action), and why a keymap file
//! could not be used.

use std::fmt;
use std::path::PathBuf;

use super::key::Key;
use super::mode::Mode;
use crate::action::Action;

/// One binding: keys in a mode that run an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// Where it applies.
    pub mode: Mode,
    /// The keys that trigger it.
    pub keys: Vec<Key>,
    /// What it does.
    pub action: Action,
    /// What the help screen says.
    pub desc: String,
    /// Whether the status line shows it.
    pub hint: bool,
}

/// Why a keymap file could not be used.
#[derive(Debug, thiserror::Error)]
pub struct KeymapError {
    /// The file.
    pub path: PathBuf,
    /// The line the problem is on, counted from 1, where it is known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the keymap {}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        write!(f, ": {}", self.message)
    }
}
