//! Drawing: pure functions from the app's state to a frame. Nothing here
//! writes to the store or changes the state.

pub mod confirm;
pub mod entry_list;
pub mod first_meeting;
pub mod fitting;
pub mod form;
pub mod help;
pub mod home;
pub mod overview;
pub mod pairs;
pub mod search;
pub mod theme;
pub mod trust;
pub mod viewer;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::{Focus, Overlay, Right, State, StatusKind, Tab};
use crate::domain::{Noun, Role};
use crate::text;
pub use fitting::{centered, fit, fit_line, pad};
pub use theme::Theme;

pub use crate::layout::{Areas, MIN_HEIGHT, MIN_WIDTH, areas};

/// Draws the whole screen.
pub fn render(state: &State, theme: &Theme, frame: &mut Frame) {
    let size = frame.area();
    let Some(a) = areas(size) else {
        let notice = format!(
            "candor needs at least {MIN_WIDTH}×{MIN_HEIGHT}; this terminal is {}×{}",
            size.width, size.height
        );
        frame.render_widget(Paragraph::new(notice).wrap(Wrap { trim: true }), size);
        return;
    };
    frame.render_widget(
        Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(Span::styled(" candor ", theme.title))
            .title(if state.read_only {
                Span::styled(
                    " read-only here: you can read, nothing can be saved ",
                    theme.warning,
                )
            } else {
                Span::raw("")
            }),
        a.outer,
    );
    let rule = format!(
        "├{}┤",
        "─".repeat(usize::from(a.outer.width.saturating_sub(2)))
    );
    frame.render_widget(Paragraph::new(rule).style(theme.border), a.status_rule);

    if state.pairs.is_empty() {
        render_welcome(
            theme,
            frame,
            Rect::new(a.pairs.x, a.pairs.y, a.outer.width - 2, a.pairs.height),
        );
    } else {
        pairs::render(state, theme, &*state.clock, frame, &a);
        let divider = vec![Line::from("│"); usize::from(a.divider.height)];
        frame.render_widget(Paragraph::new(divider).style(theme.border), a.divider);
        if let Some(tab) = state.tab() {
            render_pair_header(state, tab, theme, frame, &a);
        }
        match &state.right {
            Right::Overview(view) => overview::render(view, state, theme, frame, a.content),
            Right::Home(view) => home::render(
                view,
                state,
                theme,
                frame,
                Rect {
                    y: a.header.y,
                    height: a.content.height + 3,
                    ..a.content
                },
            ),
            Right::FirstMeeting(view) => {
                first_meeting::render(view, state, theme, frame, a.content)
            }
            Right::Entries(view) => entry_list::render(view, state, theme, frame, a.content),
        }
    }
    render_status(state, theme, frame, a.status);
    match &state.overlay {
        Some(Overlay::Help(view)) => help::render(view, state, theme, frame, a.outer),
        Some(Overlay::Form(f)) => form::render(f, theme, frame, a.outer),
        Some(Overlay::Viewer(v)) => viewer::render(v, theme, frame, a.outer),
        Some(Overlay::Confirm(c)) => confirm::render(c, theme, frame, a.outer),
        Some(Overlay::Search(v)) => search::render(v, &*state.clock, theme, frame, a.outer),
        None => {}
    }
}

