//! The command line as clap parses it: the global flags and the commands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use super::subcommands::{
    ActionCommand, CheckinCommand, ExperienceCommand, FeedbackCommand, GoalCommand, MeetingCommand,
    NoteCommand, PairCommand, PairSpec, PassphraseCommand, StrengthCommand,
};
use super::values::{EntryArg, ListArg, SearchArg};
use crate::export::Format;

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
    /// Colours on the screen: auto (unless $NO_COLOR is set), always, never
    /// (default: the config file's `color`, else auto).
    #[arg(long, global = true, value_name = "WHEN", ignore_case = true)]
    pub color: Option<crate::config::ColorChoice>,
    /// What to do; without a command the journal opens in the terminal.
    #[command(subcommand)]
    pub command: Option<Command>,
}

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
        /// What to list.
        #[arg(ignore_case = true)]
        what: ListArg,
        /// Only the first N, in the usual order (without it, everything).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        limit: Option<u32>,
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
        /// What kind of entry it is.
        #[arg(ignore_case = true)]
        kind: EntryArg,
        /// The entry's id, as `candor list` shows it.
        id: i64,
        /// The new text (`-` reads standard input).
        text: Option<String>,
    },
    /// Search every text: words, prefixes (trus*), "phrases"; best first.
    Search {
        /// What to look for (`-word` leaves out entries holding it).
        #[arg(allow_hyphen_values = true)]
        query: String,
        /// Only in this pair.
        #[arg(long)]
        pair: Option<PairSpec>,
        /// Only this kind.
        #[arg(long, ignore_case = true)]
        kind: Option<SearchArg>,
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
        #[arg(
            long,
            value_name = "md|json",
            ignore_case = true,
            hide_possible_values = true
        )]
        format: Format,
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
    /// Delete an entry, after a confirmation at a terminal (--yes for
    /// scripts); `candor undo` (or `u` on the screen) brings it back.
    Delete {
        /// The pair: its id, or part of a name that matches one pair.
        pair: PairSpec,
        /// What kind of entry it is.
        #[arg(ignore_case = true)]
        kind: EntryArg,
        /// The entry's id, as `candor list` shows it.
        id: i64,
        /// Do not ask (for scripts).
        #[arg(long)]
        yes: bool,
    },
    /// Bring back the entry deleted last in this journal, whether
    /// `candor delete` or the screen deleted it.
    Undo,
    /// Sync with this person's other journals through DIR, a folder a sync
    /// tool (Syncthing, Dropbox, a network share) keeps in step. The first
    /// journal prints a sync code once; another joins with `--join`.
    Sync {
        /// The folder (default: the config file's `sync_folder`).
        dir: Option<PathBuf>,
        /// Join the sync folder in DIR, with its sync code (asked, or
        /// $CANDOR_SYNC_CODE).
        #[arg(long)]
        join: bool,
        /// Share one pair's shared entries with a partner through DIR.
        #[arg(long, value_name = "PAIR")]
        pair: Option<PairSpec>,
        /// Stop reading a device of the folder (its name or uid).
        #[arg(long, value_name = "DEVICE")]
        forget: Option<String>,
        /// When another device's private text is sealed under another
        /// passphrase: keep this journal's (`mine`), or take the other's
        /// (`theirs`: this journal's private text is sealed again under it;
        /// both passphrases are asked, or $CANDOR_PASSPHRASE and
        /// $CANDOR_NEW_PASSPHRASE).
        #[arg(long, value_name = "mine|theirs", value_parser = ["mine", "theirs"])]
        keep_passphrase: Option<String>,
        /// Change the folder's sync code (after --forget of a lost machine):
        /// the new one is printed once, and every other device joins again
        /// with it (`--join`).
        #[arg(long, conflicts_with_all = ["join", "pair"])]
        new_code: bool,
        /// This device's name in the folder, when it starts or joins it
        /// (default: the computer's name).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
    },
    /// Write an iCalendar file of planned meetings (events) and open action
    /// items with a due date (to-dos); never private text.
    Calendar {
        /// Only this pair.
        #[arg(long)]
        pair: Option<PairSpec>,
        /// Write to FILE (created 0600) instead of standard output; never the
        /// journal, its side files or its backups.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// List what is late and what is due soon across pairs, one line each:
    /// meetings (planned, or due by the agreed cadence), action items, goals.
    Due {
        /// How many days ahead to look; what is late is always listed.
        #[arg(long, value_name = "DAYS", default_value_t = 7,
              value_parser = clap::value_parser!(u32).range(0..=3660))]
        within: u32,
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
        /// Exit with status 1 when something is late (for a shell prompt or cron).
        #[arg(long)]
        check: bool,
        /// Print nothing (with --check, the exit status alone tells).
        #[arg(short, long)]
        quiet: bool,
    },
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        #[arg(value_enum, ignore_case = true)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output.
    Man,
    /// Where the config file is, and the settings in effect.
    #[command(subcommand)]
    Config(ConfigCommand),
}

/// `candor config path|show`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the config file's path (and say on stderr when there is no file there yet).
    Path,
    /// List every setting, its value, and where it came from: default,
    /// config file (with its line), environment variable or flag.
    Show,
}
