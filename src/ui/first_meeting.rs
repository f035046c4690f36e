//! The First meeting tab: five trust-building steps with their items, each
//! person's strengths under step 2 and challenge ↔ experience pairs under step 4.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::fitting::fit;
use super::theme::Theme;
use crate::app::first_meeting::FirstMeetingView;
use crate::app::{Focus, State};
use crate::domain::Role;
use crate::text;

/// Draws the tab into `area`.
pub fn render(
    view: &FirstMeetingView,
    state: &State,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) {
    let Some(pair) = state.pair() else { return };
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
    for step in &state.template.steps {
        let items: Vec<(usize, &crate::domain::ChecklistItem)> = detail
            .checklist
            .iter()
            .enumerate()
            .filter(|(_, i)| i.step == step.number)
            .collect();
        let done = items.iter().filter(|(_, i)| i.done).count();
        let complete = done == items.len() && !items.is_empty();
        let count = format!("{done}/{}{}", items.len(), if complete { " ✓" } else { "" });
        let heading = format!("{} {}", step.number, text::one_line(&step.title));
        let gap = width
            .saturating_sub(heading.width() + count.width() + 1)
            .max(1);
        lines.push(Line::from(vec![
            Span::styled(heading, theme.title),
            Span::raw(" ".repeat(gap)),
            Span::styled(count, if complete { theme.done } else { theme.dim }),
        ]));
        for (index, item) in items {
            let mark = if item.done { "[x]" } else { "[ ]" };
            let cursor = if index == view.item_cursor {
                "▸"
            } else {
                " "
            };
            let mut row = format!("{cursor} {mark} {}", text::one_line(&item.title));
            if !item.note.is_empty() {
                row.push_str(" · ");
                row.push_str(&text::one_line(&item.note));
            }
            let row = fit(&row, width);
            let style = if index == view.item_cursor {
                selected_line = lines.len();
                if state.focus == Focus::Tab {
                    theme.selected
                } else {
                    theme.selected_idle
                }
            } else if item.done {
                Style::new()
            } else {
                theme.dim
            };
            lines.push(Line::styled(row, style));
        }
        if step.number == 2 {
            for side in [Role::Mentee, Role::Mentor] {
                let named: Vec<String> = detail
                    .strengths
                    .iter()
                    .filter(|s| s.whose == side)
                    .map(|s| text::one_line(&s.text))
                    .collect();
                if !named.is_empty() {
                    let row = format!("  ★ {}: {}", you(side), named.join(" · "));
                    lines.push(Line::styled(fit(&row, width), theme.done));
                }
            }
        }
        if step.number == 4 {
            for e in &detail.experiences {
                let row = format!(
                    "  {}: {} ↔ {}: {}",
                    you(Role::Mentee),
                    text::one_line(&e.challenge),
                    you(Role::Mentor),
                    text::one_line(&e.similar)
                );
                lines.push(Line::styled(fit(&row, width), theme.done));
            }
        }
    }
    let height = usize::from(area.height);
    let offset = selected_line.saturating_sub(height.saturating_sub(2));
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), area);
}
