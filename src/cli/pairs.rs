//! `candor pair …`, `checklist`, `check`, `strength add` and `experience add`.

use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};
use unicode_width::UnicodeWidthStr;

use super::input::find;
use super::output;
use super::subcommands::PairCommand;
use crate::config::Config;
use crate::domain::{self, Kind, NewPair, Noun, PairStatus, Role};
use crate::store::{PairEdit, Store};
use crate::template::Template;
use crate::text;

pub(super) fn run(
    cmd: PairCommand,
    store: &mut Store,
    config: &Config,
    out: &mut dyn Write,
) -> Result<()> {
    match cmd {
        PairCommand::Add(args) => {
            let template = Template::load(config.config_dir.as_deref())?;
            let role = args.role;
            let since = match &args.since {
                Some(s) => domain::parse_date(s)?,
                None => store.clock().today(),
            };
            let cadence = match args.cadence {
                None => Some(domain::DEFAULT_CADENCE_DAYS),
                Some(0) => None,
                Some(d) => Some(domain::cadence(d)?),
            };
            let (mentor, mentee) = names(store, role, args.mentor, args.mentee)?;
            let new = NewPair::new(&mentor, &mentee, role, &args.focus, since, cadence)?;
            let pair = store.add_pair(&new, &template)?;
            let items = store.pair_summary(pair.id)?.checklist_total;
            writeln!(
                out,
                "Added pair {}: {} mentors {} (you are the {}); a first-meeting checklist of {} is ready.",
                pair.id,
                text::one_line(&pair.mentor_name),
                text::one_line(&pair.mentee_name),
                pair.my_role,
                Noun::new("an", "item", "items").count(items)
            )?;
        }
        PairCommand::List { json } => list(store, json, out)?,
        PairCommand::Edit(args) => {
            let pair = find(store, &args.pair)?;
            let edit = PairEdit {
                mentor_name: args.mentor,
                mentee_name: args.mentee,
                my_role: args.role,
                focus: args.focus,
                started_on: args.since.as_deref().map(domain::parse_date).transpose()?,
                cadence_days: args
                    .cadence
                    .map(|d| {
                        if d == 0 {
                            Ok(None)
                        } else {
                            domain::cadence(d).map(Some)
                        }
                    })
                    .transpose()?,
                next_meeting_on: args
                    .next
                    .map(|d| {
                        if d.eq_ignore_ascii_case("none") {
                            Ok(None)
                        } else {
                            domain::parse_date(&d).map(Some)
                        }
                    })
                    .transpose()?,
            };
            if edit == PairEdit::default() {
                bail!(
                    "nothing to change; give --mentor, --mentee, --role, --focus, --since, --cadence or --next"
                );
            }
            let before = store.pair_summary(pair.id)?;
            let pair = store.edit_pair(pair.id, None, &edit)?;
            let next = match (edit.next_meeting_on, before.pair.next_meeting_on) {
                (None, _) => String::new(),
                (Some(_), _) => match (
                    store.pair_summary(pair.id)?.next_planned_at,
                    before.next_planned_at,
                ) {
                    (Some(at), _) => format!("; next meeting {}", store.clock().show_time(at)),
                    (None, Some(_)) => {
                        "; the planned meeting was deleted (`candor undo` brings it back)"
                            .to_owned()
                    }
                    (None, None) => "; no meeting is planned".to_owned(),
                },
            };
            writeln!(
                out,
                "Updated pair {}: {} (you are the {}){next}.",
                pair.id,
                describe(&pair),
                pair.my_role
            )?;
        }
        PairCommand::Pause { pair } => status(store, &pair, PairStatus::Paused, out)?,
        PairCommand::Close { pair, reflection } => close(store, &pair, reflection, out)?,
        PairCommand::Reopen { pair } => status(store, &pair, PairStatus::Active, out)?,
        PairCommand::Delete { pair, yes } => {
            let pair = find(store, &pair)?;
            if !yes
                && !confirm(&format!(
                    "Erase the pair {} and everything in it? This cannot be undone. Type yes to erase: ",
                    describe(&pair)
                ))?
            {
                bail!("the pair {} was not erased", describe(&pair));
            }
            store.delete_pair(pair.id)?;
            writeln!(out, "Erased the pair {}.", describe(&pair))?;
        }
        PairCommand::Merge { pair, other } => {
            let into = find(store, &pair)?;
            let gone = find(store, &other)?;
            if store.pair_has_sealed(gone.id)? {
                super::secrets::unlock_if_needed(store, config)?;
            }
            let merged = store.merge_pairs(into.id, gone.id)?;
            if let Some(copy) = &merged.backup {
                writeln!(
                    out,
                    "Kept a copy of the journal first: {}",
                    text::path(copy)
                )?;
            }
            let combined = match merged.items_combined {
                0 => String::new(),
                n => format!(
                    "; {} met and kept both ticks and notes",
                    Kind::ChecklistItem.noun().count(n)
                ),
            };
            writeln!(
                out,
                "Merged {} into {}: {} moved{combined}; the pair {} is gone, and exports that name it land in pair {} now.",
                describe(&gone),
                describe(&into),
                Noun::ENTRY.count(merged.moved),
                gone.id,
                into.id
            )?;
        }
    }
    Ok(())
}

