//! Settings gathered once at the program's edge (flags, environment and
//! the config file, which `main.rs` reads) and handed down, so library
//! code never reads the environment or the config file itself.

mod color;
mod file;
mod layers;

use std::path::PathBuf;
use std::sync::Arc;

use crate::clock::Clock;
pub use crate::clock::DateFormat;
pub use color::ColorChoice;
pub use file::{FILE_NAME, FileError, FileSettings, KEYS, Set, parse};
pub use layers::{
    AUTOSAVE_VAR, EDITOR_VAR, Effective, LOCK_AFTER_VAR, NO_COLOR_VAR, Origin, Shown, Sources,
    weekday_name, weigh,
};

/// The passphrase (or, with `--recovery`, the recovery code) for scripts.
pub const PASSPHRASE_VAR: &str = "CANDOR_PASSPHRASE";
/// The new passphrase for `passphrase set` and `change`, for scripts.
pub const NEW_PASSPHRASE_VAR: &str = "CANDOR_NEW_PASSPHRASE";

/// The sync code for `candor sync DIR --join`, for scripts.
pub const SYNC_CODE_VAR: &str = "CANDOR_SYNC_CODE";

/// Every environment variable that holds a secret. They are read once into
/// [`Config`], and no program candor starts is given any of them.
pub const SECRET_VARS: &[&str] = &[PASSPHRASE_VAR, NEW_PASSPHRASE_VAR, SYNC_CODE_VAR];

/// Takes every variable of [`SECRET_VARS`] out of the environment a child
/// process would inherit.
pub fn without_secrets(command: &mut std::process::Command) -> &mut std::process::Command {
    for var in SECRET_VARS {
        command.env_remove(var);
    }
    command
}

/// What the program runs with.
#[derive(Clone)]
pub struct Config {
    /// The journal file.
    pub db: PathBuf,
    /// Where the user's keymap and template live, if there is such a place.
    pub config_dir: Option<PathBuf>,
    /// Where "now" comes from.
    pub clock: Arc<dyn Clock>,
    /// `NO_COLOR` is set: no colours, only bold, reverse and underline.
    pub no_color: bool,
    /// `$EDITOR`, for text handed to an editor.
    pub editor: Option<String>,
    /// Seconds of no typing after which text being edited is kept as a draft.
    pub autosave_after: std::time::Duration,
    /// `$CANDOR_PASSPHRASE`: the passphrase (or, with `--recovery`, the recovery code).
    pub passphrase: Option<zeroize::Zeroizing<String>>,
    /// `$CANDOR_NEW_PASSPHRASE`: the new passphrase for `passphrase set` and `change`.
    pub new_passphrase: Option<zeroize::Zeroizing<String>>,
    /// `--recovery`: the secret given is the recovery code.
    pub recovery: bool,
    /// `$CANDOR_SYNC_CODE`: the code `candor sync --join` joins a folder with.
    pub sync_code: Option<zeroize::Zeroizing<String>>,
    /// Idle time after which the journal locks private notes again.
    pub lock_after: std::time::Duration,
    /// The first day of a week (the meetings chart's weeks).
    pub week_start: chrono::Weekday,
    /// The pair the screen opens on (the config file's `default_pair`).
    pub default_pair: Option<String>,
    /// The folder `candor sync` uses when DIR is left out.
    pub sync_folder: Option<PathBuf>,
    /// The config file's path, when there is a config directory.
    pub config_file: Option<PathBuf>,
    /// Every setting, its value and where it came from (`config show`).
    pub settings: Vec<Shown>,
    /// Why the config file could not be used, if it could not: said on
    /// stderr by the CLI and in the status line by the screen.
    pub config_warning: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("db", &self.db)
            .field("config_dir", &self.config_dir)
            .field("no_color", &self.no_color)
            .field("editor", &self.editor)
            .field("autosave_after", &self.autosave_after)
            .field("recovery", &self.recovery)
            .field("lock_after", &self.lock_after)
            .field("week_start", &self.week_start)
            .field("default_pair", &self.default_pair)
            .field("sync_folder", &self.sync_folder)
            .field("config_file", &self.config_file)
            .field("config_warning", &self.config_warning)
            .finish_non_exhaustive()
    }
}
