//! The Markdown export: a document a person reads on its own, in any
//! CommonMark viewer. Every heading, list and emphasis in it is the
//! exporter's; user text is escaped so that it renders as the characters
//! typed and never as markup: no HTML, no links, no headings of its own.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::{Document, ItemDoc};
use crate::clock::Clock;
use crate::domain::{Direction, Noun, Role};
use crate::text;

/// ASCII punctuation that is left as it is inside a line: none of it can
/// start markup there once `[`, `<`, `` ` ``, `*`, `_`, `&`, `\` and the rest
/// are escaped (`!` makes an image only before a `[`).
const PLAIN: &[char] = &[
    ',', '.', ';', ':', '?', '!', '\'', '"', '/', '%', '$', '@', '(', ')', '=', '^', '-', '+', '{',
    '}',
];

/// One line of user text as CommonMark inline text: control and escape
/// sequences removed, leading blanks dropped (they would make a code
/// block), every character that could start markup backslash-escaped, and
/// what could start a block at the line's start (`-`, `+`, `=`, `1.`)
/// escaped there.
fn escape_line(line: &str) -> String {
    let line = line.trim();
    let mut out = String::with_capacity(line.len() + 8);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        // `--` would turn into a dash where typographic quotes and dashes are on.
        let dash = c == '-' && chars.peek() == Some(&'-');
        if dash || (c.is_ascii_punctuation() && !PLAIN.contains(&c)) {
            out.push('\\');
        }
        out.push(c);
    }
    // A list, a thematic break or a setext underline starts with one of these.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    // An ordered list starts with up to nine digits and `.` or `)`.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// A short user text (a name, a title, a tag) on one line: line breaks
/// become spaces.
fn inline(s: &str) -> String {
    let cleaned = text::clean(s);
    let joined: Vec<&str> = cleaned
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    escape_line(&joined.join(" "))
}

