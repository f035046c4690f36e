//! The `candor` binary: parse the command line, gather the settings from the
//! environment, then run a command or open the journal in the terminal.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

use candor::cli::{self, Cli};
use candor::clock::{Clock, FixedClock, SystemClock};
use candor::config::Config;
use candor::{paths, text};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One sentence: the error and its causes, stripped of anything a
            // terminal would interpret.
            let _ = writeln!(
                std::io::stderr(),
                "candor: {}",
                text::one_line(&format!("{e:#}"))
            );
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let clock: Arc<dyn Clock> = match std::env::var("CANDOR_NOW") {
        Ok(s) => Arc::new(FixedClock::parse(&s).ok_or_else(|| {
            anyhow::anyhow!(
                "CANDOR_NOW must be an RFC 3339 time such as 2026-11-27T10:00:00Z, not '{s}'"
            )
        })?),
        Err(_) => Arc::new(SystemClock),
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let config_dir = paths::config_dir(std::env::var_os("CANDOR_CONFIG_DIR"));
    let editor = std::env::var("EDITOR")
        .ok()
        .filter(|e| !e.trim().is_empty());
    let autosave_after = match std::env::var("CANDOR_AUTOSAVE_SECS") {
        Ok(s) => Duration::from_secs(s.trim().parse().map_err(|_| {
            anyhow::anyhow!("CANDOR_AUTOSAVE_SECS must be a whole number of seconds, not '{s}'")
        })?),
        Err(_) => Duration::from_secs(3),
    };
    if cli.demo {
        return candor::tui::run_demo(Config {
            db: std::path::PathBuf::new(),
            config_dir,
            clock,
            no_color,
            editor,
            autosave_after,
        });
    }
    let db = paths::database(cli.db, std::env::var_os("CANDOR_DB"))?;
    let config = Config {
        db,
        config_dir,
        clock,
        no_color,
        editor,
        autosave_after,
    };
    match cli.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            cli::run(command, &config, &mut out)
        }
        None => candor::tui::run(config),
    }
}
