//! `candor meeting|feedback|note|action …`, `list`, `edit` and `delete`.

use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};

use super::{FeedbackAdd, find, output, read_stdin, text_or_stdin};
use crate::config::Config;
use crate::domain::{self, Direction, Owner, Pair, Response};
use crate::editor;
use crate::store::{EntryKind, NewCheckIn, NewFeedback, NewGoal, NewMeeting, NewNote, Store};
use crate::text;

fn when(store: &Store, at: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>> {
    Ok(match at {
        Some(at) => domain::parse_datetime(at, store.clock())?,
        None => store.clock().now(),
    })
}

pub(super) fn local(store: &Store, t: chrono::DateTime<chrono::Utc>) -> String {
    store.clock().local(t).format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn meeting_add(
    store: &mut Store,
    spec: &str,
    at: Option<String>,
    agenda: Option<String>,
    next_steps: Option<String>,
    text: Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let meeting = NewMeeting {
        held_at: when(store, at.as_deref())?,
        agenda: agenda.unwrap_or_default(),
        notes: text.map(text_or_stdin).transpose()?.unwrap_or_default(),
        next_steps: next_steps.unwrap_or_default(),
    };
    let m = store.add_meeting(pair.id, &meeting)?;
    let planned = if m.held_at > store.clock().now() {
        "Planned"
    } else {
        "Logged"
    };
    writeln!(
        out,
        "{planned} meeting {} on {}.",
        m.id,
        local(store, m.held_at)
    )?;
    Ok(())
}

pub(super) fn feedback_add(
    store: &mut Store,
    args: FeedbackAdd,
    out: &mut dyn Write,
) -> Result<()> {
    let direction: Direction = args.to.parse()?;
    let response: Response = args.response.parse()?;
    let pair = find(store, &args.pair)?;
    let Some(text) = args.text else {
        bail!("give the feedback as TEXT, or - to read it from standard input");
    };
    let feedback = NewFeedback {
        direction,
        requested: args.requested,
        body: text_or_stdin(text)?,
        situation: args.situation,
        behaviour: args.behaviour,
        impact: args.impact,
        response,
        follow_up: args.follow_up.unwrap_or_default(),
        given_at: when(store, args.at.as_deref())?,
    };
    let f = store.add_feedback(pair.id, &feedback)?;
    writeln!(
        out,
        "Recorded feedback {} ({}, {}).",
        f.id,
        direction_words(f.direction),
        f.response.label()
    )?;
    Ok(())
}

fn direction_words(d: Direction) -> &'static str {
    match d {
        Direction::ToMentor => "to the mentor",
        Direction::ToMentee => "to the mentee",
    }
}

pub(super) fn note_add(
    store: &mut Store,
    config: &Config,
    spec: &str,
    private: bool,
    tags: &[String],
    text: Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let tags = domain::parse_tags(tags.iter().map(String::as_str))?;
    let body = match text {
        Some(t) => text_or_stdin(t)?,
        // Private text never goes to an editor's temp file.
        None if private => {
            if std::io::stdin().is_terminal() {
                eprintln!("Type the private note, then Ctrl-D on a line of its own:");
            }
            read_stdin()?
        }
        None => editor::edit(config.editor.as_deref(), "", Some(&config.db))?,
    };
    let note = store.add_note(
        pair.id,
        &NewNote {
            body,
            private,
            tags,
        },
    )?;
    let kind = if note.private { "private note" } else { "note" };
    writeln!(
        out,
        "Added {kind} {} to {}.",
        note.id,
        text::one_line(pair.partner_name())
    )?;
    Ok(())
}

pub(super) fn action_add(
    store: &mut Store,
    spec: &str,
    owner: &str,
    due: Option<&str>,
    text: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let owner: Owner = owner.parse()?;
    let due = due.map(domain::parse_date).transpose()?;
    let pair = find(store, spec)?;
    let a = store.add_action(pair.id, owner, text, due)?;
    let whom = match a.owner {
        Owner::Mentor => "the mentor",
        Owner::Mentee => "the mentee",
        Owner::Both => "both of you",
    };
    writeln!(out, "Added action item {} for {whom}.", a.id)?;
    Ok(())
}

pub(super) fn action_done(
    store: &mut Store,
    spec: &str,
    id: i64,
    done: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let item = store.action(id)?;
    if item.pair_id != pair.id {
        bail!(
            "the pair {} has no action item {id}",
            text::one_line(pair.partner_name())
        );
    }
    let item = store.set_action_done(id, done)?;
    let state = if item.done { "done" } else { "open again" };
    writeln!(
        out,
        "Action item {id} is {state}: {}",
        text::one_line(&item.text)
    )?;
    Ok(())
}

/// The lists `candor list` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Meetings,
    Feedback,
    Notes,
    Actions,
    Goals,
    Checkins,
}

