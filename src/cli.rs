//! The command line: clap definitions and the non-interactive commands.
//!
//! Every command prints to stdout on success and exits 0 (also when a list
//! is empty); errors are one sentence on stderr and a non-zero exit.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use unicode_width::UnicodeWidthStr;

use crate::config::Config;
use crate::domain::{self, NewPair, Pair, Role};
use crate::store::Store;
use crate::template::Template;
use crate::text;

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
    /// What to do; without a command the journal opens in the terminal.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The non-interactive commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add and list mentoring pairs.
    #[command(subcommand)]
    Pair(PairCommand),
    /// Show a pair's first-meeting checklist.
    Checklist {
        /// The pair: its id, or part of a name that matches one pair.
        pair: String,
        /// Print one JSON array of items.
        #[arg(long)]
        json: bool,
    },
    /// Tick a checklist item (or untick it with --undo).
    Check {
        /// The pair: its id, or part of a name that matches one pair.
        pair: String,
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
}

/// `candor pair …`
#[derive(Debug, Subcommand)]
pub enum PairCommand {
    /// Add a pair; its first-meeting checklist is created from the template.
    Add(PairAdd),
    /// List the pairs with their checklist progress.
    List {
        /// Print one JSON array of pairs.
        #[arg(long)]
        json: bool,
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

/// `candor strength …`
#[derive(Debug, Subcommand)]
pub enum StrengthCommand {
    /// Add a strength of the mentor's or the mentee's.
    Add {
        /// The pair: its id, or part of a name that matches one pair.
        pair: String,
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
        /// The pair: its id, or part of a name that matches one pair.
        pair: String,
        /// The mentee's challenge.
        #[arg(long, value_name = "TEXT")]
        challenge: String,
        /// The mentor's similar experience.
        #[arg(long, value_name = "TEXT")]
        similar: String,
    },
}

/// Opens the store named by `config`.
pub fn open_store(config: &Config) -> Result<Store> {
    Ok(Store::open(&config.db, config.clock.clone())?)
}

/// Runs one non-interactive command, writing its output to `out`.
pub fn run(command: Command, config: &Config, out: &mut dyn Write) -> Result<()> {
    let mut store = open_store(config)?;
    match command {
        Command::Pair(PairCommand::Add(args)) => {
            let template = Template::load(config.config_dir.as_deref())?;
            pair_add(&mut store, &template, &args, out)
        }
        Command::Pair(PairCommand::List { json }) => pair_list(&store, json, out),
        Command::Checklist { pair, json } => {
            let template = Template::load(config.config_dir.as_deref())?;
            checklist(&store, &template, &pair, json, out)
        }
        Command::Check {
            pair,
            key,
            note,
            undo,
        } => {
            let pair = find(&store, &pair)?;
            let item = store.set_item_done(pair.id, &key, !undo, note.as_deref())?;
            let pair = store.pair(pair.id)?;
            let verb = if item.done { "Ticked" } else { "Unticked" };
            writeln!(
                out,
                "{verb} \"{}\" for {} ({}/{}).",
                text::one_line(&item.title),
                text::one_line(pair.partner_name()),
                pair.checklist_done,
                pair.checklist_total
            )?;
            Ok(())
        }
        Command::Strength(StrengthCommand::Add { pair, whose, text }) => {
            let whose: Role = whose.parse()?;
            let pair = find(&store, &pair)?;
            let s = store.add_strength(pair.id, whose, &text.join(" "))?;
            writeln!(
                out,
                "Added strength {} of {}: {}",
                s.id,
                text::one_line(pair.name_of(whose)),
                text::one_line(&s.text)
            )?;
            Ok(())
        }
        Command::Experience(ExperienceCommand::Add {
            pair,
            challenge,
            similar,
        }) => {
            let pair = find(&store, &pair)?;
            let e = store.add_experience(pair.id, &challenge, &similar)?;
            writeln!(
                out,
                "Added experience {}: {} ↔ {}",
                e.id,
                text::one_line(&e.challenge),
                text::one_line(&e.similar)
            )?;
            Ok(())
        }
    }
}

fn find(store: &Store, spec: &str) -> Result<Pair> {
    let pairs = store.pairs()?;
    Ok(domain::find_pair(&pairs, spec)?.clone())
}

fn pair_add(
    store: &mut Store,
    template: &Template,
    args: &PairAdd,
    out: &mut dyn Write,
) -> Result<()> {
    let role: Role = args.role.parse()?;
    let since = match &args.since {
        Some(s) => domain::parse_date(s)?,
        None => store.clock().today(),
    };
    let cadence = args.cadence.map(domain::cadence).transpose()?;
    let new = NewPair::new(
        &args.mentor,
        &args.mentee,
        role,
        &args.focus,
        since,
        cadence,
    )?;
    let pair = store.add_pair(&new, template)?;
    writeln!(
        out,
        "Added pair {}: {} mentors {} (you are the {}); a first-meeting checklist of {} items is ready.",
        pair.id,
        text::one_line(&pair.mentor_name),
        text::one_line(&pair.mentee_name),
        pair.my_role,
        pair.checklist_total
    )?;
    Ok(())
}

fn pair_list(store: &Store, json: bool, out: &mut dyn Write) -> Result<()> {
    let pairs = store.pairs()?;
    if json {
        return write_json(out, &pairs);
    }
    if pairs.is_empty() {
        writeln!(
            out,
            "No pairs yet; add one with `candor pair add --mentor NAME --mentee NAME`."
        )?;
        return Ok(());
    }
    let mut rows = vec![vec![
        "ID".to_owned(),
        "MENTOR".to_owned(),
        "MENTEE".to_owned(),
        "YOU".to_owned(),
        "STATUS".to_owned(),
        "CHECKLIST".to_owned(),
        "SINCE".to_owned(),
        "CADENCE".to_owned(),
    ]];
    for p in &pairs {
        rows.push(vec![
            p.id.to_string(),
            text::one_line(&p.mentor_name),
            text::one_line(&p.mentee_name),
            p.my_role.to_string(),
            p.status.to_string(),
            format!("{}/{}", p.checklist_done, p.checklist_total),
            p.started_on.to_string(),
            p.cadence_days
                .map_or("-".to_owned(), |d| format!("{d} days")),
        ]);
    }
    write_table(out, &rows)
}

fn checklist(
    store: &Store,
    template: &Template,
    spec: &str,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let items = store.checklist(pair.id)?;
    if json {
        return write_json(out, &items);
    }
    writeln!(
        out,
        "{} & {} · {}/{} ticked",
        text::one_line(&pair.mentor_name),
        text::one_line(&pair.mentee_name),
        pair.checklist_done,
        pair.checklist_total
    )?;
    let key_width = items.iter().map(|i| i.key.width()).max().unwrap_or(0);
    for step in 1..=5u8 {
        let in_step: Vec<_> = items.iter().filter(|i| i.step == step).collect();
        if in_step.is_empty() {
            continue;
        }
        let done = in_step.iter().filter(|i| i.done).count();
        writeln!(
            out,
            "\n{step} {} ({done}/{})",
            template.step_title(step).unwrap_or(""),
            in_step.len()
        )?;
        for item in in_step {
            let mark = if item.done { "x" } else { " " };
            let note = if item.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", text::one_line(&item.note))
            };
            writeln!(
                out,
                "  [{mark}] {:key_width$}  {}{note}",
                item.key,
                text::one_line(&item.title)
            )?;
        }
    }
    let strengths = store.strengths(pair.id)?;
    for side in [Role::Mentee, Role::Mentor] {
        let of_side: Vec<_> = strengths
            .iter()
            .filter(|s| s.whose == side)
            .map(|s| text::one_line(&s.text))
            .collect();
        if !of_side.is_empty() {
            writeln!(
                out,
                "\n{}'s strengths: {}",
                text::one_line(pair.name_of(side)),
                of_side.join(" · ")
            )?;
        }
    }
    let experiences = store.experiences(pair.id)?;
    if !experiences.is_empty() {
        writeln!(out, "\nChallenges and similar experiences:")?;
        for e in experiences {
            writeln!(
                out,
                "  {} ↔ {}",
                text::one_line(&e.challenge),
                text::one_line(&e.similar)
            )?;
        }
    }
    Ok(())
}

fn write_json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).context("cannot write the JSON")?;
    writeln!(out)?;
    Ok(())
}

/// Writes rows as left-aligned columns, padding by display width.
fn write_table(out: &mut dyn Write, rows: &[Vec<String>]) -> Result<()> {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < columns {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