/// The mentor's and the mentee's names for a new pair: the ones given, and
/// for your own side, left out, the name you gave it for the pair added last.
fn names(
    store: &Store,
    role: Role,
    mentor: Option<String>,
    mentee: Option<String>,
) -> Result<(String, String)> {
    let flag = |side: Role| match side {
        Role::Mentor => "--mentor",
        Role::Mentee => "--mentee",
    };
    let (mine, theirs) = match role {
        Role::Mentor => (mentor, mentee),
        Role::Mentee => (mentee, mentor),
    };
    let Some(theirs) = theirs else {
        bail!(
            "give the {}'s name with {}",
            role.other(),
            flag(role.other())
        );
    };
    let mine = match mine {
        Some(n) => n,
        None => match store.own_name()? {
            Some(n) => n,
            None => bail!(
                "give your own name with {} (you are the {role} here); candor remembers it after this first pair",
                flag(role)
            ),
        },
    };
    Ok(match role {
        Role::Mentor => (mine, theirs),
        Role::Mentee => (theirs, mine),
    })
}

fn describe(pair: &domain::Pair) -> String {
    format!(
        "{} & {}",
        text::one_line(&pair.mentor_name),
        text::one_line(&pair.mentee_name)
    )
}

/// `pair close`: the reflection given, read from standard input, or asked
/// for at a terminal; never waited for without one.
fn close(
    store: &mut Store,
    spec: &str,
    reflection: Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let reflection = match reflection {
        Some(text) => Some(super::input::text_or_stdin(text)?),
        None if std::io::stdin().is_terminal() => Some(ask_reflection(&pair)?),
        None => None,
    };
    let (pair, note) = store.close_pair(pair.id, reflection.as_deref())?;
    match note {
        Some(id) => writeln!(
            out,
            "The pair {} is now closed; its closing reflection is note {id}.",
            describe(&pair)
        )?,
        None => writeln!(
            out,
            "The pair {} is now closed, without a closing reflection (--reflection adds one).",
            describe(&pair)
        )?,
    }
    Ok(())
}

/// Asks at the terminal for a closing reflection, line by line until an
/// empty line.
fn ask_reflection(pair: &domain::Pair) -> Result<String> {
    eprintln!(
        "A closing reflection for {}: what worked, what each of you takes forward, whether you stay in touch.",
        describe(pair)
    );
    eprintln!("Type it below; an empty line ends it (an empty line at once closes without one).");
    let mut text = String::new();
    loop {
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        text.push_str(&line);
    }
    Ok(text)
}

/// Asks on the terminal; without one, refuses at once instead of waiting.
/// Returns the answer, trimmed.
pub(super) fn ask(question: &str) -> Result<String> {
    if !std::io::stdin().is_terminal() {
        bail!(
            "this needs a confirmation and there is no terminal to ask on; add --yes to confirm in a script"
        );
    }
    eprint!("{question}");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(answer.trim().to_owned())
}

/// Asks on the terminal whether to go on; only "yes" goes on.
fn confirm(question: &str) -> Result<bool> {
    Ok(ask(question)?.eq_ignore_ascii_case("yes"))
}

fn status(store: &mut Store, spec: &str, status: PairStatus, out: &mut dyn Write) -> Result<()> {
    let pair = find(store, spec)?;
    let pair = store.set_pair_status(pair.id, status)?;
    writeln!(out, "The pair {} is now {}.", describe(&pair), pair.status)?;
    Ok(())
}

