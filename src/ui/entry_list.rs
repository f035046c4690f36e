//! The Meetings, Feedback and Notes tabs: a header, then one row per entry
//! (action items first on Meetings). Only the rows that fit are laid out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use chrono::{Datelike, NaiveDate};

use super::fitting::{fit, fit_keeping};
use super::theme::Theme;
use crate::app::{EntryList, Focus, Row, Section, SectionKind, State, Tab};
use crate::domain::{ActionItem, Direction, Readable, Response, short_date};
use crate::text;

/// Draws the open entry tab into `area`.
pub fn render(view: &EntryList, state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width.saturating_sub(1));
    let height = usize::from(area.height);
    let mut lines: Vec<Line> = Vec::new();
    if view.tab == Tab::Feedback {
        let s = state.detail.feedback;
        // Every entry of the list is feedback to the mentor or to the
        // mentee: what was given is what the list holds but the mentor got.
        let listed: usize = view.list.sections.iter().map(|s| s.total).sum();
        let given = listed.saturating_sub(s.received as usize);
        lines.push(Line::styled(
            fit(
                &format!(
                    "Asked for {} · received {} · taken without pushing back {} of {} · given {given}",
                    s.asked, s.received, s.taken, s.received
                ),
                width,
            ),
            theme.title,
        ));
    }
    // Lay out only what fits: the window of lines around the selection,
    // counted from the sections' sizes; only the rows in it are formatted.
    let mut selected_line = lines.len();
    let mut line = lines.len();
    for (n, section) in view.list.sections.iter().enumerate() {
        line += usize::from(heading(section).is_some());
        let first = view.list.offset(n);
        if (first..first + section.total).contains(&view.cursor) {
            selected_line = line + view.cursor - first;
        }
        line += section.total.max(1);
    }
    let offset = selected_line.saturating_sub(height.saturating_sub(2));
    let shown = offset..offset + height;
    let mut line = 0;
    let mut visible: Vec<Line> = Vec::with_capacity(height);
    for header in lines {
        put(&mut visible, &shown, &mut line, header);
    }
    for (n, section) in view.list.sections.iter().enumerate() {
        if let Some(heading) = heading(section) {
            put(
                &mut visible,
                &shown,
                &mut line,
                Line::styled(heading, theme.title),
            );
        }
        if section.total == 0 {
            let hint = Line::styled(empty_hint(section.kind), theme.dim);
            put(&mut visible, &shown, &mut line, hint);
            continue;
        }
        // Only the rows of this section that fall in the window.
        let from = shown.start.saturating_sub(line).min(section.total);
        let to = shown.end.saturating_sub(line).min(section.total);
        let first = view.list.offset(n);
        for i in from..to {
            let index = first + i;
            let line = match section.get(i) {
                Some(row) => row_line(row, index == view.cursor, state, theme, width),
                // Not loaded: only a screen taller than a page gets here.
                None => Line::styled("  …", theme.dim),
            };
            visible.push(line);
        }
        line += section.total;
    }
    frame.render_widget(Paragraph::new(visible), area);
}

/// Adds `l`, the list's line number `line`, when it falls in `shown`.
fn put(
    visible: &mut Vec<Line<'static>>,
    shown: &std::ops::Range<usize>,
    line: &mut usize,
    l: Line<'static>,
) {
    if shown.contains(line) {
        visible.push(l);
    }
    *line += 1;
}

/// One row of the list, marked when it is the selected one.
fn row_line(
    row: &Row,
    selected: bool,
    state: &State,
    theme: &Theme,
    width: usize,
) -> Line<'static> {
    let (text, tone) = describe(row, state);
    let marker = if selected { "▸ " } else { "  " };
    let head = format!("{marker}{text}");
    // An action item's owner, due date and late mark always show;
    // its text is what is cut.
    let line = match row {
        Row::Action(a) => fit_keeping(&head, &action_tails(a, state.today), MIN_TEXT, width),
        _ => fit(&head, width),
    };
    let style = if selected {
        if state.focus == Focus::Tab {
            theme.selected
        } else {
            theme.selected_idle
        }
    } else {
        match tone {
            Tone::Plain => Style::new(),
            Tone::Dim => theme.dim,
            Tone::Warn => theme.warning,
        }
    };
    Line::styled(line, style)
}

fn heading(section: &Section) -> Option<String> {
    match section.kind {
        SectionKind::Actions => Some(format!("Action items · {} open", section.open)),
        SectionKind::Meetings => Some("Meetings".to_owned()),
        SectionKind::Feedback | SectionKind::Notes => None,
    }
}

