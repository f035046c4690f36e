//! Reading a keymap file: its `[[bind]]` entries, every name checked, no
//! key bound twice in one mode, and errors that name the file and line.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Binding, Key, KeymapError, Mode};
use crate::action::Action;

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
pub(super) struct Entry {
    pub(super) modes: Vec<Mode>,
    pub(super) keys: Vec<Key>,
    /// `None` for `run = "none"`.
    pub(super) action: Option<Action>,
    /// The action's name in the file.
    pub(super) run: String,
    pub(super) desc: Option<String>,
    pub(super) hint: Option<bool>,
}

impl Entry {
    /// The bindings it makes, one per mode; a missing description or hint
    /// comes from the binding of the same mode and action in `defaults`.
    pub(super) fn bindings(&self, defaults: &[Binding]) -> Vec<Binding> {
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
pub(super) fn read(text: &str, path: &Path) -> Result<Vec<Entry>, KeymapError> {
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
        if raw.on.is_empty() {
            return Err(err(at(&raw.run), "the binding names no key".into()));
        }
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
