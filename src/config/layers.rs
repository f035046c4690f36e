//! The settings from their four sources, each over the one before: the
//! built-in defaults, the config file, the environment, the flags. What
//! each source says is gathered at the program's edge (`main.rs`) and
//! handed in; here it is weighed, and every value remembers where it came
//! from, for `candor config show`.

use std::path::PathBuf;
use std::time::Duration;

use chrono::Weekday;

use super::color::ColorChoice;
use super::file::{self, FileSettings, Set};
use crate::clock::DateFormat;

/// `$EDITOR`: the editor command.
pub const EDITOR_VAR: &str = "EDITOR";
/// `$NO_COLOR`: set and not empty, no colours.
pub const NO_COLOR_VAR: &str = "NO_COLOR";
/// `$CANDOR_LOCK_AFTER_SECS`: the idle lock, in seconds.
pub const LOCK_AFTER_VAR: &str = "CANDOR_LOCK_AFTER_SECS";
/// `$CANDOR_AUTOSAVE_SECS`: the wait before a draft is kept, in seconds.
pub const AUTOSAVE_VAR: &str = "CANDOR_AUTOSAVE_SECS";

/// The idle lock unless something says otherwise.
const DEFAULT_LOCK_AFTER: Duration = Duration::from_secs(300);
/// The wait before a draft is kept unless something says otherwise.
const DEFAULT_AUTOSAVE_AFTER: Duration = Duration::from_secs(3);

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built in.
    Default,
    /// The config file, on this line.
    File(usize),
    /// This environment variable.
    Env(&'static str),
    /// This command-line flag.
    Flag(&'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Default => f.write_str("default"),
            Self::File(line) => write!(f, "config file, line {line}"),
            Self::Env(var) => write!(f, "environment {var}"),
            Self::Flag(flag) => write!(f, "flag {flag}"),
        }
    }
}

/// One setting as `config show` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The config file's key.
    pub key: &'static str,
    /// The value in effect, as text.
    pub value: String,
    /// Where it came from.
    pub origin: Origin,
}

/// What the edge of the program found, unweighed.
#[derive(Debug)]
pub struct Sources {
    /// The config file's path, when there is a config directory.
    pub file: Option<PathBuf>,
    /// The file's text: `Ok(None)` when there is no such file, `Err` with
    /// what the system said when it could not be read.
    pub text: Result<Option<String>, String>,
    /// `$EDITOR`.
    pub editor: Option<String>,
    /// `$NO_COLOR`.
    pub no_color: Option<String>,
    /// `$CANDOR_LOCK_AFTER_SECS`.
    pub lock_after_secs: Option<String>,
    /// `$CANDOR_AUTOSAVE_SECS`.
    pub autosave_secs: Option<String>,
    /// `--color`.
    pub color_flag: Option<ColorChoice>,
    /// The home folder, for a `sync_folder` that starts with `~/`.
    pub home: Option<PathBuf>,
}

impl Default for Sources {
    fn default() -> Self {
        Self {
            file: None,
            text: Ok(None),
            editor: None,
            no_color: None,
            lock_after_secs: None,
            autosave_secs: None,
            color_flag: None,
            home: None,
        }
    }
}

/// The settings in effect.
#[derive(Debug, Clone)]
pub struct Effective {
    /// How dates are shown.
    pub date_format: DateFormat,
    /// The first day of a week.
    pub week_start: Weekday,
    /// The pair the screen opens on.
    pub default_pair: Option<String>,
    /// The editor command.
    pub editor: Option<String>,
    /// Colours or not.
    pub color: ColorChoice,
    /// The idle lock.
    pub lock_after: Duration,
    /// The wait before a draft is kept.
    pub autosave_after: Duration,
    /// The folder `candor sync` uses when DIR is left out.
    pub sync_folder: Option<PathBuf>,
    /// Every setting, its value and where it came from.
    pub shown: Vec<Shown>,
    /// The config file could not be used: why, in one sentence that ends
    /// by saying the defaults are in use.
    pub warning: Option<String>,
}

/// A value and where it came from.
struct Layered<T> {
    value: T,
    origin: Origin,
}

impl<T> Layered<T> {
    fn new(value: T) -> Self {
        Self {
            value,
            origin: Origin::Default,
        }
    }

    /// The file's value, if it has one, over what is here.
    fn file(&mut self, set: Option<Set<T>>) {
        if let Some(set) = set {
            self.value = set.value;
            self.origin = Origin::File(set.line);
        }
    }

