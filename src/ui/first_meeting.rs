//! The First meeting tab: five trust-building steps with their items, each
//! person's strengths under step 2 and challenge ↔ experience pairs under
//! step 4, one row selected; under them, ways to open the conversation of
//! the selected row's step, in the voice of the person at the keyboard.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::fitting::{fit, wrap};
use super::theme::Theme;
use crate::app::first_meeting::{FirstMeetingView, FmRow, rows};
use crate::app::{Focus, State};
use crate::domain::{ChecklistItem, Kind, Pair, Role};
use crate::template::fill_names;
use crate::text;

/// The fewest rows the checklist keeps before prompts are shown under it.
const LIST_MIN: u16 = 10;

/// Draws the tab into `area`.
pub fn render(
    view: &FirstMeetingView,
    state: &State,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let Some(pair) = state.pair() else { return };
    let rows = rows(&state.detail);
    let selected_step = rows.get(view.cursor).map_or(1, |(step, _)| *step);
    // The prompts take at most a quarter of the tab, whole prompts only,
    // and never squeeze the list below LIST_MIN rows; on a small screen
    // they give way entirely.
    let room = usize::from(area.height.saturating_sub(LIST_MIN)).min(usize::from(area.height / 4));
    let prompts = prompt_lines(
        state,
        pair,
        selected_step,
        usize::from(area.width.saturating_sub(1)),
        room,
    );
    let prompts_height = if prompts.len() > 1 {
        prompts.len() as u16 + 1
    } else {
        0
    };
    let [list_area, prompts_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(prompts_height)]).areas(area);
    render_list(view, state, theme, frame, list_area, pair, &rows);
    if prompts_height > 0 {
        let lines: Vec<Line> = prompts
            .into_iter()
            .enumerate()
            .map(|(i, l)| Line::styled(l, if i == 0 { theme.title } else { theme.dim }))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).block(Block::new().borders(Borders::TOP).border_style(theme.dim)),
            prompts_area,
        );
    }
}

/// The heading and the wrapped prompts of step `step` for the person at
/// the keyboard: as many whole prompts as fit in `room` lines (heading
/// included), none if not even one does.
fn prompt_lines(state: &State, pair: &Pair, step: u8, width: usize, room: usize) -> Vec<String> {
    let Some(s) = state.template.step(step) else {
        return Vec::new();
    };
    let prompts = s.prompts.voice(pair.my_role);
    if prompts.is_empty() {
        return Vec::new();
    }
    let role = match pair.my_role {
        Role::Mentor => "the mentor",
        Role::Mentee => "the mentee",
    };
    let mut lines = vec![fit(
        &format!(
            "{} {} · as {role}, you might say:",
            s.number,
            text::one_line(&s.title)
        ),
        width,
    )];
    let (mentor, mentee) = (
        text::one_line(&pair.mentor_name),
        text::one_line(&pair.mentee_name),
    );
    for p in prompts {
        let filled = text::one_line(&fill_names(p, &mentor, &mentee));
        let wrapped = wrap(&filled, width.saturating_sub(5));
        if lines.len() + wrapped.len() > room {
            break;
        }
        for (i, l) in wrapped.into_iter().enumerate() {
            lines.push(format!("{} {l}", if i == 0 { "  ·" } else { "   " }));
        }
    }
    if lines.len() < 2 {
        lines.clear();
    }
    lines
}

/// The item's title as the person at the keyboard reads it: the template's
/// wording for their role when the template knows the item, else as stored.
fn title(state: &State, pair: &Pair, item: &ChecklistItem) -> String {
    let title = match state.template.item(&item.key) {
        Some(t) => t.title_for(
            pair.my_role,
            &text::one_line(&pair.mentor_name),
            &text::one_line(&pair.mentee_name),
        ),
        None => item.title.clone(),
    };
    text::one_line(&title)
}

