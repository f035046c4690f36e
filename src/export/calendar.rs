//! An iCalendar file (RFC 5545) of what is planned: each planned meeting as
//! a VEVENT and each open action item with a due date as a VTODO. Only
//! shared text goes in — a meeting's agenda, notes and next steps, an
//! action item's text, the pair's names; no private note or check-in is
//! ever given to this module.
//!
//! Every component's UID is made of the entry's own uid, and its DTSTAMP
//! and SEQUENCE of the row's last change and version, so the same journal
//! gives the same file, and a calendar importing a newer one updates what
//! it has instead of adding it twice.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::{ActionItem, Meeting, Owner, Pair};
use crate::text;

/// How long a meeting is shown for: candor keeps when it starts, not when it ends.
const MEETING_LENGTH: &str = "PT1H";
/// The longest line, in octets, before it is folded (RFC 5545, 3.1).
const LINE_OCTETS: usize = 75;

/// What goes into a calendar, each entry with its pair at hand.
#[derive(Debug, Clone, Copy)]
pub struct CalendarEntries<'a> {
    /// The pairs the entries belong to.
    pub pairs: &'a [Pair],
    /// Planned meetings.
    pub meetings: &'a [Meeting],
    /// Open action items with a due date.
    pub actions: &'a [ActionItem],
}

/// The iCalendar text of `entries`: CRLF line endings, long lines folded,
/// every text escaped and stripped of control characters. An entry whose
/// pair is not among `entries.pairs` is left out.
pub fn calendar(entries: CalendarEntries<'_>) -> String {
    let mut ics = Ics::default();
    ics.line("BEGIN", "VCALENDAR");
    ics.line("VERSION", "2.0");
    ics.line(
        "PRODID",
        &format!("-//candor//candor {}//EN", env!("CARGO_PKG_VERSION")),
    );
    ics.line("CALSCALE", "GREGORIAN");
    ics.line("X-WR-CALNAME", "candor");
    let pair = |id: i64| entries.pairs.iter().find(|p| p.id == id);
    for m in entries.meetings {
        let Some(p) = pair(m.pair_id) else { continue };
        ics.line("BEGIN", "VEVENT");
        ics.stamps(&m.uid, m.created_at, m.updated_at, m.version);
        ics.line("DTSTART", &utc(m.held_at));
        ics.line("DURATION", MEETING_LENGTH);
        ics.line("SUMMARY", &escape(&one_row(&pair_title(p))));
        let description = meeting_description(m);
        if !description.is_empty() {
            ics.line("DESCRIPTION", &escape(&description));
        }
        ics.line("END", "VEVENT");
    }
    for a in entries.actions {
        let (Some(p), Some(due)) = (pair(a.pair_id), a.due_on) else {
            continue;
        };
        ics.line("BEGIN", "VTODO");
        ics.stamps(&a.uid, a.created_at, a.updated_at, a.version);
        ics.line("DUE;VALUE=DATE", &date(due));
        ics.line("STATUS", "NEEDS-ACTION");
        ics.line("SUMMARY", &escape(&one_row(&a.text)));
        ics.line("DESCRIPTION", &escape(&action_description(a, p)));
        ics.line("END", "VTODO");
    }
    ics.line("END", "VCALENDAR");
    ics.0
}

/// "Mentoring: Ana Ruiz & Ben Okafor".
pub fn pair_title(p: &Pair) -> String {
    format!("Mentoring: {} & {}", p.mentor_name, p.mentee_name)
}

/// A meeting's agenda, notes and next steps, each under its heading.
fn meeting_description(m: &Meeting) -> String {
    [
        ("Agenda", &m.agenda),
        ("Notes", &m.notes),
        ("Next steps", &m.next_steps),
    ]
    .into_iter()
    .filter(|(_, t)| !t.trim().is_empty())
    .map(|(head, t)| format!("{head}:\n{}", t.trim()))
    .collect::<Vec<_>>()
    .join("\n\n")
}

/// Whose an action item is, in which pair, and its whole text.
fn action_description(a: &ActionItem, p: &Pair) -> String {
    let whose = match a.owner {
        Owner::Mentor => format!("the mentor, {}", p.mentor_name),
        Owner::Mentee => format!("the mentee, {}", p.mentee_name),
        Owner::Both => "both".to_owned(),
    };
    let head = format!("Action item for {whose} — {}.", pair_title(p));
    // The whole text, when the summary had to put it on one row.
    if one_row(&a.text) == a.text.trim() {
        head
    } else {
        format!("{head}\n\n{}", a.text.trim())
    }
}

/// The lines of an iCalendar text being written.
#[derive(Debug, Default)]
struct Ics(String);

impl Ics {
    /// Writes `NAME:value` folded at [`LINE_OCTETS`], ended by CRLF. The
    /// value is escaped already where its type needs it.
    fn line(&mut self, name: &str, value: &str) {
        let line = format!("{name}:{value}");
        let mut room = LINE_OCTETS;
        let mut used = 0;
        for c in line.chars() {
            if used + c.len_utf8() > room {
                // A continuation line starts with one space, which counts.
                self.0.push_str("\r\n ");
                room = LINE_OCTETS - 1;
                used = 0;
            }
            self.0.push(c);
            used += c.len_utf8();
        }
        self.0.push_str("\r\n");
    }

    /// UID, DTSTAMP, CREATED, LAST-MODIFIED and SEQUENCE of one entry.
    fn stamps(&mut self, uid: &str, created: DateTime<Utc>, updated: DateTime<Utc>, version: i64) {
        self.line("UID", &escape(&format!("{}@candor", one_row(uid))));
        // Without a METHOD, DTSTAMP is when the entry last changed (RFC 5545, 3.8.7.2).
        self.line("DTSTAMP", &utc(updated));
        self.line("CREATED", &utc(created));
        self.line("LAST-MODIFIED", &utc(updated));
        self.line("SEQUENCE", &(version - 1).max(0).to_string());
    }
}

/// A time in UTC, as iCalendar writes it: `20261208T150000Z`.
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A date, as iCalendar writes it: `20261204`.
fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A text on one row, cleaned: its words joined by single spaces.
fn one_row(s: &str) -> String {
    text::clean(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A TEXT value (RFC 5545, 3.3.11): escape sequences and control
/// characters removed (a line break kept, as `\n`), then backslash,
/// semicolon and comma escaped.
fn escape(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    let clean = text::clean(&s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_controls_are_gone() {
        assert_eq!(escape("a, b; c\\d\r\ne"), "a\\, b\\; c\\\\d\\ne");
        assert_eq!(
            escape("red \u{1b}[31mALERT\u{1b}[0m\u{7}\u{202e}x"),
            "red ALERTx"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut ics = Ics::default();
        let value = "é".repeat(100);
        ics.line("SUMMARY", &value);
        let lines: Vec<&str> = ics.0.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| l.len() <= LINE_OCTETS), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = ics.0.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{value}\r\n"));
    }

    #[test]
    fn a_short_line_is_not_folded() {
        let mut ics = Ics::default();
        ics.line("A", &"x".repeat(LINE_OCTETS - 2));
        assert_eq!(ics.0, format!("A:{}\r\n", "x".repeat(LINE_OCTETS - 2)));
        let mut ics = Ics::default();
        ics.line("A", &"x".repeat(LINE_OCTETS - 1));
        assert_eq!(
            ics.0,
            format!("A:{}\r\n x\r\n", "x".repeat(LINE_OCTETS - 2))
        );
    }
}
