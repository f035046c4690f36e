//! Key bindings: `assets/keymap.toml` merged with the user's own file, and a
//! pure `resolve(modes, key) -> Option<Action>` that the app and tests call.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use toml::Spanned;

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
    /// The name on the help screen (the keymap file uses the snake-case
    /// name, such as `first_meeting`).
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

/// One `[[bind]]` entry as the file has it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    mode: Spanned<Names>,
    on: Vec<Spanned<String>>,
    run: Spanned<String>,
    desc: Option<String>,
    hint: Option<bool>,
}

/// One name or a list of names: `mode = "browse"` or `mode = ["browse", "viewer"]`.
#[derive(Debug)]
struct Names(Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Names;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mode or a list of modes")
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Names, E> {
                Ok(Names(vec![s.to_owned()]))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Names, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(Names(names))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// What `run = "none"` means: the keys do nothing in those modes.
const UNBIND: &str = "none";

/// One `[[bind]]` entry, its names checked.
#[derive(Debug)]
struct Entry {
    modes: Vec<Mode>,
    keys: Vec<Key>,
    /// `None` for `run = "none"`.
    action: Option<Action>,
    /// The action's name in the file.
    run: String,
    desc: Option<String>,
    hint: Option<bool>,
}

impl Entry {
    /// The bindings it makes, one per mode; a missing description or hint
    /// comes from the binding of the same mode and action in `defaults`.
    fn bindings(&self, defaults: &[Binding]) -> Vec<Binding> {
        let Some(action) = self.action else {
            return Vec::new();
        };
        self.modes
            .iter()
            .map(|&mode| {
                let default = defaults
                    .iter()
                    .find(|d| d.mode == mode && d.action == action);
                Binding {
                    mode,
                    keys: self.keys.clone(),
                    action,
                    desc: self
                        .desc
                        .clone()
                        .or_else(|| default.map(|d| d.desc.clone()))
                        .unwrap_or_else(|| self.run.replace('_', " ")),
                    hint: self.hint.or(default.map(|d| d.hint)).unwrap_or(false),
                }
            })
            .collect()
    }
}

/// The line of byte `offset` in `text`, counted from 1.
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Where `s` starts, for [`line_at`].
fn at<T>(s: &Spanned<T>) -> Option<usize> {
    Some(s.span().start)
}

/// `name` as a value of `T` named in snake case, as serde reads it.
fn named<'de, T: Deserialize<'de>>(name: &'de str) -> Option<T> {
    use serde::de::IntoDeserializer;
    T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(name)).ok()
}

/// The entries of a keymap file, each name checked, and no key bound twice
/// in one mode; `path` names the file in errors.
fn read(text: &str, path: &Path) -> Result<Vec<Entry>, KeymapError> {
    let err = |offset: Option<usize>, message: String| KeymapError {
        path: path.to_owned(),
        line: offset.map(|o| line_at(text, o)),
        message,
    };
    let file: File = toml::from_str(text)
        .map_err(|e| err(e.span().map(|s| s.start), e.message().trim().to_owned()))?;
    let mut seen: HashMap<(Mode, Key), usize> = HashMap::new();
    let mut entries = Vec::with_capacity(file.bind.len());
    for raw in file.bind {
        let names = &raw.mode.get_ref().0;
        if names.is_empty() {
            return Err(err(at(&raw.mode), "the binding names no mode".into()));
        }
        let mut modes = Vec::with_capacity(names.len());
        for name in names {
            let mode = named::<Mode>(name)
                .ok_or_else(|| err(at(&raw.mode), format!("'{name}' is not a mode")))?;
            modes.push((mode, name.as_str()));
        }
        let run = raw.run.get_ref();
        let action = if run == UNBIND {
            None
        } else {
            Some(
                named::<Action>(run)
                    .ok_or_else(|| err(at(&raw.run), format!("'{run}' is not an action")))?,
            )
        };
        let mut keys = Vec::with_capacity(raw.on.len());
        for on in &raw.on {
            let key = on.get_ref().parse::<Key>().map_err(|m| err(at(on), m))?;
            let line = line_at(text, on.span().start);
            for &(mode, name) in &modes {
                if let Some(first) = seen.insert((mode, key), line) {
                    return Err(err(
                        at(on),
                        format!(
                            "'{}' is bound twice in mode '{name}' (first on line {first})",
                            on.get_ref()
                        ),
                    ));
                }
            }
            keys.push(key);
        }
        entries.push(Entry {
            modes: modes.into_iter().map(|(m, _)| m).collect(),
            keys,
            action,
            run: run.clone(),
            desc: raw.desc,
            hint: raw.hint,
        });
    }
    Ok(entries)
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

    fn ch(c: char) -> KeyEvent {
        key(KeyCode::Char(c))
    }

    fn user(text: &str) -> Result<Keymap, KeymapError> {
        Keymap::built_in().with_user(text, Path::new("/c/keymap.toml"))
    }

    #[test]
    fn a_user_binding_of_a_default_key_wins() {
        let map =
            user("[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"help\"\n").expect("valid");
        assert_eq!(map.resolve(&[Mode::Browse], ch('x')), Some(Action::Help));
        // The help screen lists x under help, and no longer under export.
        let x: Key = "x".parse().expect("a key");
        let holding: Vec<_> = map
            .bindings()
            .iter()
            .filter(|b| b.mode == Mode::Browse && b.keys.contains(&x))
            .map(|b| (b.action, b.desc.as_str()))
            .collect();
        assert_eq!(holding, [(Action::Help, "help")]);
        // Export has no key left in browse.
        assert!(
            !map.bindings()
                .iter()
                .any(|b| b.mode == Mode::Browse && b.action == Action::Export)
        );
        // An entry for an action still replaces that action's default keys.
        assert_eq!(map.resolve(&[Mode::Browse], ch('?')), None);
    }

    #[test]
    fn defaults_in_modes_the_user_binding_does_not_cover_remain() {
        let map = user("[[bind]]\nmode = \"entries\"\non = [\"e\"]\nrun = \"page_down\"\n")
            .expect("valid");
        assert_eq!(
            map.resolve(&[Mode::Entries, Mode::Tab, Mode::Browse], ch('e')),
            Some(Action::PageDown)
        );
        // The other keys of entries stay: only e was taken over there.
        assert_eq!(
            map.resolve(&[Mode::Entries], key(KeyCode::Enter)),
            Some(Action::Open)
        );
        // e keeps its default meaning everywhere else.
        for mode in [
            Mode::Pairs,
            Mode::FirstMeeting,
            Mode::Overview,
            Mode::Viewer,
        ] {
            assert_eq!(
                map.resolve(&[mode], ch('e')),
                Some(Action::Edit),
                "{mode:?}"
            );
        }
        // And a user key in one mode leaves a more specific mode's default alone.
        let map =
            user("[[bind]]\nmode = \"browse\"\non = [\"n\"]\nrun = \"help\"\n").expect("valid");
        assert_eq!(
            map.resolve(&[Mode::Pairs, Mode::Browse], ch('n')),
            Some(Action::New)
        );
        assert_eq!(map.resolve(&[Mode::Browse], ch('n')), Some(Action::Help));
    }

    #[test]
    fn none_unbinds_the_key_in_the_modes_given() {
        let map = user("[[bind]]\nmode = [\"browse\", \"help\"]\non = [\"q\"]\nrun = \"none\"\n")
            .expect("valid");
        assert_eq!(map.resolve(&[Mode::Browse], ch('q')), None);
        assert_eq!(map.resolve(&[Mode::Help], ch('q')), None);
        // The other keys of those bindings, and q elsewhere, stay.
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.resolve(&[Mode::Browse], ctrl_c), Some(Action::Quit));
        assert_eq!(
            map.resolve(&[Mode::Help], key(KeyCode::Esc)),
            Some(Action::Cancel)
        );
        assert_eq!(map.resolve(&[Mode::Viewer], ch('q')), Some(Action::Cancel));
        // The help screen no longer shows q in those modes.
        let q: Key = "q".parse().expect("a key");
        assert!(
            !map.bindings()
                .iter()
                .any(|b| matches!(b.mode, Mode::Browse | Mode::Help) && b.keys.contains(&q))
        );
    }

    #[test]
    fn a_user_binding_without_desc_or_hint_keeps_the_defaults() {
        let map = user("[[bind]]\nmode = \"browse\"\non = [\"ctrl-q\"]\nrun = \"quit\"\n")
            .expect("valid");
        assert!(
            map.hints(&[Mode::Browse])
                .contains(&("ctrl-q".into(), "quit".into()))
        );
        let quit: Vec<_> = map
            .bindings()
            .iter()
            .filter(|b| b.action == Action::Quit)
            .collect();
        assert_eq!(quit.len(), 1);
        assert_eq!(quit[0].keys, ["ctrl-q".parse::<Key>().expect("a key")]);
        // In the default's place on the help screen: first.
        assert_eq!(map.bindings()[0].action, Action::Quit);
        // An action with no default in that mode is named after itself.
        let map = user("[[bind]]\nmode = \"form\"\non = [\"ctrl-q\"]\nrun = \"page_up\"\n")
            .expect("valid");
        let last = map.bindings().last().expect("bindings");
        assert_eq!(
            (last.action, last.desc.as_str(), last.hint),
            (Action::PageUp, "page up", false)
        );
    }

    fn error(text: &str) -> KeymapError {
        user(text).expect_err("the keymap is refused")
    }

    #[test]
    fn an_unknown_action_is_an_error_with_file_and_line() {
        let e = error("# mine\n[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"explode\"\n");
        assert_eq!(e.line, Some(5), "{e}");
        assert_eq!(
            e.to_string(),
            "the keymap /c/keymap.toml, line 5: 'explode' is not an action"
        );
    }

    #[test]
    fn an_unknown_mode_is_an_error_with_file_and_line() {
        let e = error(
            "[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"help\"\n\n[[bind]]\nmode = [\"pairs\", \"everywhere\"]\non = [\"y\"]\nrun = \"help\"\n",
        );
        assert_eq!(e.line, Some(7), "{e}");
        assert!(e.to_string().contains("/c/keymap.toml"), "{e}");
        assert!(e.message.contains("'everywhere' is not a mode"), "{e}");
    }

    #[test]
    fn one_key_bound_twice_in_one_mode_is_an_error_with_the_line() {
        let e = error(
            "[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"help\"\n\n[[bind]]\nmode = [\"pairs\", \"browse\"]\non = [\"y\", \"x\"]\nrun = \"none\"\n",
        );
        assert_eq!(e.line, Some(8), "{e}");
        assert!(e.to_string().contains("/c/keymap.toml"), "{e}");
        assert!(
            e.message
                .contains("'x' is bound twice in mode 'browse' (first on line 3)"),
            "{e}"
        );
        // The same key in two modes is no clash.
        user("[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"help\"\n\n[[bind]]\nmode = \"pairs\"\non = [\"x\"]\nrun = \"none\"\n").expect("valid");
    }

    #[test]
    fn other_mistakes_name_the_line_too() {
        assert_eq!(
            error("[[bind]]\nmode = \"browse\"\non = [\"ctrl-\"]\nrun = \"quit\"\n").line,
            Some(3)
        );
        assert_eq!(
            error("[[bind]]\nmode = []\non = [\"x\"]\nrun = \"quit\"\n").line,
            Some(2)
        );
        assert_eq!(
            error("[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"quit\"\nwhen = 1\n").line,
            Some(5)
        );
        assert_eq!(
            error("\n[[bind]]\nmode = \"browse\"\non = \"x\"\nrun = \"quit\"\n").line,
            Some(4)
        );
    }

    #[test]
    fn a_missing_file_is_the_defaults_and_a_bad_one_an_error() {
        let tmp = tempfile::tempdir().expect("a folder");
        let dir = tmp.path();
        assert_eq!(
            Keymap::load(Some(dir)).expect("no file"),
            Keymap::built_in()
        );
        std::fs::write(
            dir.join("keymap.toml"),
            "[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"nope\"\n",
        )
        .expect("written");
        let e = Keymap::load(Some(dir)).expect_err("refused");
        assert_eq!(e.path, dir.join("keymap.toml"));
        assert_eq!(e.line, Some(4));
    }

    #[test]
    fn the_readme_example_does_what_it_says() {
        let readme = include_str!("../README.md");
        let start = readme.find("```toml\n").expect("a toml block") + "```toml\n".len();
        let text = &readme[start..];
        let text = &text[..text.find("```").expect("its end")];
        let map = user(text).expect("the example is valid");
        assert_eq!(map.resolve(&[Mode::Browse], ch('x')), Some(Action::Help));
        assert_eq!(map.resolve(&[Mode::Browse], ch('?')), None);
        assert_eq!(map.resolve(&[Mode::Browse], ch('q')), None);
        assert_eq!(map.resolve(&[Mode::Help], ch('q')), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.resolve(&[Mode::Browse], ctrl_c), Some(Action::Quit));
    }
}
