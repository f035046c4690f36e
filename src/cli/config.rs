//! `candor config path|show`: where the config file is, and every setting
//! in effect with where it came from. Neither needs a journal.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use unicode_width::UnicodeWidthStr;

use super::ConfigCommand;
use crate::config::Config;
use crate::text;

/// Runs `candor config path` or `candor config show`.
pub(super) fn run(what: &ConfigCommand, config: &Config, out: &mut dyn Write) -> Result<()> {
    let Some(file) = &config.config_file else {
        anyhow::bail!(
            "there is no config directory (no home folder); set CANDOR_CONFIG_DIR to have one"
        );
    };
    let exists = file.try_exists().unwrap_or(false);
    match what {
        ConfigCommand::Path => {
            writeln!(out, "{}", text::path(file))?;
            if !exists {
                // A note, not an error: the path alone stays on stdout for
                // `$EDITOR "$(candor config path)"`.
                let _ = writeln!(
                    std::io::stderr(),
                    "candor: there is no file there yet; candor runs with the default settings"
                );
            }
        }
        ConfigCommand::Show => {
            let state = match (&config.config_warning, exists) {
                (Some(_), _) => "not used: its error is on stderr",
                (None, true) => "in use",
                (None, false) => "not there",
            };
            writeln!(out, "config file: {} ({state})", text::path(file))?;
            let key_width = config
                .settings
                .iter()
                .map(|s| s.key.len())
                .max()
                .unwrap_or(0);
            let value_width = config
                .settings
                .iter()
                .map(|s| s.value.width())
                .max()
                .unwrap_or(0);
            for s in &config.settings {
                let key_pad = " ".repeat(key_width - s.key.len());
                let value_pad = " ".repeat(value_width - s.value.width());
                writeln!(
                    out,
                    "{}{key_pad}  {}{value_pad}  {}",
                    s.key, s.value, s.origin
                )?;
            }
        }
    }
    Ok(())
}

/// The folder `candor sync` goes through: DIR, else the config file's
/// `sync_folder`.
pub(super) fn sync_folder(dir: Option<PathBuf>, config: &Config) -> Result<PathBuf> {
    dir.or_else(|| config.sync_folder.clone()).ok_or_else(|| {
        anyhow::anyhow!(
            "name the folder to sync through (candor sync DIR), or set sync_folder in {}",
            config
                .config_file
                .as_deref()
                .map_or_else(|| "the config file".to_owned(), text::path)
        )
    })
}
