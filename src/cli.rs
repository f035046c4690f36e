//! The command line: opening the journal for a non-interactive command and
//! running it. clap's definitions are in `cli/args.rs` and
//! `cli/subcommands.rs`; each command is in a file named for what it does.
//!
//! Every command prints to stdout on success and exits 0 (also when a list
//! is empty); errors are one sentence on stderr and a non-zero exit.

mod actions;
mod args;
mod backup;
mod calendar;
mod checkins;
mod config;
mod delete;
mod doctor;
mod due;
mod edit;
mod exchange;
mod feedback;
mod goals;
mod input;
mod list;
mod meetings;
mod notes;
mod output;
mod pairs;
mod search;
mod secrets;
mod shell;
mod subcommands;
mod sync;
mod values;

pub use args::{Cli, Command, ConfigCommand};
pub use due::Late;
pub use subcommands::{
    ActionCommand, CheckinCommand, ExperienceCommand, FeedbackAdd, FeedbackCommand, GoalCommand,
    MeetingCommand, NoteCommand, PairAdd, PairCommand, PairEditArgs, PassphraseCommand,
    StrengthCommand,
};
pub use values::{EntryArg, ListArg, SearchArg};

use std::io::Write;

use anyhow::Result;

use crate::config::Config;
use crate::store::{Store, StoreError};
use input::find;

/// Opens the store named by `config`.
pub fn open_store(config: &Config) -> Result<Store> {
    Ok(Store::open(&config.db, config.clock.clone())?)
}

/// Runs one non-interactive command, writing its output to `out`.
pub fn run(command: Command, config: &Config, out: &mut dyn Write) -> Result<()> {
    // Damage SQLite meets after the journal opened is named like damage at
    // the open: one sentence with the path, and what to do.
    run_command(command, config, out).map_err(|e| match e.downcast::<StoreError>() {
        Ok(e) => e.in_file(&config.db).into(),
        Err(e) => e,
    })
}

