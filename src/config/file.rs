//! Reading `config.toml`: every key known, every value checked, and the
//! first thing wrong said in one sentence with the file, the line and the key.
//! The text is handed in; this module reads no file itself.

use std::path::{Path, PathBuf};

use chrono::Weekday;
use toml::de::{DeTable, DeValue};

use super::color::ColorChoice;
use crate::clock::DateFormat;

/// The file's name in the configuration directory.
pub const FILE_NAME: &str = "config.toml";

/// The keys the file may have, in the order `config show` lists them.
pub const KEYS: &[&str] = &[
    "date_format",
    "week_start",
    "default_pair",
    "editor",
    "color",
    "idle_lock_minutes",
    "autosave_seconds",
    "sync_folder",
];

/// The longest idle lock the file may ask for: a day.
const MAX_LOCK_MINUTES: i64 = 24 * 60;
/// The longest wait before a draft is kept: an hour.
const MAX_AUTOSAVE_SECONDS: i64 = 60 * 60;

/// A value the file sets, and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set<T> {
    /// The value.
    pub value: T,
    /// Its line in the file, from 1.
    pub line: usize,
}

/// What a config file sets; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSettings {
    /// `date_format`: how dates are shown (strftime).
    pub date_format: Option<Set<DateFormat>>,
    /// `week_start`: monday or sunday.
    pub week_start: Option<Set<Weekday>>,
    /// `default_pair`: the pair the screen opens on.
    pub default_pair: Option<Set<String>>,
    /// `editor`: the editor command, split like a shell would.
    pub editor: Option<Set<String>>,
    /// `color`: auto, always or never.
    pub color: Option<Set<ColorChoice>>,
    /// `idle_lock_minutes`.
    pub idle_lock_minutes: Option<Set<u64>>,
    /// `autosave_seconds`.
    pub autosave_seconds: Option<Set<u64>>,
    /// `sync_folder`: what `candor sync` uses when DIR is left out.
    pub sync_folder: Option<Set<PathBuf>>,
}

/// Why a config file cannot be used: one sentence, with the file, the line
/// and the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}, line {line}: {what}", crate::text::path(file))]
pub struct FileError {
    /// The file.
    pub file: PathBuf,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong, naming the key.
    pub what: String,
}

/// The line of byte `offset` in `text`, from 1.
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Reads the text of the config file at `file` (the path is only named in errors).
pub fn parse(file: &Path, text: &str) -> Result<FileSettings, FileError> {
    let err = |line, what: String| FileError {
        file: file.to_owned(),
        line,
        what,
    };
    let table = DeTable::parse(text).map_err(|e| {
        let line = line_at(text, e.span().map_or(0, |s| s.start));
        let message = crate::text::one_line(e.message().trim());
        let message = message.trim_end_matches('.');
        match key_on_line(text, line) {
            Some(key) => err(
                line,
                format!("the TOML is broken at key '{key}' ({message})"),
            ),
            None => err(line, format!("the TOML is broken ({message})")),
        }
    })?;
    let mut entries: Vec<_> = table.get_ref().iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut settings = FileSettings::default();
    for (key, value) in entries {
        let line = line_at(text, key.span().start);
        let name: &str = key.get_ref();
        let shown = crate::text::one_line(name);
        let value = value.get_ref();
        let bad = |what: &str| err(line, format!("{shown} must be {what}, not {}", show(value)));
        match name {
            "date_format" => {
                let s = string(value).ok_or_else(|| bad("a date format such as \"%d.%m.%Y\""))?;
                let format = DateFormat::new(s).map_err(|why| bad(&why))?;
                settings.date_format = Some(Set {
                    value: format,
                    line,
                });
            }
            "week_start" => {
                let day = match string(value).map(str::to_ascii_lowercase).as_deref() {
                    Some("monday") => Weekday::Mon,
                    Some("sunday") => Weekday::Sun,
                    _ => return Err(bad("\"monday\" or \"sunday\"")),
                };
                settings.week_start = Some(Set { value: day, line });
            }
            "default_pair" => {
                let s = string(value)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| bad("a pair's id or part of a name, in quotes"))?;
                settings.default_pair = Some(Set {
                    value: s.to_owned(),
                    line,
                });
            }
            "editor" => {
                let s = string(value)
                    .filter(|s| crate::editor::words::split_command(s).is_ok_and(|w| !w.is_empty()))
                    .ok_or_else(|| bad("a command such as \"nano\" or \"'/opt/My Editor/edit' --wait\" (quotes closed)"))?;
                settings.editor = Some(Set {
                    value: s.to_owned(),
                    line,
                });
            }
            "color" => {
                let choice = match string(value).map(str::to_ascii_lowercase).as_deref() {
                    Some("auto") => ColorChoice::Auto,
                    Some("always") => ColorChoice::Always,
                    Some("never") => ColorChoice::Never,
                    _ => return Err(bad("\"auto\", \"always\" or \"never\"")),
                };
                settings.color = Some(Set {
                    value: choice,
                    line,
                });
            }
            "idle_lock_minutes" => {
                let n = integer(value, 1, MAX_LOCK_MINUTES).ok_or_else(|| {
                    bad(&format!(
                        "a whole number of minutes from 1 to {MAX_LOCK_MINUTES}"
                    ))
                })?;
                settings.idle_lock_minutes = Some(Set { value: n, line });
            }
            "autosave_seconds" => {
                let n = integer(value, 1, MAX_AUTOSAVE_SECONDS).ok_or_else(|| {
                    bad(&format!(
                        "a whole number of seconds from 1 to {MAX_AUTOSAVE_SECONDS}"
                    ))
                })?;
                settings.autosave_seconds = Some(Set { value: n, line });
            }
            "sync_folder" => {
                let s = string(value)
                    .filter(|s| !s.trim().is_empty())
                    .ok_or_else(|| bad("a folder, in quotes"))?;
                settings.sync_folder = Some(Set {
                    value: PathBuf::from(s),
                    line,
                });
            }
            _ => {
                return Err(err(
                    line,
                    format!("unknown key '{shown}' (candor config show lists the keys)"),
                ));
            }
        }
    }
    Ok(settings)
}

