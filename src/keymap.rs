//! Key bindings: `assets/keymap.toml` merged with the user's own file, and a
//! pure `resolve(modes, key) -> Option<Action>` that the app and tests call.

use std::collections::HashSet;
use std::path::Path;

use crossterm::event::KeyEvent;

use crate::action::Action;

mod binding;
mod file;
mod key;
mod mode;

pub use binding::{Binding, KeymapError};
use file::read;
pub use key::Key;
pub use mode::Mode;

/// The default bindings.
pub const BUILT_IN: &str = include_str!("../assets/keymap.toml");

/// The order of the help screen's groups.
const HELP_ORDER: [Mode; 15] = [
    Mode::Browse,
    Mode::Pairs,
    Mode::Tab,
    Mode::Overview,
    Mode::FirstMeeting,
    Mode::Entries,
    Mode::Meetings,
    Mode::Form,
    Mode::Prompt,
    Mode::ImportFile,
    Mode::ImportPreview,
    Mode::Viewer,
    Mode::Search,
    Mode::Confirm,
    Mode::Help,
];

/// All bindings, defaults first with the user's merged over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Keymap {
    /// The built-in keymap.
    pub fn built_in() -> Self {
        // Checked by a unit test; the embedded file always parses.
        Self::parse(BUILT_IN, Path::new("(built-in)")).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The built-in keymap with `keymap.toml` from `config_dir` over it
    /// (see [`Keymap::with_user`]). An error leaves nothing half-applied:
    /// the caller can go on with [`Keymap::built_in`].
    pub fn load(config_dir: Option<&Path>) -> Result<Self, KeymapError> {
        let map = Self::built_in();
        let Some(path) = config_dir.map(|d| d.join("keymap.toml")) else {
            return Ok(map);
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(map),
            Err(e) => {
                return Err(KeymapError {
                    path,
                    line: None,
                    message: e.to_string(),
                });
            }
        };
        map.with_user(&text, &path)
    }

    /// Parses keymap text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, KeymapError> {
        let bindings = read(text, path)?
            .iter()
            .flat_map(|e| e.bindings(&[]))
            .collect();
        Ok(Self { bindings })
    }

    /// This keymap with a user's keymap text over it; `path` names the file
    /// in errors. A user's key takes that key over in each mode of its
    /// entry (`run = "none"` only frees it there), and a user's entry
    /// replaces the bindings of its mode and action, keeping their place on
    /// the help screen and, unless it says otherwise, their description and
    /// hint. Everything else stays as it was.
    pub fn with_user(self, text: &str, path: &Path) -> Result<Self, KeymapError> {
        let user = read(text, path)?;
        let taken: HashSet<(Mode, Key)> = user
            .iter()
            .flat_map(|e| {
                e.modes
                    .iter()
                    .flat_map(|&m| e.keys.iter().map(move |&k| (m, k)))
            })
            .collect();
        let mut added: Vec<Binding> = user
            .iter()
            .flat_map(|e| e.bindings(&self.bindings))
            .collect();
        let replaced: HashSet<(Mode, Action)> = added.iter().map(|b| (b.mode, b.action)).collect();
        let mut bindings = Vec::with_capacity(self.bindings.len() + added.len());
        for mut b in self.bindings {
            if replaced.contains(&(b.mode, b.action)) {
                let (here, rest) = added
                    .into_iter()
                    .partition(|u| u.mode == b.mode && u.action == b.action);
                added = rest;
                bindings.extend::<Vec<_>>(here);
                continue;
            }
            b.keys.retain(|&k| !taken.contains(&(b.mode, k)));
            if !b.keys.is_empty() {
                bindings.push(b);
            }
        }
        bindings.extend(added);
        let map = Self { bindings };
        // A keymap that leaves no way out would trap whoever uses it.
        if !map
            .bindings
            .iter()
            .any(|b| b.mode == Mode::Browse && b.action == Action::Quit && !b.keys.is_empty())
        {
            return Err(KeymapError {
                path: path.to_owned(),
                line: None,
                message:
                    "it leaves no key that quits (bind one with run = \"quit\" in mode \"browse\")"
                        .into(),
            });
        }
        Ok(map)
    }

    /// The action bound to `key` in the first of `modes` that binds it.
    pub fn resolve(&self, modes: &[Mode], key: KeyEvent) -> Option<Action> {
        self.resolve_in(modes, key).map(|(_, action)| action)
    }

    /// The first of `modes` that binds `key`, and the action bound there.
    pub fn resolve_in(&self, modes: &[Mode], key: KeyEvent) -> Option<(Mode, Action)> {
        let key = Key::from_event(key);
        modes.iter().find_map(|mode| {
            self.bindings
                .iter()
                .find(|b| b.mode == *mode && b.keys.contains(&key))
                .map(|b| (*mode, b.action))
        })
    }

    /// Every binding, for the help screen.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The bindings grouped by where they work, in the help screen's order;
    /// modes without a binding are left out.
    pub fn by_mode(&self) -> Vec<(Mode, Vec<&Binding>)> {
        HELP_ORDER
            .iter()
            .map(|&m| (m, self.bindings.iter().filter(|b| b.mode == m).collect()))
            .filter(|(_, b): &(Mode, Vec<&Binding>)| !b.is_empty())
            .collect()
    }

    /// How many lines the help screen has: a title per group, its
    /// bindings, and a blank line between groups.
    pub fn help_lines(&self) -> usize {
        let groups = self.by_mode();
        groups.iter().map(|(_, b)| 1 + b.len()).sum::<usize>() + groups.len().saturating_sub(1)
    }

    /// The status-line hints for `modes`: (first key, description), each action once.
    pub fn hints(&self, modes: &[Mode]) -> Vec<(String, String)> {
        self.hints_except(modes, &[])
    }

    /// [`Keymap::hints`] without the actions in `hidden`, such as the
    /// editor hand-off on a form whose text is private.
    pub fn hints_except(&self, modes: &[Mode], hidden: &[Action]) -> Vec<(String, String)> {
        let mut seen = hidden.to_vec();
        let mut out = Vec::new();
        for mode in modes {
            for b in self.bindings.iter().filter(|b| b.mode == *mode && b.hint) {
                if seen.contains(&b.action) {
                    continue;
                }
                seen.push(b.action);
                if let Some(k) = b.keys.first() {
                    out.push((k.to_string(), b.desc.clone()));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