fn render_list(
    view: &FirstMeetingView,
    state: &State,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    pair: &Pair,
    rows: &[(u8, FmRow)],
) {
    let width = usize::from(area.width.saturating_sub(1));
    let detail = &state.detail;
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let you = |side: Role| {
        let name = text::one_line(pair.name_of(side));
        if side == pair.my_role {
            format!("{name} (you)")
        } else {
            name
        }
    };
    // The first meeting logged is the first meeting.
    let first = match detail.first_met_at {
        Some(t) => format!(
            "First meeting held {}",
            state.clock.show_date(state.clock.local(t).date())
        ),
        None => "No meeting logged yet: the first one you log (3, n) is the first meeting".into(),
    };
    lines.push(Line::styled(fit(&first, width), theme.dim));
    let mut step_shown = 0u8;
    for (index, (step, row)) in rows.iter().enumerate() {
        if *step != step_shown {
            step_shown = *step;
            lines.push(heading(state, theme, *step, width));
        }
        let selected = index == view.cursor;
        let cursor = if selected { "▸" } else { " " };
        let (row_text, style) = match *row {
            FmRow::Item(i) => {
                let Some(item) = detail.checklist.get(i) else {
                    continue;
                };
                let mark = if item.done { "[x]" } else { "[ ]" };
                let mut row = format!("{cursor} {mark} {}", title(state, pair, item));
                if !item.note.is_empty() {
                    row.push_str(" · ");
                    row.push_str(&text::one_line(&item.note));
                }
                if let Some(from) = &item.from {
                    let what = match from.kind {
                        Kind::Experience => "experience",
                        Kind::Feedback => "feedback",
                        Kind::Meeting => "meeting",
                        _ => "strength",
                    };
                    row.push_str(&format!(" ← {what} “{}”", text::one_line(&from.gist)));
                }
                (row, if item.done { Style::new() } else { theme.dim })
            }
            FmRow::Strength(i) => {
                let Some(s) = detail.strengths.get(i) else {
                    continue;
                };
                (
                    format!("{cursor}   ★ {}: {}", you(s.whose), text::one_line(&s.text)),
                    theme.done,
                )
            }
            FmRow::Experience(i) => {
                let Some(e) = detail.experiences.get(i) else {
                    continue;
                };
                (
                    format!(
                        "{cursor}   {}: {} ↔ {}: {}",
                        you(Role::Mentee),
                        text::one_line(&e.challenge),
                        you(Role::Mentor),
                        text::one_line(&e.similar)
                    ),
                    theme.done,
                )
            }
        };
        let style = if selected {
            selected_line = lines.len();
            if state.focus == Focus::Tab {
                theme.selected
            } else {
                theme.selected_idle
            }
        } else {
            style
        };
        lines.push(Line::styled(fit(&row_text, width), style));
    }
    let height = usize::from(area.height);
    let offset = selected_line.saturating_sub(height.saturating_sub(2));
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), area);
}

/// A step's heading: its number and title, and how many of its items are done.
fn heading<'a>(state: &State, theme: &Theme, step: u8, width: usize) -> Line<'a> {
    let items: Vec<&ChecklistItem> = state
        .detail
        .checklist
        .iter()
        .filter(|i| i.step == step)
        .collect();
    let done = items.iter().filter(|i| i.done).count();
    let complete = done == items.len() && !items.is_empty();
    let count = format!("{done}/{}{}", items.len(), if complete { " ✓" } else { "" });
    let title = state.template.step_title(step).unwrap_or("");
    let heading = fit(
        &format!("{step} {}", text::one_line(title)),
        width.saturating_sub(count.width() + 1),
    );
    let gap = width
        .saturating_sub(heading.width() + count.width() + 1)
        .max(1);
    Line::from(vec![
        Span::styled(heading, theme.title),
        Span::raw(" ".repeat(gap)),
        Span::styled(count, if complete { theme.done } else { theme.dim }),
    ])
}
