//! The command line: clap definitions and the non-interactive commands.
//!
//! Every command prints to stdout on success and exits 0 (also when a list
//! is empty); errors are one sentence on stderr and a non-zero exit.

mod entries;
mod exchange;
mod growth;
mod output;
mod pairs;
mod secrets;

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use crate::config::Config;
use crate::domain::{self, Pair};
use crate::store::{Store, StoreError};

/// A terminal mentoring journal: pairs, first-meeting checklists, meetings,
/// feedback and private notes, kept in a local SQLite file.
#[derive(Debug, Parser)]
#[command(name = "candor", version, about, max_term_width = 100)]
pub struct Cli {
    /// The journal file (default: $CANDOR_DB, else journal.db in the data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Open the journal on a throwaway database filled with sample pairs.
    #[arg(long, conflicts_with = "db")]
    pub demo: bool,
    /// The secret given (typed or in CANDOR_PASSPHRASE) is the recovery code.
    #[arg(long, global = true)]
    pub recovery: bool,
    /// What to do; without a command the journal opens in the terminal.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The pair an entry command is about: its id, or part of a name matching one pair.
type PairSpec = String;

/// The non-interactive commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, change and remove mentoring pairs.
    #[command(subcommand)]
    Pair(PairCommand),
    /// Show a pair's first-meeting checklist.
    Checklist {
        /// The pair: its id, or part of a name that matches one pair.
        pair: PairSpec,
        /// Print one JSON array of items.
        #[arg(long)]
        json: bool,
    },
    /// Tick a checklist item (or untick it with --undo).
    Check {
        /// The pair: its id, or part of a name that matches one pair.
        pair: PairSpec,
        /// The item's key, such as trust.agenda (`candor checklist PAIR` lists them).
        key: String,
        /// Replace the item's note.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Untick instead of tick.
        #[arg(long)]
        undo: bool,
    },
    /// Record a strength one person named in the other.
    #[command(subcommand)]
    Strength(StrengthCommand),
    /// Link a mentee's challenge to the mentor's similar experience.
    #[command(subcommand)]
    Experience(ExperienceCommand),
    /// Log a meeting (a time in the future plans one).
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Record feedback, to the mentor or to the mentee.
    #[command(subcommand)]
    Feedback(FeedbackCommand),
    /// Write a note, shared or private.
    #[command(subcommand)]
    Note(NoteCommand),
    /// Add action items and mark them done.
    #[command(subcommand)]
    Action(ActionCommand),
    /// Check in privately on how much trust you feel in a pair.
    #[command(subcommand)]
    Checkin(CheckinCommand),
    /// Set goals and record progress on them.
    #[command(subcommand)]
    Goal(GoalCommand),
    /// List a pair's meetings, feedback, notes, action items, goals or check-ins.
    List {
        /// The pair: its id, or part of a name that matches one pair.
        pair: PairSpec,
        /// What to list: meetings, feedback, notes, actions, goals or checkins.
        what: String,
        /// Include private notes.
        #[arg(long)]
        private: bool,
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Change an entry's text (from TEXT, or in $EDITOR when TEXT is absent).
    Edit {
        /// The pair: its id, or part of a name that matches one pair.
        pair: PairSpec,
        /// meeting, feedback, note, action, strength, experience, goal or checkin.
        kind: String,
        /// The entry's id, as `candor list` shows it.
        id: i64,
        /// The new text (`-` reads standard input).
        text: Option<String>,
    },
    /// Search every text: words, prefixes (trus*), "phrases"; best first.
    Search {
        /// What to look for.
        query: String,
        /// Only in this pair.
        #[arg(long)]
        pair: Option<PairSpec>,
        /// Only this kind: meeting, feedback, note, action, strength, experience, checklist, pair.
        #[arg(long)]
        kind: Option<String>,
        /// Search private notes too.
        #[arg(long)]
        private: bool,
        /// Print one JSON array of hits.
        #[arg(long)]
        json: bool,
    },
    /// Write a pair (or all) as Markdown to read or JSON to merge elsewhere.
    Export {
        /// The pair to export.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        pair: Option<PairSpec>,
        /// Export every pair.
        #[arg(long)]
        all: bool,
        /// md to read, json to import elsewhere.
        #[arg(long, value_name = "md|json")]
        format: String,
        /// Include private notes and trust check-ins (they are held back otherwise).
        #[arg(long)]
        include_private: bool,
        /// Write to FILE (created 0600) instead of standard output; never the
        /// journal, its side files or its backups.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// Merge a JSON export in by uid; importing the same file twice changes nothing.
    Import {
        /// The JSON export.
        file: PathBuf,
        /// Say what would be added, updated and removed, and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The file's pair is this pair of yours (the same two people, each
        /// with a journal): merge it here and remember the link.
        #[arg(long, value_name = "PAIR", conflicts_with = "as_new")]
        into: Option<PairSpec>,
        /// Keep the file's pair apart, even if a pair of yours has the same two people.
        #[arg(long)]
        as_new: bool,
    },
    /// Write a consistent copy of the journal to FILE (created 0600, checked after).
    Backup {
        /// Where to write the copy; it must not exist yet.
        file: PathBuf,
    },
    /// Replace the journal by a backup, after checking it and copying the current one aside.
    Restore {
        /// The backup to restore.
        file: PathBuf,
    },
    /// Check the journal: integrity, orphaned rows, schema version, permissions, one line each.
    Doctor,
    /// Keep private notes under a passphrase: set, change, remove, recovery-code.
    #[command(subcommand)]
    Passphrase(PassphraseCommand),
    /// Delete an entry (it can be restored with `u` in the journal right after).
    Delete {
        /// The pair: its id, or part of a name that matches one pair.
        pair: PairSpec,
        /// meeting, feedback, note, action, strength, experience, goal or checkin.
        kind: String,
        /// The entry's id, as `candor list` shows it.
        id: i64,
    },
}

/// `candor passphrase …`
#[derive(Debug, Subcommand)]
pub enum PassphraseCommand {
    /// Set a passphrase (8 characters or more, asked twice): private notes are sealed from now on,
    /// the ones already here are sealed and scrubbed, and a recovery code is printed once.
    /// Copies of the journal made before it that still hold private text in
    /// clear are named, and deleted if you say so.
    Set {
        /// Delete those copies without asking (also once a passphrase is set).
        #[arg(long)]
        delete_old_backups: bool,
    },
    /// Change the passphrase (only the key's wrapping changes).
    Change,
    /// Remove the passphrase: every private note is unsealed.
    Remove,
    /// Print a new recovery code; the old one stops working.
    RecoveryCode,
    /// Put the journal's own public key back after it was replaced in the
    /// file, and say how many private entries were sealed to the other key.
    Repair,
}

/// `candor pair …`
#[derive(Debug, Subcommand)]
pub enum PairCommand {
    /// Add a pair; its first-meeting checklist is created from the template.
    Add(PairAdd),
    /// List the pairs with their checklist progress and meetings.
    List {
        /// Print one JSON array of pairs.
        #[arg(long)]
        json: bool,
    },
    /// Change a pair's names, focus, cadence or next meeting date.
    Edit(PairEditArgs),
    /// Put a pair on a break.
    Pause {
        /// The pair.
        pair: PairSpec,
    },
    /// Mark a mentorship as ended.
    Close {
        /// The pair.
        pair: PairSpec,
    },
    /// Make a paused or closed pair active again.
    Reopen {
        /// The pair.
        pair: PairSpec,
    },
    /// Erase a pair and everything in it, after a confirmation.
    Delete {
        /// The pair.
        pair: PairSpec,
        /// Do not ask (for scripts).
        #[arg(long)]
        yes: bool,
    },
    /// Move every entry of OTHER into PAIR (after a backup); OTHER's uid
    /// becomes an alias of PAIR, so exports naming it land there.
    Merge {
        /// The pair that stays.
        pair: PairSpec,
        /// The pair whose entries move into it, and which then goes.
        other: PairSpec,
    },
}

/// `candor pair add`
#[derive(Debug, Args)]
pub struct PairAdd {
    /// The mentor's name.
    #[arg(long, value_name = "NAME")]
    pub mentor: String,
    /// The mentee's name.
    #[arg(long, value_name = "NAME")]
    pub mentee: String,
    /// Which of the two you are.
    #[arg(long, default_value = "mentor", value_name = "mentor|mentee")]
    pub role: String,
    /// What the mentorship is about.
    #[arg(long, default_value = "", value_name = "TEXT")]
    pub focus: String,
    /// When it started, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Agreed days between meetings.
    #[arg(long, value_name = "DAYS")]
    pub cadence: Option<i64>,
}

/// `candor pair edit`
#[derive(Debug, Args)]
pub struct PairEditArgs {
    /// The pair.
    pub pair: PairSpec,
    /// A new mentor's name.
    #[arg(long, value_name = "NAME")]
    pub mentor: Option<String>,
    /// A new mentee's name.
    #[arg(long, value_name = "NAME")]
    pub mentee: Option<String>,
    /// A new focus.
    #[arg(long, value_name = "TEXT")]
    pub focus: Option<String>,
    /// Agreed days between meetings (0 removes the cadence).
    #[arg(long, value_name = "DAYS")]
    pub cadence: Option<i64>,
    /// The next meeting's date, YYYY-MM-DD ("none" removes it).
    #[arg(long, value_name = "DATE")]
    pub next: Option<String>,
}

/// `candor strength …`
#[derive(Debug, Subcommand)]
pub enum StrengthCommand {
    /// Add a strength of the mentor's or the mentee's.
    Add {
        /// The pair.
        pair: PairSpec,
        /// Whose strength it is.
        #[arg(long, value_name = "mentor|mentee")]
        whose: String,
        /// The strength, in your words.
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
}

/// `candor experience …`
#[derive(Debug, Subcommand)]
pub enum ExperienceCommand {
    /// Add a challenge of the mentee's and the mentor's similar experience.
    Add {
        /// The pair.
        pair: PairSpec,
        /// The mentee's challenge.
        #[arg(long, value_name = "TEXT")]
        challenge: String,
        /// The mentor's similar experience.
        #[arg(long, value_name = "TEXT")]
        similar: String,
    },
}

/// `candor meeting …`
#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Log a meeting: TEXT is what was said.
    Add {
        /// The pair.
        pair: PairSpec,
        /// When: YYYY-MM-DD HH:MM local time, YYYY-MM-DD, or RFC 3339 (default: now).
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
        /// What was to be covered.
        #[arg(long, value_name = "TEXT")]
        agenda: Option<String>,
        /// What each will do next.
        #[arg(long, value_name = "TEXT")]
        next_steps: Option<String>,
        /// What was said (`-` reads standard input).
        text: Option<String>,
    },
}

/// `candor feedback …`
#[derive(Debug, Subcommand)]
pub enum FeedbackCommand {
    /// Record feedback: TEXT is the feedback itself.
    Add(FeedbackAdd),
}

/// `candor feedback add`
#[derive(Debug, Args)]
pub struct FeedbackAdd {
    /// The pair.
    pub pair: PairSpec,
    /// Who it is for.
    #[arg(long, value_name = "mentor|mentee")]
    pub to: String,
    /// The mentor asked for it.
    #[arg(long)]
    pub requested: bool,
    /// How it was received.
    #[arg(
        long,
        default_value = "pending",
        value_name = "accepted|discussed|pushed-back|pending"
    )]
    pub response: String,
    /// Where it happened.
    #[arg(long, value_name = "TEXT")]
    pub situation: Option<String>,
    /// What was done.
    #[arg(long, value_name = "TEXT")]
    pub behaviour: Option<String>,
    /// What it caused.
    #[arg(long, value_name = "TEXT")]
    pub impact: Option<String>,
    /// What happened after.
    #[arg(long, value_name = "TEXT")]
    pub follow_up: Option<String>,
    /// When it was given (default: now).
    #[arg(long, value_name = "DATETIME")]
    pub at: Option<String>,
    /// The feedback (`-` reads standard input).
    pub text: Option<String>,
}

