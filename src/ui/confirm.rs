//! A yes/no question in a small window.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::fitting::centered;
use super::theme::Theme;
use crate::app::{Confirm, Question};
use crate::text;
use unicode_width::UnicodeWidthStr;

/// Draws the question over `area`.
pub fn render(confirm: &Confirm, theme: &Theme, frame: &mut Frame, area: Rect) {
    // Room for the question as it wraps (with a tenth for word breaks), a
    // blank line and the keys.
    let text_rows = (text::one_line(&confirm.text).width() * 11 / 10) / 58 + 1;
    let rect = centered(area, 60, (text_rows as u16 + 4).max(8));
    let title = match confirm.question {
        Question::Draft(_) => " A draft was kept ",
        Question::DiscardDraft(_) => " Throw the draft away? ",
        Question::RepairKey => " The journal's key was replaced ",
        Question::DeleteEntry(_) | Question::DeletePair(_) | Question::DeleteGoal(_) => {
            " Are you sure? "
        }
        Question::PausePair(_) => " Pause the pair? ",
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.warning)
        .title(Span::styled(title, theme.warning));
    let keys = match confirm.question {
        // Only y acts here: every other key keeps the draft.
        Question::DiscardDraft(_) => vec![
            Span::styled("y", theme.key),
            Span::raw(" throw it away   "),
            Span::styled("any other key", theme.key),
            Span::raw(" keep it"),
        ],
        _ => vec![
            Span::styled("y", theme.key),
            Span::raw(" yes   "),
            Span::styled("n", theme.key),
            Span::raw(" no   "),
            Span::styled("Esc", theme.key),
            Span::raw(" not now"),
        ],
    };
    let lines = vec![
        Line::from(text::one_line(&confirm.text)),
        Line::from(""),
        Line::from(keys),
    ];
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}
