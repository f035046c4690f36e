//! The pair list on the left: whom, your role, checklist progress.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Areas, Theme, pad};
use crate::app::{Focus, State};
use crate::domain::{PairStatus, Role};
use crate::text;

/// Draws the pair list.
pub fn render(state: &State, theme: &Theme, frame: &mut Frame, a: &Areas) {
    let title = Line::from(Span::styled(" Pairs", theme.title));
    frame.render_widget(
        Paragraph::new(title),
        ratatui::layout::Rect {
            height: 1,
            ..a.pairs
        },
    );
    let rows = usize::from(a.pair_rows.height);
    let width = usize::from(a.pair_rows.width);
    // Keep the selection in view without remembering a scroll position.
    let offset = state.selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = state
        .pairs
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, p)| {
            let marker = if i == state.selected { "▸ " } else { "  " };
            let role = match p.my_role {
                Role::Mentor => "M",
                Role::Mentee => "m",
            };
            let progress = format!("{:>2}/{}", p.checklist_done, p.checklist_total);
            let name_w = width.saturating_sub(1 + 2 + 1 + 1 + 1 + progress.len() + 1);
            let row = format!(
                " {marker}{} {role} {progress}",
                pad(&text::one_line(p.partner_name()), name_w)
            );
            let mut style = ratatui::style::Style::new();
            if p.status != PairStatus::Active {
                style = theme.dim;
            }
            if i == state.selected {
                style = if state.focus == Focus::Pairs {
                    theme.selected
                } else {
                    theme.selected_idle
                };
            }
            Line::styled(pad(&row, width), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), a.pair_rows);
}
