//! The help screen, generated from the keymap: every binding with its keys
//! and description, grouped by where it works.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::fitting::{centered, fit_line, pad};
use super::theme::Theme;
use crate::app::{HelpView, State};

/// Draws help over `area`.
pub fn render(view: &HelpView, state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 64, area.height.saturating_sub(4));
    let mut lines = Vec::new();
    for (mode, bindings) in state.keymap.by_mode() {
        if !lines.is_empty() {
            lines.push(Line::from(""));
        }
        lines.push(Line::styled(mode.label(), theme.title));
        for b in bindings {
            let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
            lines.push(Line::from(vec![
                // A space always between the keys and what they do.
                Span::styled(format!("  {} ", pad(&keys.join(", "), 19)), theme.key),
                Span::raw(b.desc.clone()),
            ]));
        }
    }
    let width = usize::from(rect.width.saturating_sub(2));
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(" Keys (Esc closes, ↑↓ scroll) ", theme.title));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((view.scroll, 0)),
        rect,
    );
}