/// A longer user text as paragraphs: blank lines part them, and each line
/// break inside one is kept (a backslash at the line's end).
fn block(s: &str) -> String {
    let cleaned = text::clean(s);
    let mut paragraphs: Vec<Vec<String>> = vec![Vec::new()];
    for line in cleaned.lines() {
        if line.trim().is_empty() {
            if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                paragraphs.push(Vec::new());
            }
        } else if let Some(p) = paragraphs.last_mut() {
            p.push(escape_line(line));
        }
    }
    paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.join("\\\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Each non-empty line of `s` as an item of a list, without a bullet the
/// person typed themselves (`-`, `*` or `•` followed by a space; `-5` or
/// `**bold**` keep all their characters).
fn list(s: &str) -> String {
    text::clean(s)
        .lines()
        .map(|l| {
            let l = l.trim();
            ["- ", "* ", "• "]
                .iter()
                .find_map(|bullet| l.strip_prefix(bullet))
                .unwrap_or(l)
                .trim()
        })
        .filter(|l| !l.is_empty())
        .map(|l| format!("- {}\n", escape_line(l)))
        .collect()
}

/// The export as Markdown, to be read on its own.
pub fn markdown(doc: &Document, clock: &dyn Clock, step_titles: &[(u8, String)]) -> String {
    let mut md = String::new();
    let when = |t: DateTime<Utc>| clock.local(t).format("%Y-%m-%d %H:%M").to_string();
    let _ = writeln!(
        md,
        "# candor journal\n\nExported {}.",
        when(doc.exported_at)
    );
    if doc.includes_private {
        let _ = writeln!(md, "\n**This export includes private notes.**");
    }
    for p in &doc.pairs {
        let _ = writeln!(
            md,
            "\n## {} mentors {}\n",
            inline(&p.mentor_name),
            inline(&p.mentee_name)
        );
        let mut facts = vec![
            format!("Since {}", p.started_on),
            format!("status: {}", p.status),
        ];
        if let Some(d) = p.cadence_days {
            facts.push(format!("meeting every {}", Noun::DAY.count(d)));
        }
        if let Some(d) = p.next_meeting_on {
            facts.push(format!("next meeting {d}"));
        }
        let _ = writeln!(md, "{}.", facts.join(" · "));
        if !p.focus.trim().is_empty() {
            let _ = writeln!(md, "\nFocus: {}", inline(&p.focus));
        }
        let _ = writeln!(md, "\n### First meeting\n");
        for (step, title) in step_titles {
            let items: Vec<_> = p.checklist.iter().filter(|i| i.step == *step).collect();
            if items.is_empty() {
                continue;
            }
            let ticked = |i: &ItemDoc| i.done_at.is_some() || i.from.is_some();
            let done = items.iter().filter(|i| ticked(i)).count();
            let _ = writeln!(
                md,
                "**{step}. {}** ({done}/{})\n",
                inline(title),
                items.len()
            );
            for i in items {
                let mark = if ticked(i) { "x" } else { " " };
                let mut note = if i.note.trim().is_empty() {
                    String::new()
                } else {
                    format!(" — {}", inline(&i.note))
                };
                if let (None, Some(from)) = (i.done_at, &i.from) {
                    note.push_str(&format!(" (from the record: {})", from.kind.noun().one()));
                }
                let _ = writeln!(md, "- [{mark}] {}{note}", inline(&i.title));
            }
            let _ = writeln!(md);
        }
        for (side, name) in [
            (Role::Mentee, &p.mentee_name),
            (Role::Mentor, &p.mentor_name),
        ] {
            let named: Vec<String> = p
                .strengths
                .iter()
                .filter(|s| s.whose == side)
                .map(|s| inline(&s.text))
                .collect();
            if !named.is_empty() {
                let _ = writeln!(
                    md,
                    "**{}'s strengths:** {}\n",
                    inline(name),
                    named.join("; ")
                );
            }
        }
        if !p.experiences.is_empty() {
            let _ = writeln!(md, "### Challenges and similar experiences\n");
            for e in &p.experiences {
                let _ = writeln!(md, "- {} ↔ {}", inline(&e.challenge), inline(&e.similar));
            }
            let _ = writeln!(md);
        }
        if !p.meetings.is_empty() {
            let _ = writeln!(md, "### Meetings\n");
            let mut meetings: Vec<_> = p.meetings.iter().collect();
            meetings.sort_by_key(|m| m.held_at);
            for m in meetings {
                let planned = if m.held_at > doc.exported_at {
                    " (planned)"
                } else {
                    ""
                };
                let _ = writeln!(md, "#### {}{planned}\n", when(m.held_at));
                for (label, t) in [("Agenda", &m.agenda), ("Notes", &m.notes)] {
                    if !t.trim().is_empty() {
                        let _ = writeln!(md, "*{label}*\n\n{}\n", block(t));
                    }
                }
                let steps = list(&m.next_steps);
                if !steps.is_empty() {
                    let _ = writeln!(md, "*Next steps*\n\n{steps}");
                }
            }
        }
        if !p.feedback.is_empty() {
            let _ = writeln!(md, "### Feedback\n");
            for f in &p.feedback {
                let to = match f.direction {
                    Direction::ToMentor => "to the mentor",
                    Direction::ToMentee => "to the mentee",
                };
                let asked = if f.requested { ", asked for" } else { "" };
                let _ = writeln!(
                    md,
                    "#### {} — {to}{asked}, {}\n\n{}\n",
                    when(f.given_at),
                    f.response.label(),
                    block(&f.body)
                );
                let mut details = String::new();
                for (label, t) in [
                    ("Situation", f.situation.as_deref()),
                    ("Behaviour", f.behaviour.as_deref()),
                    ("Impact", f.impact.as_deref()),
                    ("Follow-up", Some(f.follow_up.as_str())),
                ] {
                    if let Some(t) = t.filter(|t| !t.trim().is_empty()) {
                        let _ = writeln!(details, "- {label}: {}", inline(t));
                    }
                }
                if !details.is_empty() {
                    let _ = writeln!(md, "{details}");
                }
            }
        }
        if !p.actions.is_empty() {
            let _ = writeln!(md, "### Action items\n");
            for a in &p.actions {
                let mark = if a.done_at.is_some() { "x" } else { " " };
                let due = a.due_on.map(|d| format!(", due {d}")).unwrap_or_default();
                let _ = writeln!(md, "- [{mark}] {} ({}{due})", inline(&a.text), a.owner);
            }
            let _ = writeln!(md);
        }
        if !p.goals.is_empty() {
            let _ = writeln!(md, "### Goals\n");
            for g in &p.goals {
                let percent = g
                    .progress
                    .iter()
                    .max_by_key(|p| p.noted_at)
                    .map_or(0, |p| p.percent);
                let due = g.due_on.map(|d| format!(", due {d}")).unwrap_or_default();
                let _ = writeln!(md, "- **{}** ({percent}%{due})", inline(&g.text));
                if !g.criteria.trim().is_empty() {
                    let _ = writeln!(md, "  - success looks like: {}", inline(&g.criteria));
                }
                for pr in &g.progress {
                    let comment = if pr.comment.trim().is_empty() {
                        String::new()
                    } else {
                        format!(": {}", inline(&pr.comment))
                    };
                    let _ = writeln!(md, "  - {} — {}%{comment}", when(pr.noted_at), pr.percent);
                }
            }
            let _ = writeln!(md);
        }
        let shared: Vec<_> = p
            .notes
            .iter()
            .filter(|n| !n.private || doc.includes_private)
            .collect();
        if !shared.is_empty() {
            let _ = writeln!(md, "### Notes\n");
            for n in shared {
                let tags: Vec<String> =
                    n.tags.iter().map(|t| format!("\\#{}", inline(t))).collect();
                let tags = if tags.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", tags.join(" "))
                };
                let private = if n.private { " (private)" } else { "" };
                let _ = writeln!(
                    md,
                    "#### {}{private}{tags}\n\n{}\n",
                    when(n.created_at),
                    block(&n.body)
                );
            }
        }
        if doc.includes_private && !p.checkins.is_empty() {
            let _ = writeln!(md, "### Trust check-ins (private)\n");
            for c in &p.checkins {
                let _ = writeln!(md, "- {} — trust {}/5", when(c.checked_at), c.trust);
                for (label, t) in [
                    ("helped", &c.helped),
                    ("in the way", &c.in_the_way),
                    ("note", &c.note),
                ] {
                    if !t.trim().is_empty() {
                        let _ = writeln!(md, "  - {label}: {}", inline(t));
                    }
                }
            }
            let _ = writeln!(md);
        }
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_escapes_what_could_start_markup() {
        assert_eq!(escape_line("# not a heading"), "\\# not a heading");
        assert_eq!(escape_line("- not a list"), "\\- not a list");
        assert_eq!(escape_line("12. not a list"), "12\\. not a list");
        assert_eq!(escape_line("    code?"), "code?");
        assert_eq!(escape_line("a <b> & [c](d)"), "a \\<b\\> \\& \\[c\\](d)");
        assert_eq!(escape_line("well-known, 3.5%"), "well-known, 3.5%");
    }

    #[test]
    fn a_list_drops_only_a_typed_bullet() {
        assert_eq!(
            list("- read it\n* ask\n• write\n---\n-5 degrees\n**bold**"),
            "- read it\n- ask\n- write\n- \\-\\--\n- \\-5 degrees\n- \\*\\*bold\\*\\*\n"
        );
    }

    #[test]
    fn a_block_keeps_its_lines_and_paragraphs() {
        assert_eq!(block("one\ntwo\n\n\nthree"), "one\\\ntwo\n\nthree");
    }
}