fn list(store: &Store, json: bool, out: &mut dyn Write) -> Result<()> {
    if json {
        return output::json(out, &store.pair_summaries()?);
    }
    // The table shows no action item.
    let pairs = store.pair_summaries_but_actions()?;
    if pairs.is_empty() {
        writeln!(
            out,
            "No pairs yet; add one with `candor pair add --mentor NAME --mentee NAME`."
        )?;
        return Ok(());
    }
    let clock = store.clock();
    let today = clock.today();
    let mut rows = vec![
        [
            "ID",
            "MENTOR",
            "MENTEE",
            "YOU",
            "STATUS",
            "CHECKLIST",
            "SINCE",
            "CADENCE",
            "LAST MET",
            "NEXT",
        ]
        .map(str::to_owned)
        .to_vec(),
    ];
    for summary in &pairs {
        let p = &summary.pair;
        rows.push(vec![
            p.id.to_string(),
            text::one_line(&p.mentor_name),
            text::one_line(&p.mentee_name),
            p.my_role.to_string(),
            p.status.to_string(),
            format!("{}/{}", summary.checklist_done, summary.checklist_total),
            clock.show_date(p.started_on),
            p.cadence_days
                .map_or("-".to_owned(), |d| Noun::DAY.count(d)),
            summary
                .days_since_met(today, clock)
                .map_or("never".to_owned(), |d| {
                    format!("{} ago", Noun::DAY.count(d))
                }),
            summary
                .next_meeting(clock)
                .map_or("-".to_owned(), |d| d.to_string()),
        ]);
    }
    output::table(out, &rows)
}

pub(super) fn checklist(
    store: &Store,
    config: &Config,
    spec: &str,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let template = Template::load(config.config_dir.as_deref())?;
    let pair = find(store, spec)?;
    let items = store.checklist(pair.id)?;
    if json {
        return output::json(out, &items);
    }
    let ticked = items.iter().filter(|i| i.done).count();
    writeln!(out, "{} · {ticked}/{} ticked", describe(&pair), items.len())?;
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
            text::one_line(template.step_title(step).unwrap_or("")),
            in_step.len()
        )?;
        for item in in_step {
            let mark = if item.done { "x" } else { " " };
            let mut note = if item.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", text::one_line(&item.note))
            };
            if let Some(from) = &item.from {
                note.push_str(&format!(
                    " (from the record: {} #{}, {})",
                    from.kind.noun().one(),
                    from.id,
                    crate::ui::fitting::fit(&text::one_line(&from.gist), 40)
                ));
            }
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
            .map(|s| format!("{} (#{})", text::one_line(&s.text), s.id))
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
                "  #{} {} ↔ {}",
                e.id,
                text::one_line(&e.challenge),
                text::one_line(&e.similar)
            )?;
        }
    }
    Ok(())
}

pub(super) fn check(
    store: &mut Store,
    spec: &str,
    key: &str,
    note: Option<&str>,
    undo: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let item = store.set_item_done(pair.id, key, !undo, note)?;
    let summary = store.pair_summary(pair.id)?;
    let verb = if item.done { "Ticked" } else { "Unticked" };
    writeln!(
        out,
        "{verb} \"{}\" for {} ({}/{}).",
        text::one_line(&item.title),
        text::one_line(pair.partner_name()),
        summary.checklist_done,
        summary.checklist_total
    )?;
    Ok(())
}

pub(super) fn strength_add(
    store: &mut Store,
    spec: &str,
    whose: Role,
    text: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let s = store.add_strength(pair.id, whose, text)?;
    writeln!(
        out,
        "Added strength {} of {}: {}",
        s.id,
        text::one_line(pair.name_of(whose)),
        text::one_line(&s.text)
    )?;
    Ok(())
}

pub(super) fn experience_add(
    store: &mut Store,
    spec: &str,
    challenge: &str,
    similar: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let e = store.add_experience(pair.id, challenge, similar)?;
    writeln!(
        out,
        "Added experience {}: {} ↔ {}",
        e.id,
        text::one_line(&e.challenge),
        text::one_line(&e.similar)
    )?;
    Ok(())
}