/// Whether `list … WHAT` lists check-ins (which needs the passphrase once they are sealed).
pub(super) fn lists_checkins(what: &str) -> bool {
    matches!(list_kind(what), Ok(ListKind::Checkins))
}

fn list_kind(what: &str) -> Result<ListKind> {
    Ok(match what.trim().to_ascii_lowercase().as_str() {
        "meetings" | "meeting" => ListKind::Meetings,
        "feedback" => ListKind::Feedback,
        "notes" | "note" => ListKind::Notes,
        "actions" | "action" => ListKind::Actions,
        "goals" | "goal" => ListKind::Goals,
        "checkins" | "checkin" | "check-ins" | "check-in" => ListKind::Checkins,
        _ => bail!(
            "'{what}' is not a list; use meetings, feedback, notes, actions, goals or checkins"
        ),
    })
}

pub(super) fn list(
    store: &Store,
    spec: &str,
    what: &str,
    private: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let kind = list_kind(what)?;
    let pair = find(store, spec)?;
    let id = pair.id;
    macro_rules! pages {
        ($fetch:expr, $each:expr) => {
            if json {
                output::json_pages(out, |p| Ok($fetch(p)?), |e| e.cursor())
            } else {
                let mut empty = true;
                output::each_page(
                    |p| Ok($fetch(p)?),
                    |e| e.cursor(),
                    |e| {
                        empty = false;
                        $each(&mut *out, e)
                    },
                )?;
                if empty {
                    writeln!(out, "No {} yet.", what.trim().to_ascii_lowercase())?;
                }
                Ok(())
            }
        };
    }
    match kind {
        ListKind::Goals => super::growth::list_goals(store, &pair, json, out),
        ListKind::Checkins => super::growth::list_checkins(store, &pair, json, out),
        ListKind::Meetings => pages!(
            |p| store.meetings(id, p),
            |out: &mut dyn Write, m: &domain::Meeting| {
                let planned = if m.held_at > store.clock().now() {
                    "  (planned)"
                } else {
                    ""
                };
                writeln!(out, "#{}  {}{planned}", m.id, local(store, m.held_at))?;
                output::field(out, "agenda", &m.agenda)?;
                output::field(out, "notes", &m.notes)?;
                output::field(out, "next steps", &m.next_steps)
            }
        ),
        ListKind::Feedback => pages!(
            |p| store.feedback(id, p),
            |out: &mut dyn Write, f: &domain::Feedback| {
                let asked = if f.requested { ", asked for" } else { "" };
                writeln!(
                    out,
                    "#{}  {}  {}{asked} · {}",
                    f.id,
                    local(store, f.given_at),
                    direction_words(f.direction),
                    f.response.label()
                )?;
                output::field(out, "feedback", &f.body)?;
                output::field(out, "situation", f.situation.as_deref().unwrap_or(""))?;
                output::field(out, "behaviour", f.behaviour.as_deref().unwrap_or(""))?;
                output::field(out, "impact", f.impact.as_deref().unwrap_or(""))?;
                output::field(out, "follow-up", &f.follow_up)
            }
        ),
        ListKind::Notes => pages!(
            |p| store.notes(id, private, p),
            |out: &mut dyn Write, n: &domain::Note| {
                let lock = if n.private { "  🔒 private" } else { "" };
                let tags = if n.tags.is_empty() {
                    String::new()
                } else {
                    format!("  #{}", text::one_line(&n.tags.join(" #")))
                };
                writeln!(out, "#{}  {}{lock}{tags}", n.id, local(store, n.created_at))?;
                if n.damaged {
                    return output::field(
                        out,
                        "note",
                        "[damaged: it cannot be opened; the other notes are unaffected]",
                    );
                }
                output::field(out, "note", &n.body)
            }
        ),
        ListKind::Actions => {
            let today = store.clock().today();
            pages!(
                |p| store.actions(id, p),
                |out: &mut dyn Write, a: &domain::ActionItem| {
                    let mark = if a.done { "[x]" } else { "[ ]" };
                    let due = a.due_on.map_or(String::new(), |d| format!(" · due {d}"));
                    let overdue = if a.is_overdue(today) {
                        " · OVERDUE"
                    } else {
                        ""
                    };
                    writeln!(
                        out,
                        "#{}  {mark} {} ({}{due}{overdue})",
                        a.id,
                        text::one_line(&a.text),
                        a.owner
                    )?;
                    Ok(())
                }
            )
        }
    }
}

fn kind(word: &str) -> Result<EntryKind> {
    Ok(word.parse::<EntryKind>()?)
}

pub(super) fn owned_by(pair: &Pair, kind: EntryKind, owner: i64, id: i64) -> Result<()> {
    if owner != pair.id {
        bail!(
            "the pair {} has no {} with id {id}",
            text::one_line(pair.partner_name()),
            kind.word()
        );
    }
    Ok(())
}