fn empty_hint(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Actions => "  none yet — a adds one",
        SectionKind::Meetings => "  none yet — n logs or plans one",
        SectionKind::Feedback => "  none yet — n records feedback, asked for or not",
        SectionKind::Notes => "  none yet — n writes one",
    }
}

enum Tone {
    Plain,
    Dim,
    Warn,
}

/// Enough of a row's text to fill any row: a 1 MB line is never cleaned whole.
const GIST_BYTES: usize = 400;

fn first_line(s: &str) -> String {
    let line = s.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut end = line.len().min(GIST_BYTES);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    text::one_line(&line[..end])
}

/// The columns an action item's text keeps before its owner and due date
/// are shortened (`4 Dec` for `due Fri 4 Dec`).
const MIN_TEXT: usize = 24;

/// What follows an action item's text, widest first: its owner, its due
/// date, and `late` when it is open past it.
fn action_tails(a: &ActionItem, today: NaiveDate) -> [String; 2] {
    let owner = a.owner;
    let late = if a.is_overdue(today) { " · late" } else { "" };
    match a.due_on {
        Some(d) => {
            let short = if d.year() == today.year() {
                d.format("%-d %b").to_string()
            } else {
                d.format("%Y-%m-%d").to_string()
            };
            [
                format!(" · {owner} · due {}{late}", short_date(d, today)),
                format!(" · {owner} · {short}{late}"),
            ]
        }
        None => [format!(" · {owner}"), format!(" · {owner}")],
    }
}

/// A text on one line, from no more of it than fills a row.
fn gist(s: &str) -> String {
    let mut end = s.len().min(GIST_BYTES);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    text::one_line(&s[..end])
}

fn describe(row: &Row, state: &State) -> (String, Tone) {
    let clock = &state.clock;
    let date = |t| clock.show_date(clock.local(t).date());
    match row {
        // Drawn on the First meeting tab, never in these lists.
        Row::Strength(st) => (text::one_line(&st.text), Tone::Plain),
        Row::Experience(e) => (
            format!(
                "{} ↔ {}",
                text::one_line(&e.challenge),
                text::one_line(&e.similar)
            ),
            Tone::Plain,
        ),
        Row::Action(a) => {
            let mark = if a.done { "[x]" } else { "[ ]" };
            let tone = if a.is_overdue(state.today) {
                Tone::Warn
            } else if a.done {
                Tone::Dim
            } else {
                Tone::Plain
            };
            (format!("{mark} {}", gist(&a.text)), tone)
        }
        Row::Meeting(m) => {
            let planned = m.held_at > clock.now();
            let when = clock.show_time(m.held_at);
            let gist = [&m.notes, &m.agenda, &m.next_steps]
                .into_iter()
                .map(|t| first_line(t))
                .find(|t| !t.is_empty())
                .unwrap_or_default();
            let label = if planned { " planned ·" } else { "" };
            (
                format!("{when}{label} {gist}"),
                if planned { Tone::Warn } else { Tone::Plain },
            )
        }
        Row::Feedback(f) => {
            let to = match f.direction {
                Direction::ToMentor => "→ mentor",
                Direction::ToMentee => "→ mentee",
            };
            let asked = if f.requested { " · asked" } else { "" };
            let tone = if f.response == Response::PushedBack {
                Tone::Warn
            } else {
                Tone::Plain
            };
            (
                format!(
                    "{} {to}{asked} · {} · {}",
                    date(f.given_at),
                    f.response.label(),
                    first_line(&f.body)
                ),
                tone,
            )
        }
        Row::Note(n) => match n.readable() {
            Readable::Locked => (
                format!("{} 🔒 locked — U unlocks it", date(n.created_at)),
                Tone::Dim,
            ),
            Readable::Damaged => (
                format!(
                    "{} ⚠ this private note is damaged and cannot be opened",
                    date(n.created_at)
                ),
                Tone::Warn,
            ),
            Readable::Open(t) => {
                let lock = if n.is_private() { "🔒 " } else { "" };
                let tags = if t.tags.is_empty() {
                    String::new()
                } else {
                    format!("#{} ", text::one_line(&t.tags.join(" #")))
                };
                let size = if t.body.len() > 64 * 1024 {
                    format!(" ({} KB)", t.body.len() / 1024)
                } else {
                    String::new()
                };
                (
                    format!(
                        "{} {lock}{tags}{}{size}",
                        date(n.created_at),
                        first_line(&t.body)
                    ),
                    Tone::Plain,
                )
            }
        },
    }
}
