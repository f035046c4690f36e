//! A long text in a window, a screen at a time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::app::viewer::Viewer;
use crate::text;

/// Draws `viewer` over `area`.
pub fn render(viewer: &Viewer, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rect = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(3),
    );
    let height = usize::from(rect.height.saturating_sub(2));
    let total = viewer.rows.len().max(1);
    let shown_to = (viewer.scroll + height).min(total);
    let title = format!(
        " {} · rows {}–{shown_to} of {total} ",
        text::one_line(&viewer.title),
        viewer.scroll + 1
    );
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.title)
        .title(Span::styled(title, theme.title));
    let lines: Vec<Line> = viewer.visible(height).map(Line::raw).collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
