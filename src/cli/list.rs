//! `candor list PAIR WHAT`: a pair's meetings, feedback, notes, action
//! items, goals or check-ins, as text or JSON.

use std::io::Write;

use anyhow::Result;

use super::feedback::direction_words;
use super::input::find;
use super::output::{self, local};
use super::values::ListArg;
use crate::domain::{self, Readable};
use crate::store::Store;
use crate::text;

pub(super) fn list(
    store: &Store,
    spec: &str,
    what: ListArg,
    limit: Option<usize>,
    private: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let id = pair.id;
    macro_rules! pages {
        ($fetch:expr, $each:expr) => {
            if json {
                output::json_pages(out, limit, |p| Ok($fetch(p)?), |e| e.cursor())
            } else {
                let mut empty = true;
                output::each_page(
                    limit,
                    |p| Ok($fetch(p)?),
                    |e| e.cursor(),
                    |e| {
                        empty = false;
                        $each(&mut *out, e)
                    },
                )?;
                if empty {
                    writeln!(out, "No {} yet.", what.word())?;
                }
                Ok(())
            }
        };
    }
    match what {
        ListArg::Goals => super::goals::list_goals(store, &pair, limit, json, out),
        ListArg::Checkins => super::checkins::list_checkins(store, &pair, limit, json, out),
        ListArg::Strengths => {
            let mut strengths = store.strengths(id)?;
            strengths.truncate(limit.unwrap_or(usize::MAX));
            if json {
                return output::json(out, &strengths);
            }
            if strengths.is_empty() {
                writeln!(out, "No strengths yet.")?;
            }
            for s in &strengths {
                writeln!(
                    out,
                    "#{}  {}'s strength  {}",
                    s.id,
                    text::one_line(pair.name_of(s.whose)),
                    local(store, s.created_at)
                )?;
                output::field(out, "strength", &s.text)?;
            }
            Ok(())
        }
        ListArg::Experiences => {
            let mut experiences = store.experiences(id)?;
            experiences.truncate(limit.unwrap_or(usize::MAX));
            if json {
                return output::json(out, &experiences);
            }
            if experiences.is_empty() {
                writeln!(out, "No experiences yet.")?;
            }
            for e in &experiences {
                writeln!(out, "#{}  {}", e.id, local(store, e.created_at))?;
                output::field(
                    out,
                    &format!("{}'s challenge", text::one_line(&pair.mentee_name)),
                    &e.challenge,
                )?;
                output::field(
                    out,
                    &format!("{}'s similar experience", text::one_line(&pair.mentor_name)),
                    &e.similar,
                )?;
            }
            Ok(())
        }
        ListArg::Meetings => pages!(
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
        ListArg::Feedback => pages!(
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
        ListArg::Notes => pages!(
            |p| store.notes(id, private, p),
            |out: &mut dyn Write, n: &domain::Note| {
                let lock = if n.is_private() { "  🔒 private" } else { "" };
                let tags = match n.text() {
                    Some(t) if !t.tags.is_empty() => {
                        format!("  #{}", text::one_line(&t.tags.join(" #")))
                    }
                    _ => String::new(),
                };
                writeln!(out, "#{}  {}{lock}{tags}", n.id, local(store, n.created_at))?;
                let body = match n.readable() {
                    Readable::Open(t) => t.body.as_str(),
                    // Listing private notes asks for the passphrase first.
                    Readable::Locked => "[locked]",
                    Readable::Damaged => {
                        "[damaged: it cannot be opened; the other notes are unaffected]"
                    }
                };
                output::field(out, "note", body)
            }
        ),
        ListArg::Actions => {
            let today = store.clock().today();
            pages!(
                |p| store.actions(id, p),
                |out: &mut dyn Write, a: &domain::ActionItem| {
                    let mark = if a.done { "[x]" } else { "[ ]" };
                    let due = a.due_on.map_or(String::new(), |d| {
                        format!(" · due {}", store.clock().show_date(d))
                    });
                    let overdue = if a.is_overdue(today) { " · late" } else { "" };
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