    /// `value` from `origin`, if there is one, over what is here.
    fn over(&mut self, value: Option<T>, origin: Origin) {
        if let Some(value) = value {
            self.value = value;
            self.origin = origin;
        }
    }
}

/// Seconds from an environment variable, as before there was a config file.
fn seconds(var: &str, value: Option<&str>) -> Result<Option<Duration>, String> {
    value
        .map(|s| {
            s.trim()
                .parse()
                .map(Duration::from_secs)
                .map_err(|_| format!("{var} must be a whole number of seconds, not '{s}'"))
        })
        .transpose()
}

/// Weighs `sources`: the flags over the environment over the file over the
/// defaults. A file that cannot be used is left out whole (its sentence is
/// in [`Effective::warning`]); an environment variable that cannot be used
/// is an error, as it always was.
pub fn weigh(sources: Sources) -> Result<Effective, String> {
    let (from_file, warning) = match (&sources.file, &sources.text) {
        (Some(path), Ok(Some(text))) => match file::parse(path, text) {
            Ok(settings) => (settings, None),
            Err(e) => (FileSettings::default(), Some(e.to_string())),
        },
        (Some(path), Err(e)) => (
            FileSettings::default(),
            Some(format!(
                "cannot read {}: {}",
                crate::text::path(path),
                crate::text::one_line(e)
            )),
        ),
        _ => (FileSettings::default(), None),
    };
    let warning = warning.map(|w| format!("{w}; the defaults are in use"));

    let mut date_format = Layered::new(DateFormat::default());
    date_format.file(from_file.date_format);
    let mut week_start = Layered::new(Weekday::Mon);
    week_start.file(from_file.week_start);
    let mut default_pair = Layered::new(None);
    default_pair.file(from_file.default_pair.map(some));
    let mut editor = Layered::new(None);
    editor.file(from_file.editor.map(some));
    editor.over(
        sources.editor.filter(|e| !e.trim().is_empty()).map(Some),
        Origin::Env(EDITOR_VAR),
    );
    let mut color = Layered::new(ColorChoice::Auto);
    color.file(from_file.color);
    color.over(
        sources
            .no_color
            .filter(|v| !v.is_empty())
            .map(|_| ColorChoice::Never),
        Origin::Env(NO_COLOR_VAR),
    );
    color.over(sources.color_flag, Origin::Flag("--color"));
    let mut lock_after = Layered::new(DEFAULT_LOCK_AFTER);
    lock_after.file(from_file.idle_lock_minutes.map(|s| Set {
        value: Duration::from_secs(s.value * 60),
        line: s.line,
    }));
    lock_after.over(
        seconds(LOCK_AFTER_VAR, sources.lock_after_secs.as_deref())?,
        Origin::Env(LOCK_AFTER_VAR),
    );
    let mut autosave_after = Layered::new(DEFAULT_AUTOSAVE_AFTER);
    autosave_after.file(from_file.autosave_seconds.map(|s| Set {
        value: Duration::from_secs(s.value),
        line: s.line,
    }));
    autosave_after.over(
        seconds(AUTOSAVE_VAR, sources.autosave_secs.as_deref())?,
        Origin::Env(AUTOSAVE_VAR),
    );
    let mut sync_folder = Layered::new(None);
    sync_folder.file(from_file.sync_folder.map(|s| Set {
        value: Some(home_expanded(s.value, sources.home.as_deref())),
        line: s.line,
    }));

    let none = || "(none)".to_owned();
    let shown = vec![
        shown(
            "date_format",
            date_format.value.as_str().to_owned(),
            &date_format,
        ),
        shown(
            "week_start",
            weekday_name(week_start.value).to_owned(),
            &week_start,
        ),
        shown(
            "default_pair",
            default_pair.value.clone().unwrap_or_else(none),
            &default_pair,
        ),
        shown("editor", editor.value.clone().unwrap_or_else(none), &editor),
        shown("color", color.value.name().to_owned(), &color),
        shown("idle_lock_minutes", minutes(lock_after.value), &lock_after),
        shown(
            "autosave_seconds",
            autosave_after.value.as_secs().to_string(),
            &autosave_after,
        ),
        shown(
            "sync_folder",
            sync_folder
                .value
                .as_deref()
                .map_or_else(none, crate::text::path),
            &sync_folder,
        ),
    ];
    Ok(Effective {
        date_format: date_format.value,
        week_start: week_start.value,
        default_pair: default_pair.value,
        editor: editor.value,
        color: color.value,
        lock_after: lock_after.value,
        autosave_after: autosave_after.value,
        sync_folder: sync_folder.value,
        shown,
        warning,
    })
}