/// The new text for `edit`: TEXT, `-`, standard input for private notes, or $EDITOR.
fn new_text(
    config: &Config,
    given: Option<String>,
    current: &str,
    private: bool,
) -> Result<String> {
    match given {
        Some(t) => text_or_stdin(t),
        None if private => read_stdin(),
        None => Ok(editor::edit(
            config.editor.as_deref(),
            current,
            Some(&config.db),
        )?),
    }
}

pub(super) fn edit(
    store: &mut Store,
    config: &Config,
    spec: &str,
    word: &str,
    id: i64,
    given: Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let kind = kind(word)?;
    let pair = find(store, spec)?;
    match kind {
        EntryKind::Meeting => {
            let m = store.meeting(id)?;
            owned_by(&pair, kind, m.pair_id, id)?;
            let notes = new_text(config, given, &m.notes, false)?;
            let changed = NewMeeting {
                held_at: m.held_at,
                agenda: m.agenda,
                notes,
                next_steps: m.next_steps,
            };
            store.update_meeting(id, Some(m.version), &changed)?;
        }
        EntryKind::Feedback => {
            let f = store.feedback_entry(id)?;
            owned_by(&pair, kind, f.pair_id, id)?;
            let body = new_text(config, given, &f.body, false)?;
            let changed = NewFeedback {
                direction: f.direction,
                requested: f.requested,
                body,
                situation: f.situation,
                behaviour: f.behaviour,
                impact: f.impact,
                response: f.response,
                follow_up: f.follow_up,
                given_at: f.given_at,
            };
            store.update_feedback(id, Some(f.version), &changed)?;
        }
        EntryKind::Note => {
            let mut n = store.note(id)?;
            owned_by(&pair, kind, n.pair_id, id)?;
            if n.locked {
                super::secrets::unlock_if_needed(store, config)?;
                n = store.note(id)?;
            }
            let body = new_text(config, given, &n.body, n.private)?;
            let changed = NewNote {
                body,
                private: n.private,
                tags: n.tags,
            };
            store.update_note(id, Some(n.version), &changed)?;
        }
        EntryKind::Action => {
            let a = store.action(id)?;
            owned_by(&pair, kind, a.pair_id, id)?;
            let text = new_text(config, given, &a.text, false)?;
            store.update_action(id, Some(a.version), a.owner, &text, a.due_on)?;
        }
        EntryKind::Strength => {
            let s = store.strength(id)?;
            owned_by(&pair, kind, s.pair_id, id)?;
            let text = new_text(config, given, &s.text, false)?;
            store.update_strength(id, Some(s.version), &text)?;
        }
        EntryKind::Experience => {
            let e = store.experience(id)?;
            owned_by(&pair, kind, e.pair_id, id)?;
            let current = format!("{} ↔ {}", e.challenge, e.similar);
            let text = new_text(config, given, &current, false)?;
            let (challenge, similar) = match text.split_once('↔') {
                Some((c, s)) => (c.trim().to_owned(), s.trim().to_owned()),
                None => (text.trim().to_owned(), e.similar.clone()),
            };
            store.update_experience(id, Some(e.version), &challenge, &similar)?;
        }
        EntryKind::Goal => {
            let g = store.goal(id)?;
            owned_by(&pair, kind, g.pair_id, id)?;
            let text = new_text(config, given, &g.text, false)?;
            let changed = NewGoal {
                text,
                criteria: g.criteria,
                due_on: g.due_on,
            };
            store.update_goal(id, Some(g.version), &changed)?;
        }
        EntryKind::Checkin => {
            let mut c = store.checkin(id)?;
            owned_by(&pair, kind, c.pair_id, id)?;
            if c.locked {
                super::secrets::unlock_if_needed(store, config)?;
                c = store.checkin(id)?;
            }
            if c.damaged {
                bail!("check-in {id} is damaged and cannot be opened; delete it instead");
            }
            // The text of a check-in is private: TEXT, `-` or standard input, never $EDITOR.
            let note = new_text(config, given, &c.note, true)?;
            let changed = NewCheckIn {
                trust: c.trust.unwrap_or(1),
                helped: c.helped,
                in_the_way: c.in_the_way,
                note,
                checked_at: Some(c.checked_at),
            };
            store.update_checkin(id, Some(c.version), &changed)?;
        }
    }
    writeln!(out, "Updated {} {id}.", kind.word())?;
    Ok(())
}

pub(super) fn delete(
    store: &mut Store,
    spec: &str,
    word: &str,
    id: i64,
    out: &mut dyn Write,
) -> Result<()> {
    let kind = kind(word)?;
    let pair = find(store, spec)?;
    store.delete_entry(pair.id, kind, id)?;
    writeln!(out, "Deleted {} {id}.", kind.word())?;
    Ok(())
}