fn render_pair_header(state: &State, shown: Tab, theme: &Theme, frame: &mut Frame, a: &Areas) {
    let Some(pair) = state.pair() else { return };
    let role = match pair.my_role {
        Role::Mentor => "you mentor",
        Role::Mentee => "you are mentored",
    };
    let mut parts = vec![text::one_line(pair.partner_name()), role.to_owned()];
    if pair.status != crate::domain::PairStatus::Active {
        parts.push(pair.status.to_string());
    }
    if let Some(days) = pair.cadence_days {
        parts.push(format!("every {}", Noun::DAY.count(days)));
    }
    parts.push(format!("since {}", state.clock.show_date(pair.started_on)));
    let header = fit(&parts.join(" · "), usize::from(a.header.width));
    frame.render_widget(Paragraph::new(header).style(theme.title), a.header);

    // The widest tab bar that fits: full titles, then tighter, then short
    // titles, then only the open tab's title beside the other numbers.
    let width = usize::from(a.tabs.width);
    let layouts = [
        (Titles::Full, "  "),
        (Titles::Full, " "),
        (Titles::Short, " "),
        (Titles::OpenOnly, "  "),
        (Titles::OpenOnly, " "),
    ];
    let (titles, gap) = layouts
        .into_iter()
        .find(|(titles, gap)| {
            tab_labels(*titles, shown)
                .iter()
                .map(|l| l.width())
                .sum::<usize>()
                + gap.len() * 4
                <= width
        })
        .unwrap_or((Titles::OpenOnly, " "));
    let mut spans = Vec::new();
    for (tab, label) in Tab::ALL.iter().zip(tab_labels(titles, shown)) {
        let style = if *tab == shown {
            if state.focus == Focus::Tab {
                theme.tab_active
            } else {
                theme.selected_idle
            }
        } else {
            Style::new()
        };
        if !spans.is_empty() {
            spans.push(Span::raw(gap));
        }
        spans.push(Span::styled(label, style));
    }
    frame.render_widget(Paragraph::new(fit_line(Line::from(spans), width)), a.tabs);
    let rule = "─".repeat(usize::from(a.tab_rule.width));
    frame.render_widget(Paragraph::new(rule).style(theme.border), a.tab_rule);
}

/// How much of each tab's title the tab bar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Titles {
    /// "2 First meeting".
    Full,
    /// "2 First mtg".
    Short,
    /// The open tab's short title; the others by their number alone.
    OpenOnly,
}

fn tab_labels(titles: Titles, shown: Tab) -> Vec<String> {
    Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| match titles {
            Titles::Full => format!("{} {}", i + 1, t.title()),
            Titles::Short => format!("{} {}", i + 1, t.short_title()),
            Titles::OpenOnly if *t == shown => format!("{} {}", i + 1, t.short_title()),
            Titles::OpenOnly => format!("{}", i + 1),
        })
        .collect()
}

fn render_welcome(theme: &Theme, frame: &mut Frame, area: Rect) {
    let lines = vec![
        Line::from(""),
        Line::styled("Welcome to candor", theme.title).alignment(Alignment::Center),
        Line::from(""),
        Line::from(
            "A journal for a mentoring relationship, built on trust from the first meeting.",
        )
        .alignment(Alignment::Center),
        Line::from(""),
        Line::from(vec![
            Span::raw("Press "),
            Span::styled("n", theme.key),
            Span::raw(" to add your first pair: a mentor, a mentee, and which one you are."),
        ])
        .alignment(Alignment::Center),
        Line::from(vec![
            Span::raw("Or look around first: "),
            Span::styled("candor --demo", theme.key),
            Span::raw(" opens a journal of sample pairs."),
        ])
        .alignment(Alignment::Center),
        Line::from(""),
        Line::styled("Everything stays on this computer.", theme.dim).alignment(Alignment::Center),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn render_status(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let mut right = text::one_line(&state.status.text);
    if let Some(busy) = &state.busy {
        const SPINNER: [char; 8] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧'];
        let spinner = SPINNER[state.spinner % SPINNER.len()];
        // A message answering the last key stays, the spinner turning beside it.
        right = if right.is_empty() {
            format!("{spinner} {busy}…")
        } else {
            format!("{right} {spinner}")
        };
    }
    if let Some(t) = &state.status.saved_at {
        if !right.is_empty() {
            right.push_str(" · ");
        }
        right.push_str(&format!("saved {t}"));
    }
    let right = fit(&right, width);
    let right_w = right.width();
    let right_style = match state.status.kind {
        StatusKind::Error => theme.error,
        StatusKind::Info => theme.dim,
    };
    let mut spans = Vec::new();
    let mut used = 0;
    let room = width.saturating_sub(right_w + 2);
    for (key, desc) in state.hints() {
        let sep = if spans.is_empty() { 0 } else { 3 };
        let w = sep + key.width() + 1 + desc.width();
        if used + w > room {
            break;
        }
        if sep > 0 {
            spans.push(Span::styled(" · ", theme.dim));
        }
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::raw(format!(" {desc}")));
        used += w;
    }
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used + right_w))));
    spans.push(Span::styled(right, right_style));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
