//! The `candor` binary: parse the command line, gather the settings from the
//! flags, the environment and the config file, then run a command or open
//! the journal in the terminal.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser as _;

use candor::cli::{self, Cli};
use candor::clock::{Clock, Dated, FixedClock, SystemClock};
use candor::config::{self, Config};
use candor::{hardening, paths, text};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            // One sentence, like every other error: clap's first line, and where to look.
            let rendered = e.render().to_string();
            let paragraph: Vec<&str> = rendered
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            let sentence = paragraph.join(" ");
            let sentence = sentence.strip_prefix("error: ").unwrap_or(&sentence);
            let _ = writeln!(
                std::io::stderr(),
                "candor: {}; see candor --help",
                text::one_line(sentence)
            );
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`candor list … | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        // `candor due --check`: something is late; its lines said what.
        Err(e) if e.is::<cli::Late>() => ExitCode::from(1),
        Err(e) => {
            // One sentence: the error and its causes, stripped of anything a
            // terminal would interpret.
            let _ = writeln!(
                std::io::stderr(),
                "candor: {}",
                text::one_line(&text::error_chain(e.chain()))
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
    let config_dir = paths::config_dir(std::env::var_os("CANDOR_CONFIG_DIR"));
    let config_file = config_dir.as_ref().map(|d| d.join(config::FILE_NAME));
    // The config file under the environment under the flags.
    let text = match &config_file {
        Some(file) => match std::fs::read_to_string(file) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.to_string()),
        },
        None => Ok(None),
    };
    let var = |name: &str| std::env::var(name).ok();
    let settings = config::weigh(config::Sources {
        file: config_file.clone(),
        text,
        editor: var(config::EDITOR_VAR),
        no_color: std::env::var_os(config::NO_COLOR_VAR).map(|v| v.to_string_lossy().into_owned()),
        lock_after_secs: var(config::LOCK_AFTER_VAR),
        autosave_secs: var(config::AUTOSAVE_VAR),
        color_flag: cli.color,
        home: directories::BaseDirs::new().map(|d| d.home_dir().to_owned()),
    })
    .map_err(|e| anyhow::anyhow!(e))?;
    // Dates are shown as the settings say, wherever a clock shows them.
    let clock: Arc<dyn Clock> = if settings.date_format == config::DateFormat::default() {
        clock
    } else {
        Arc::new(Dated {
            clock,
            format: settings.date_format.clone(),
        })
    };
    let secret = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.is_empty())
            .map(zeroize::Zeroizing::new)
    };
    let passphrase = secret(config::PASSPHRASE_VAR);
    let new_passphrase = secret(config::NEW_PASSPHRASE_VAR);
    let sync_code = secret(config::SYNC_CODE_VAR);
    if passphrase.is_some() || new_passphrase.is_some() || sync_code.is_some() {
        hardening::guard_private_text()?;
    }
    let recovery = cli.recovery;
    // The demo makes its own throwaway journal, so it needs no path.
    let db = if cli.demo {
        std::path::PathBuf::new()
    } else {
        paths::database(cli.db, std::env::var_os("CANDOR_DB"))?
    };
    let config = Config {
        db,
        config_dir,
        clock,
        no_color: settings.color == config::ColorChoice::Never,
        editor: settings.editor,
        autosave_after: settings.autosave_after,
        passphrase,
        new_passphrase,
        recovery,
        lock_after: settings.lock_after,
        sync_code,
        week_start: settings.week_start,
        default_pair: settings.default_pair,
        sync_folder: settings.sync_folder,
        config_file,
        settings: settings.shown,
        config_warning: settings.warning,
    };
    // A command says what is wrong with the config file on stderr; the
    // screen says it in its status line.
    if let (Some(warning), Some(_)) = (&config.config_warning, &cli.command) {
        let _ = writeln!(std::io::stderr(), "candor: {}", text::one_line(warning));
    }
    if cli.demo {
        return match cli.command {
            // A command on a throwaway journal of the sample pairs.
            Some(command) => candor::demo::with_journal(&config, |config| {
                cli::run(command, config, &mut std::io::stdout().lock())
            }),
            None => candor::tui::run_demo(config),
        };
    }
    match cli.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            cli::run(command, &config, &mut out).map_err(|e| {
                // A full disk or a journal that cannot be written is said
                // with the journal's path and what to do.
                e.chain()
                    .filter_map(|c| c.downcast_ref::<candor::store::StoreError>())
                    .find_map(|s| candor::store::space::explain(s, &config.db))
                    .map_or(e, |sentence| anyhow::anyhow!(sentence))
            })
        }
        None => candor::tui::run(config),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}
