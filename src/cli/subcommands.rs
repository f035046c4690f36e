//! The arguments of the commands that have subcommands or many flags:
//! `pair`, `passphrase`, `strength`, `experience`, `meeting`, `feedback`,
//! `note`, `action`, `checkin` and `goal`.

use clap::{Args, Subcommand};

use crate::domain::{Direction, Owner, Response, Role};

/// The pair an entry command is about: its id, or part of a name matching one pair.
pub(super) type PairSpec = String;

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
    /// Change a pair's names, your role, focus, start, cadence or next meeting.
    Edit(PairEditArgs),
    /// Put a pair on a break.
    Pause {
        /// The pair.
        pair: PairSpec,
    },
    /// Mark a mentorship as ended, with a closing reflection.
    ///
    /// The reflection (what worked, what each takes forward, whether to
    /// stay in touch) is kept as a shared note of the pair tagged
    /// `closing`, shown on its Overview and exported with it. Without
    /// --reflection, it is asked for at a terminal (an empty line skips it);
    /// without a terminal, the pair is closed without one.
    Close {
        /// The pair.
        pair: PairSpec,
        /// The closing reflection, or `-` to read it from standard input.
        #[arg(long, value_name = "TEXT | -")]
        reflection: Option<String>,
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
    /// The mentor's name (yours may be left out once a pair was added:
    /// candor remembers the name you gave for your side).
    #[arg(long, value_name = "NAME")]
    pub mentor: Option<String>,
    /// The mentee's name (yours may be left out, as for --mentor).
    #[arg(long, value_name = "NAME")]
    pub mentee: Option<String>,
    /// Which of the two you are.
    #[arg(
        long,
        default_value = "mentor",
        value_name = "mentor|mentee",
        ignore_case = true,
        hide_possible_values = true
    )]
    pub role: Role,
    /// What the mentorship is about.
    #[arg(long, default_value = "", value_name = "TEXT")]
    pub focus: String,
    /// When it started, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Agreed days between meetings (default: 14, as on the screen; 0 for none).
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
    /// Which of the two you are (the names stay on their sides).
    #[arg(
        long,
        value_name = "mentor|mentee",
        ignore_case = true,
        hide_possible_values = true
    )]
    pub role: Option<Role>,
    /// A new focus.
    #[arg(long, value_name = "TEXT")]
    pub focus: Option<String>,
    /// When it started, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Agreed days between meetings (0 removes the cadence).
    #[arg(long, value_name = "DAYS")]
    pub cadence: Option<i64>,
    /// The next meeting's day, YYYY-MM-DD: the earliest planned meeting
    /// moves there, or one is planned there (at 09:00) if none is; "none"
    /// deletes the earliest planned meeting (`candor undo` brings it back).
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
        #[arg(
            long,
            value_name = "mentor|mentee",
            ignore_case = true,
            hide_possible_values = true
        )]
        whose: Role,
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
        /// What each will do next, one step a line; each becomes an action
        /// item, its owner read from a leading `Ben:`, `mentee:`, `we:` or
        /// `me:` and its due date from a trailing `by Friday`, `by
        /// tomorrow`, `by next week` or `due 2026-12-04` (else one cadence
        /// from today, or from a meeting planned later). A list may start
        /// with `- `.
        #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
        next_steps: Option<String>,
        /// Whose the steps are that name no owner (default: both).
        #[arg(
            long,
            value_name = "mentor|mentee|both",
            ignore_case = true,
            hide_possible_values = true,
            requires = "next_steps"
        )]
        owner: Option<Owner>,
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
    #[arg(
        long,
        value_name = "mentor|mentee",
        ignore_case = true,
        hide_possible_values = true
    )]
    pub to: Direction,
    /// The mentor asked for it.
    #[arg(long)]
    pub requested: bool,
    /// How it was received.
    #[arg(
        long,
        default_value = "pending",
        value_name = "accepted|discussed|pushed-back|pending",
        ignore_case = true,
        hide_possible_values = true
    )]
    pub response: Response,
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
        #[arg(
            long,
            value_name = "mentor|mentee|both",
            ignore_case = true,
            hide_possible_values = true
        )]
        owner: Owner,
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