fn some<T>(set: Set<T>) -> Set<Option<T>> {
    Set {
        value: Some(set.value),
        line: set.line,
    }
}

fn shown<T>(key: &'static str, value: String, layered: &Layered<T>) -> Shown {
    Shown {
        key,
        value: crate::text::one_line(&value),
        origin: layered.origin.clone(),
    }
}

/// `monday` or `sunday` (or any other day, by its English name).
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// A duration in whole minutes, or in seconds when it is not.
fn minutes(d: Duration) -> String {
    let secs = d.as_secs();
    if secs.is_multiple_of(60) {
        (secs / 60).to_string()
    } else {
        format!("{secs} seconds")
    }
}

/// `~/x` under `home`; anything else as it is.
fn home_expanded(path: PathBuf, home: Option<&std::path::Path>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_file(text: &str) -> Sources {
        Sources {
            file: Some(PathBuf::from("/c/config.toml")),
            text: Ok(Some(text.to_owned())),
            home: Some(PathBuf::from("/home/u")),
            ..Sources::default()
        }
    }

    fn origin(e: &Effective, key: &str) -> Option<Origin> {
        e.shown
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.origin.clone())
    }

    #[test]
    fn nothing_set_is_the_defaults() -> Result<(), String> {
        let e = weigh(Sources::default())?;
        assert_eq!(e.lock_after, Duration::from_secs(300));
        assert_eq!(e.autosave_after, Duration::from_secs(3));
        assert_eq!(e.color, ColorChoice::Auto);
        assert_eq!(e.week_start, Weekday::Mon);
        assert!(e.shown.iter().all(|s| s.origin == Origin::Default));
        assert_eq!(e.shown.len(), file::KEYS.len());
        Ok(())
    }

    #[test]
    fn the_flag_beats_the_environment_beats_the_file() -> Result<(), String> {
        let text = "color = \"always\"\nidle_lock_minutes = 2\nautosave_seconds = 9\neditor = \"nano\"\nsync_folder = \"~/Sync\"";
        let e = weigh(with_file(text))?;
        assert_eq!(
            (e.color, origin(&e, "color")),
            (ColorChoice::Always, Some(Origin::File(1)))
        );
        assert_eq!(e.lock_after, Duration::from_secs(120));
        assert_eq!(e.sync_folder, Some(PathBuf::from("/home/u/Sync")));
        let e = weigh(Sources {
            no_color: Some("1".into()),
            lock_after_secs: Some("90".into()),
            editor: Some("vi".into()),
            ..with_file(text)
        })?;
        assert_eq!(e.color, ColorChoice::Never);
        assert_eq!(origin(&e, "color"), Some(Origin::Env(NO_COLOR_VAR)));
        assert_eq!(e.lock_after, Duration::from_secs(90));
        assert_eq!(e.editor.as_deref(), Some("vi"));
        assert_eq!(e.autosave_after, Duration::from_secs(9));
        assert_eq!(origin(&e, "autosave_seconds"), Some(Origin::File(3)));
        let e = weigh(Sources {
            no_color: Some("1".into()),
            color_flag: Some(ColorChoice::Always),
            ..with_file(text)
        })?;
        assert_eq!(e.color, ColorChoice::Always);
        assert_eq!(origin(&e, "color"), Some(Origin::Flag("--color")));
        Ok(())
    }

    #[test]
    fn a_file_with_an_error_is_left_out_whole() -> Result<(), String> {
        let e = weigh(with_file(
            "autosave_seconds = 9\nweek_start = \"tuesday\"\n",
        ))?;
        assert_eq!(e.autosave_after, Duration::from_secs(3));
        assert_eq!(
            e.warning.as_deref(),
            Some(
                "/c/config.toml, line 2: week_start must be \"monday\" or \"sunday\", not \"tuesday\"; the defaults are in use"
            )
        );
        Ok(())
    }

    #[test]
    fn a_bad_environment_value_is_still_an_error() {
        let e = weigh(Sources {
            autosave_secs: Some("soon".into()),
            ..Sources::default()
        });
        assert_eq!(
            e.err().as_deref(),
            Some("CANDOR_AUTOSAVE_SECS must be a whole number of seconds, not 'soon'")
        );
    }
}