/// The key `key = …` on line `line` of `text`, if that line has one.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let (key, _) = text.lines().nth(line.checked_sub(1)?)?.split_once('=')?;
    let key = key.trim().trim_matches(['"', '\'']);
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    plain.then(|| key.to_owned())
}

fn string<'a>(value: &'a DeValue<'_>) -> Option<&'a str> {
    match value {
        DeValue::String(s) => Some(s.as_ref()),
        _ => None,
    }
}

/// A TOML integer from `min` to `max`.
fn integer(value: &DeValue<'_>, min: i64, max: i64) -> Option<u64> {
    let DeValue::Integer(i) = value else {
        return None;
    };
    let digits = i.as_str().replace('_', "");
    let digits = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0o"))
        .or_else(|| digits.strip_prefix("0b"))
        .unwrap_or(&digits);
    let n = i64::from_str_radix(digits, i.radix()).ok()?;
    (min..=max)
        .contains(&n)
        .then(|| u64::try_from(n).ok())
        .flatten()
}

/// A value as the sentence quotes it.
fn show(value: &DeValue<'_>) -> String {
    let shown = match value {
        DeValue::String(s) => format!("\"{s}\""),
        DeValue::Integer(i) => i.as_str().to_owned(),
        DeValue::Float(f) => f.as_str().to_owned(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Array(_) => "a list".to_owned(),
        DeValue::Table(_) => "a table".to_owned(),
    };
    let shown = crate::text::one_line(&shown);
    match shown.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &shown[..end]),
        None => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<FileSettings, String> {
        parse(Path::new("/c/config.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn every_key_is_read_with_its_line() -> Result<(), String> {
        let s = parsed(
            "# mine\ndate_format = \"%d.%m.%Y\"\nweek_start = \"Sunday\"\ndefault_pair = \"ben\"\n\
             editor = \"'/opt/My Editor/edit' --wait\"\ncolor = \"never\"\nidle_lock_minutes = 10\n\
             autosave_seconds = 1_0\nsync_folder = \"~/Sync/candor\"\n",
        )?;
        assert_eq!(
            s.date_format.map(|d| (d.value.as_str().to_owned(), d.line)),
            Some(("%d.%m.%Y".into(), 2))
        );
        assert_eq!(
            s.week_start,
            Some(Set {
                value: Weekday::Sun,
                line: 3
            })
        );
        assert_eq!(s.default_pair.map(|p| p.value), Some("ben".into()));
        assert_eq!(s.editor.map(|e| e.line), Some(5));
        assert_eq!(s.color.map(|c| c.value), Some(ColorChoice::Never));
        assert_eq!(s.idle_lock_minutes.map(|m| m.value), Some(10));
        assert_eq!(s.autosave_seconds, Some(Set { value: 10, line: 8 }));
        assert_eq!(
            s.sync_folder.map(|f| f.value),
            Some(PathBuf::from("~/Sync/candor"))
        );
        Ok(())
    }

    #[test]
    fn an_empty_file_sets_nothing() {
        assert_eq!(parsed("\n# nothing\n"), Ok(FileSettings::default()));
    }

    #[test]
    fn errors_name_the_file_the_line_and_the_key() {
        assert_eq!(
            parsed("color = \"auto\"\n\ncolour = \"never\"\n"),
            Err(
                "/c/config.toml, line 3: unknown key 'colour' (candor config show lists the keys)"
                    .into()
            )
        );
        assert_eq!(
            parsed("idle_lock_minutes = \"soon\"\n"),
            Err("/c/config.toml, line 1: idle_lock_minutes must be a whole number of minutes from 1 to 1440, not \"soon\"".into())
        );
        assert_eq!(
            parsed("\nweek_start = \"tuesday\""),
            Err("/c/config.toml, line 2: week_start must be \"monday\" or \"sunday\", not \"tuesday\"".into())
        );
        assert_eq!(
            parsed("autosave_seconds = 0"),
            Err("/c/config.toml, line 1: autosave_seconds must be a whole number of seconds from 1 to 3600, not 0".into())
        );
        assert!(
            parsed("editor = \"'/opt/My Editor/edit --wait\"")
                .is_err_and(|e| e.starts_with("/c/config.toml, line 1: editor must be a command"))
        );
        assert!(
            parsed("date_format = \"%Q\"")
                .is_err_and(|e| e.starts_with("/c/config.toml, line 1: date_format must be"))
        );
        let broken = parsed("color = \"auto\"\nweek_start = \"monday\nx = 1\n");
        assert!(
            broken.as_ref().is_err_and(|e| e
                .starts_with("/c/config.toml, line 2: the TOML is broken at key 'week_start' (")),
            "{broken:?}"
        );
    }
}