/// `candor note …`
#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    /// Add a note from TEXT, `-` (standard input), or $EDITOR.
    Add {
        /// The pair.
        pair: PairSpec,
        /// Keep it private: never exported or shared, and never handed to $EDITOR.
        #[arg(long)]
        private: bool,
        /// A tag (repeatable), such as `next` for the next meeting's agenda.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// The note; `-` reads standard input; absent opens $EDITOR (or reads
        /// standard input for a private note).
        text: Option<String>,
    },
}

/// `candor action …`
#[derive(Debug, Subcommand)]
pub enum ActionCommand {
    /// Add an action item.
    Add {
        /// The pair.
        pair: PairSpec,
        /// Who does it.
        #[arg(long, value_name = "mentor|mentee|both")]
        owner: String,
        /// When it is due, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// What to do.
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// Mark an action item done.
    Done {
        /// The pair.
        pair: PairSpec,
        /// The item's id, as `candor list PAIR actions` shows it.
        id: i64,
        /// Mark it open again instead.
        #[arg(long)]
        undo: bool,
    },
}

/// `candor checkin …`
#[derive(Debug, Subcommand)]
pub enum CheckinCommand {
    /// Add a private check-in: how much trust you feel (1-5), what helped,
    /// what got in the way. Sealed like private notes once a passphrase is set.
    Add {
        /// The pair.
        pair: PairSpec,
        /// How much trust you feel, from 1 (little) to 5 (complete).
        #[arg(long, value_name = "1-5")]
        trust: String,
        /// What helped.
        #[arg(long, value_name = "TEXT")]
        helped: Option<String>,
        /// What got in the way.
        #[arg(long = "in-the-way", value_name = "TEXT")]
        in_the_way: Option<String>,
        /// When (default: now).
        #[arg(long, value_name = "DATETIME")]
        at: Option<String>,
        /// Anything else (`-` reads standard input; never handed to $EDITOR).
        text: Option<String>,
    },
}

/// `candor goal …`
#[derive(Debug, Subcommand)]
pub enum GoalCommand {
    /// Add a goal, at 0 %.
    Add {
        /// The pair.
        pair: PairSpec,
        /// The target date, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// How you will both know it is reached.
        #[arg(long, value_name = "TEXT")]
        criteria: Option<String>,
        /// The goal.
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
    },
    /// Record progress on a goal (0-100 %) with a comment on what changed.
    Progress {
        /// The pair.
        pair: PairSpec,
        /// The goal's id, as `candor list PAIR goals` shows it.
        id: i64,
        /// Progress in percent, 0 to 100 (a trailing % is fine).
        percent: String,
        /// What changed.
        text: Vec<String>,
    },
}

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
    let mut store = open_store(config)?;
    // Private text may come into memory (and a passphrase be typed): no core file.
    if store.has_passphrase()? || matches!(command, Command::Passphrase(_)) {
        crate::hardening::guard_private_text()?;
    }
    // Reading private notes needs the passphrase once they are sealed.
    let reads_private = matches!(
        &command,
        Command::List { what, .. } if entries::lists_checkins(what)
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
            pairs::strength_add(&mut store, &pair, &whose, &text.join(" "), out)
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
            text,
        }) => entries::meeting_add(&mut store, &pair, at, agenda, next_steps, text, out),
        Command::Feedback(FeedbackCommand::Add(args)) => {
            entries::feedback_add(&mut store, args, out)
        }
        Command::Note(NoteCommand::Add {
            pair,
            private,
            tags,
            text,
        }) => entries::note_add(&mut store, config, &pair, private, &tags, text, out),
        Command::Action(ActionCommand::Add {
            pair,
            owner,
            due,
            text,
        }) => entries::action_add(
            &mut store,
            &pair,
            &owner,
            due.as_deref(),
            &text.join(" "),
            out,
        ),
        Command::Action(ActionCommand::Done { pair, id, undo }) => {
            entries::action_done(&mut store, &pair, id, !undo, out)
        }
        Command::Checkin(CheckinCommand::Add {
            pair,
            trust,
            helped,
            in_the_way,
            at,
            text,
        }) => growth::checkin_add(
            &mut store,
            &pair,
            &trust,
            growth::CheckinText {
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
        }) => growth::goal_add(
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
        }) => growth::goal_progress(&mut store, &pair, id, &percent, &text.join(" "), out),
        Command::List {
            pair,
            what,
            private,
            json,
        } => entries::list(&store, &pair, &what, private, json, out),
        Command::Edit {
            pair,
            kind,
            id,
            text,
        } => entries::edit(&mut store, config, &pair, &kind, id, text, out),
        Command::Delete { pair, kind, id } => entries::delete(&mut store, &pair, &kind, id, out),
        Command::Search {
            query,
            pair,
            kind,
            private,
            json,
        } => exchange::search(&store, &query, pair.as_deref(), kind, private, json, out),
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
            &format,
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
        Command::Backup { file } => exchange::backup(&store, &file, out),
        Command::Restore { file } => exchange::restore(&mut store, &file, out),
        Command::Doctor => exchange::doctor(&store, out),
        Command::Passphrase(cmd) => secrets::run(cmd, &mut store, config, out),
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
    )
}

/// The one pair `spec` names.
fn find(store: &Store, spec: &str) -> Result<Pair> {
    let pairs = store.pairs()?;
    Ok(domain::find_pair(&pairs, spec)?.clone())
}

/// `text`, or standard input when it is `-`.
fn text_or_stdin(text: String) -> Result<String> {
    if text != "-" {
        return Ok(text);
    }
    read_stdin()
}

/// All of standard input, as UTF-8, at most the journal's text limit.
fn read_stdin() -> Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(domain::MAX_TEXT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("standard input is not UTF-8 text"))?;
    Ok(domain::bounded_text("the text from standard input", &text)?)
}