fn run_command(command: Command, config: &Config, out: &mut dyn Write) -> Result<()> {
    // What a shell and `man` are told needs no journal.
    match command {
        Command::Completions { shell } => return shell::completions(shell, out),
        Command::Man => return shell::man(out),
        Command::Config(what) => return config::run(&what, config, out),
        _ => {}
    }
    // A dry run writes nothing, so it does not create a journal either.
    if matches!(command, Command::Import { dry_run: true, .. }) && !config.db.exists() {
        anyhow::bail!(
            "there is no journal at {}; a dry run compares an export with a journal and creates none",
            config.db.display()
        );
    }
    // A command that only reads never creates a journal: a mistyped path
    // gets a sentence, not a new empty journal (and its folders).
    if only_reads(&command) && matches!(config.db.try_exists(), Ok(false)) {
        anyhow::bail!(
            "there is no journal at {}; check --db or $CANDOR_DB (adding a pair starts a new journal)",
            crate::text::path(&config.db)
        );
    }
    // An empty file is not a journal yet either: reading leaves it as it is.
    if only_reads(&command)
        && std::fs::metadata(&config.db).is_ok_and(|m| m.is_file() && m.len() == 0)
    {
        anyhow::bail!(
            "{} is an empty file, not a journal yet; nothing was read or changed (adding a pair makes it a journal)",
            crate::text::path(&config.db)
        );
    }
    // A sync from a journal not made yet makes none for a folder it
    // cannot use.
    if let Command::Sync { dir, join, .. } = &command
        && matches!(config.db.try_exists(), Ok(false))
    {
        crate::sync::check_new_journal(&config::sync_folder(dir.clone(), config)?, *join)?;
    }
    let mut store = open_store(config)?;
    // Private text may come into memory (and a passphrase be typed): no core file.
    if store.has_passphrase()? || matches!(command, Command::Passphrase(_)) {
        crate::hardening::guard_private_text()?;
    }
    // Reading private notes needs the passphrase once they are sealed.
    let reads_private = matches!(
        &command,
        Command::List {
            what: ListArg::Checkins,
            ..
        }
    ) || matches!(
        &command,
        Command::List { private: true, .. }
            | Command::Search { private: true, .. }
            | Command::Export {
                include_private: true,
                ..
            }
    );
    if reads_private {
        secrets::unlock_if_needed(&mut store, config)?;
    }
    match command {
        Command::Pair(cmd) => pairs::run(cmd, &mut store, config, out),
        Command::Checklist { pair, json } => pairs::checklist(&store, config, &pair, json, out),
        Command::Check {
            pair,
            key,
            note,
            undo,
        } => pairs::check(&mut store, &pair, &key, note.as_deref(), undo, out),
        Command::Strength(StrengthCommand::Add { pair, whose, text }) => {
            pairs::strength_add(&mut store, &pair, whose, &text.join(" "), out)
        }
        Command::Experience(ExperienceCommand::Add {
            pair,
            challenge,
            similar,
        }) => pairs::experience_add(&mut store, &pair, &challenge, &similar, out),
        Command::Meeting(MeetingCommand::Add {
            pair,
            at,
            agenda,
            next_steps,
            owner,
            text,
        }) => meetings::meeting_add(&mut store, &pair, at, agenda, next_steps, owner, text, out),
        Command::Feedback(FeedbackCommand::Add(args)) => {
            feedback::feedback_add(&mut store, args, out)
        }
        Command::Note(NoteCommand::Add {
            pair,
            private,
            tags,
            text,
        }) => notes::note_add(&mut store, config, &pair, private, &tags, text, out),
        Command::Action(ActionCommand::Add {
            pair,
            owner,
            due,
            text,
        }) => actions::action_add(
            &mut store,
            &pair,
            owner,
            due.as_deref(),
            &text.join(" "),
            out,
        ),
        Command::Action(ActionCommand::Done { pair, id, undo }) => {
            actions::action_done(&mut store, &pair, id, !undo, out)
        }
        Command::Checkin(CheckinCommand::Add {
            pair,
            trust,
            helped,
            in_the_way,
            at,
            text,
        }) => checkins::checkin_add(
            &mut store,
            &pair,
            &trust,
            checkins::CheckinText {
                helped,
                in_the_way,
                note: text,
            },
            at.as_deref(),
            out,
        ),
        Command::Goal(GoalCommand::Add {
            pair,
            due,
            criteria,
            text,
        }) => goals::goal_add(
            &mut store,
            &pair,
            &text.join(" "),
            criteria,
            due.as_deref(),
            out,
        ),
        Command::Goal(GoalCommand::Progress {
            pair,
            id,
            percent,
            text,
        }) => goals::goal_progress(&mut store, &pair, id, &percent, &text.join(" "), out),
        Command::List {
            pair,
            what,
            limit,
            private,
            json,
        } => list::list(
            &store,
            &pair,
            what,
            limit.map(|n| n as usize),
            private,
            json,
            out,
        ),
        Command::Edit {
            pair,
            kind,
            id,
            text,
        } => edit::edit(&mut store, config, &pair, kind, id, text, out),
        Command::Delete {
            pair,
            kind,
            id,
            yes,
        } => delete::delete(&mut store, &pair, kind, id, yes, out),
        Command::Undo => delete::undo(&mut store, out),
        Command::Search {
            query,
            pair,
            kind,
            private,
            json,
        } => search::search(
            &store,
            &query,
            pair.as_deref(),
            kind.map(SearchArg::kind),
            private,
            json,
            out,
        ),
        Command::Export {
            pair,
            all: _,
            format,
            include_private,
            output,
            force,
        } => exchange::export(
            &store,
            config,
            pair.as_deref(),
            format,
            include_private,
            output
                .as_deref()
                .map(|path| exchange::Destination { path, force }),
            out,
        ),
        Command::Import {
            file,
            dry_run,
            into,
            as_new,
        } => {
            let link = match (into, as_new) {
                (Some(spec), _) => exchange::Link::Into(find(&store, &spec)?),
                (None, true) => exchange::Link::AsNew,
                (None, false) => exchange::Link::Ask,
            };
            exchange::import(&mut store, &file, dry_run, link, out)
        }
        Command::Backup { file } => backup::backup(&store, &file, out),
        Command::Restore { file } => backup::restore(&mut store, &file, out),
        Command::Doctor => doctor::doctor(&store, out),
        Command::Passphrase(cmd) => secrets::run(cmd, &mut store, config, out),
        Command::Calendar {
            pair,
            output,
            force,
        } => calendar::calendar(
            &store,
            pair.as_deref(),
            output
                .as_deref()
                .map(|path| exchange::Destination { path, force }),
            out,
        ),
        Command::Due {
            within,
            json,
            check,
            quiet,
        } => due::due(
            &store,
            due::DueArgs {
                within,
                json,
                check,
                quiet,
            },
            out,
        ),
        Command::Sync {
            dir,
            join,
            pair,
            forget,
            name,
            keep_passphrase,
            new_code,
        } => {
            let pair = pair.map(|spec| find(&store, &spec)).transpose()?;
            sync::sync(
                &mut store,
                config,
                sync::SyncArgs {
                    dir: &config::sync_folder(dir, config)?,
                    join,
                    pair,
                    forget: forget.as_deref(),
                    name: name.as_deref(),
                    keep_passphrase: keep_passphrase.as_deref(),
                    new_code,
                },
                out,
            )
        }
        Command::Completions { .. } | Command::Man | Command::Config(_) => Ok(()),
    }
}

/// Whether `command` only reads the journal, so that it has no reason to
/// create one. (`backup` records the copy in the journal it copies, which
/// must exist first; an import's dry run is refused in its own words.)
fn only_reads(command: &Command) -> bool {
    matches!(
        command,
        Command::Pair(PairCommand::List { .. })
            | Command::Checklist { .. }
            | Command::List { .. }
            | Command::Search { .. }
            | Command::Export { .. }
            | Command::Backup { .. }
            | Command::Doctor
            | Command::Calendar { .. }
            | Command::Due { .. }
    )
}
