//! Key bindings: `assets/keymap.toml` merged with the user's own file, and a
//! pure `resolve(modes, key) -> Option<Action>` that the app and tests call.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use crate::action::Action;

/// The default bindings.
pub const BUILT_IN: &str = include_str!("../assets/keymap.toml");

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Anywhere outside forms and help.
    Browse,
    /// The pair list has the focus.
    Pairs,
    /// A tab other than First meeting has the focus.
    Tab,
    /// The First meeting tab has the focus.
    FirstMeeting,
    /// The Overview tab has the focus (on top of `tab`).
    Overview,
    /// The Meetings tab has the focus (on top of `entries`).
    Meetings,
    /// A tab listing entries (Meetings, Feedback, Notes) has the focus.
    Entries,
    /// A form is open.
    Form,
    /// A form that takes a passphrase is open: Enter submits, and nothing
    /// hands the field to `$EDITOR`.
    Prompt,
    /// The import window asks for the file (on top of `form`).
    ImportFile,
    /// The import window shows what the file would change (on top of `form`).
    ImportPreview,
    /// A long text is being read.
    Viewer,
    /// A yes/no question is asked.
    Confirm,
    /// The search window is open (other keys type the query).
    Search,
    /// Help is shown.
    Help,
}

impl Mode {
    /// The name used in the keymap file and on the help screen.
    pub fn label(self) -> &'static str {
        match self {
            Self::Browse => "Anywhere",
            Self::Pairs => "Pair list",
            Self::Tab => "Tabs",
            Self::FirstMeeting => "First meeting",
            Self::Overview => "Overview",
            Self::Meetings => "Meetings",
            Self::Entries => "Meetings, feedback, notes",
            Self::Form => "Forms",
            Self::Prompt => "Passphrase prompts",
            Self::ImportFile => "Import: the file",
            Self::ImportPreview => "Import: what it would change",
            Self::Viewer => "Reading",
            Self::Confirm => "Questions",
            Self::Search => "Search",
            Self::Help => "Help",
        }
    }
}

/// One key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    mods: KeyModifiers,
}

impl Key {
    /// The key of a terminal event, with Shift folded into characters.
    pub fn from_event(ev: KeyEvent) -> Self {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(ev.code, KeyCode::Char(_) | KeyCode::BackTab) {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match ev.code {
            // Ctrl with a letter arrives lower-case on most terminals; make it so always.
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            c => c,
        };
        Self { code, mods }
    }
}

const NAMED: &[(&str, KeyCode)] = &[
    ("space", KeyCode::Char(' ')),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
];

impl FromStr for Key {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-").filter(|r| !r.is_empty()) {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == rest) {
            *code
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => KeyCode::Char(if mods.is_empty() {
                    c
                } else {
                    c.to_ascii_lowercase()
                }),
                _ => return Err(format!("'{s}' is not a key")),
            }
        };
        Ok(Self { code, mods })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            code => {
                let name = NAMED
                    .iter()
                    .find(|(_, c)| *c == code)
                    .map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    bind: Vec<RawBinding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    mode: Mode,
    on: Vec<String>,
    run: Action,
    #[serde(default)]
    desc: String,
    #[serde(default)]
    hint: bool,
}

/// Why a keymap file could not be used.
#[derive(Debug, thiserror::Error)]
#[error("the keymap {path} cannot be used: {message}")]
pub struct KeymapError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong, with the line where the parser knows it.
    pub message: String,
}

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

    /// The built-in keymap with `keymap.toml` from `config_dir` merged over it.
    pub fn load(config_dir: Option<&Path>) -> Result<Self, KeymapError> {
        let mut map = Self::built_in();
        let Some(path) = config_dir.map(|d| d.join("keymap.toml")) else {
            return Ok(map);
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(map),
            Err(e) => {
                return Err(KeymapError {
                    path,
                    message: e.to_string(),
                });
            }
        };
        let user = Self::parse(&text, &path)?;
        for b in user.bindings {
            map.bindings
                .retain(|d| !(d.mode == b.mode && d.action == b.action));
            map.bindings.push(b);
        }
        Ok(map)
    }

    /// Parses keymap text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, KeymapError> {
        let err = |message: String| KeymapError {
            path: path.to_owned(),
            message,
        };
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            err(match line {
                Some(l) => format!("line {l}: {}", e.message().trim()),
                None => e.message().trim().to_owned(),
            })
        })?;
        let mut bindings = Vec::with_capacity(file.bind.len());
        for raw in file.bind {
            let keys = raw
                .on
                .iter()
                .map(|k| k.parse::<Key>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(err)?;
            bindings.push(Binding {
                mode: raw.mode,
                keys,
                action: raw.run,
                desc: raw.desc,
                hint: raw.hint,
            });
        }
        Ok(Self { bindings })
    }

    /// The action bound to `key` in the first of `modes` that binds it.
    pub fn resolve(&self, modes: &[Mode], key: KeyEvent) -> Option<Action> {
        let key = Key::from_event(key);
        modes.iter().find_map(|mode| {
            self.bindings
                .iter()
                .find(|b| b.mode == *mode && b.keys.contains(&key))
                .map(|b| b.action)
        })
    }

    /// Every binding, for the help screen.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
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
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn built_in_keymap_parses() {
        assert!(Keymap::built_in().bindings().len() > 20);
    }

    #[test]
    fn specific_mode_wins_over_browse() {
        let map = Keymap::built_in();
        let modes = [Mode::FirstMeeting, Mode::Browse];
        assert_eq!(
            map.resolve(&modes, key(KeyCode::Char(' '))),
            Some(Action::Toggle)
        );
        assert_eq!(
            map.resolve(&modes, key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert_eq!(
            map.resolve(&[Mode::Pairs, Mode::Browse], key(KeyCode::Char(' '))),
            None
        );
    }

    #[test]
    fn shifted_letters_and_ctrl_keys_resolve() {
        let map = Keymap::built_in();
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.resolve(&[Mode::Browse], shifted), Some(Action::Bottom));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.resolve(&[Mode::Browse], ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn a_bad_key_is_reported_with_the_file() {
        let text = "[[bind]]\nmode = \"browse\"\non = [\"ctrl-\"]\nrun = \"quit\"\n";
        let err = Keymap::parse(text, Path::new("/c/keymap.toml")).expect_err("bad key");
        assert!(err.to_string().contains("/c/keymap.toml"), "{err}");
        let text = "[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"explode\"\n";
        let err = Keymap::parse(text, Path::new("k.toml")).expect_err("bad action");
        assert!(err.to_string().contains("line"), "{err}");
    }
}
