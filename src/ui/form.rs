//! A form drawn over the screen: a label and an input per shown field, the
//! reason a save was refused at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use unicode_width::UnicodeWidthStr;

use super::fitting::{centered, fit};
use super::theme::Theme;
use crate::app::form::{Field, Form, Input};
use crate::text;

const MULTILINE_ROWS: u16 = 5;
/// The widest a form is drawn (narrower on a small terminal).
const FORM_WIDTH: u16 = 70;

/// Draws `form` centred over `area`.
pub fn render(form: &Form, theme: &Theme, frame: &mut Frame, area: Rect) {
    let shown: Vec<usize> = (0..form.fields.len())
        .filter(|&i| form.is_visible(i))
        .collect();
    let field_rows = |i: usize| {
        let hints = form.fields[i].hints.len() as u16;
        hints
            + match &form.fields[i].input {
                Input::Text {
                    multiline: true, ..
                } => MULTILINE_ROWS + 1,
                _ => 2,
            }
    };
    // A note wraps onto as many as four rows of the form's inner width.
    let note_rows = |note: &str| -> u16 {
        let width = usize::from(FORM_WIDTH - 2);
        // A tenth more than the text, for the room word wrapping leaves.
        let rows = (text::one_line(note).width() * 11 / 10) / width + 1;
        rows.clamp(1, 4) as u16
    };
    let notes: u16 = form.notes.iter().map(|n| note_rows(n)).sum();
    let rows: u16 =
        shown.iter().map(|&i| field_rows(i)).sum::<u16>() + notes + u16::from(notes > 0);
    // An error has a blank row above it and as many rows as it wraps onto
    // (up to four), so its end, often what to do, is not cut off.
    let extra = form.error.as_deref().map_or(0, |e| 1 + note_rows(e)) + 1;
    let rect = centered(area, FORM_WIDTH, rows + 2 + extra);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.title)
        .title(Span::styled(format!(" {} ", form.title), theme.title));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);

    // When the fields do not all fit, start late enough that the focused one shows.
    let room = inner.height.saturating_sub(extra);
    let mut first = 0;
    let focus_pos = shown.iter().position(|&i| i == form.focus).unwrap_or(0);
    while first < focus_pos
        && shown[first..=focus_pos]
            .iter()
            .map(|&i| field_rows(i))
            .sum::<u16>()
            > room
    {
        first += 1;
    }
    let shown = &shown[first..];
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    for note in &form.notes {
        let height = note_rows(note);
        if y + height > bottom {
            break;
        }
        frame.render_widget(
            Paragraph::new(Line::styled(text::one_line(note), theme.dim)).wrap(Wrap { trim: true }),
            Rect::new(inner.x, y, inner.width, height),
        );
        y += height;
    }
    if notes > 0 {
        y += 1;
    }
    for &i in shown {
        if y >= bottom {
            break;
        }
        let field = &form.fields[i];
        let focused = i == form.focus;
        let label_style = if focused { theme.key } else { theme.dim };
        let marker = if focused { "▸ " } else { "  " };
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("{marker}{}", text::one_line(&field.label)),
                label_style,
            )),
            Rect::new(inner.x, y, inner.width, 1),
        );
        y += 1;
        let input_rows = match &field.input {
            Input::Text {
                multiline: true, ..
            } => MULTILINE_ROWS,
            _ => 1,
        }
        .min(bottom.saturating_sub(y));
        let input_rect = Rect::new(inner.x + 2, y, inner.width.saturating_sub(2), input_rows);
        draw_hints(field, theme, frame, inner, y + input_rows, bottom);
        match &field.input {
            Input::Text {
                area: textarea,
                multiline,
            } => {
                if *multiline && input_rows < MULTILINE_ROWS {
                    // Cut off at the window's bottom: drawn from a copy, so
                    // the field's scroll is not set for these few rows and
                    // it fills its rows when it comes into view.
                    frame.render_widget(&*textarea.clone(), input_rect);
                } else {
                    frame.render_widget(&**textarea, input_rect);
                }
            }
            // Nothing about what was typed shows, not even how much.
            Input::Secret(secret) => {
                let line = if secret.is_empty() {
                    Line::styled("nothing shows as you type", theme.dim)
                } else {
                    Line::styled("typed, hidden · Backspace or Ctrl-u to correct", theme.dim)
                };
                frame.render_widget(Paragraph::new(line), input_rect);
            }
            Input::Choice { options, selected } => {
                let all: usize = options.iter().map(|o| o.width() + 6).sum();
                if all > usize::from(input_rect.width) {
                    // Too many to show side by side: the chosen one, with arrows.
                    let chosen = options
                        .get(*selected)
                        .map_or(String::new(), |o| text::one_line(o));
                    let line = Line::from(vec![
                        Span::styled(
                            format!("‹ {chosen} ›"),
                            if focused {
                                theme.selected
                            } else {
                                theme.selected_idle
                            },
                        ),
                        Span::styled(
                            format!("  {} of {} · ←/→", selected + 1, options.len()),
                            theme.dim,
                        ),
                    ]);
                    frame.render_widget(Paragraph::new(line), input_rect);
                    y += input_rows + field.hints.len() as u16;
                    continue;
                }
                let mut spans = Vec::new();
                for (n, option) in options.iter().enumerate() {
                    let (mark, style) = if n == *selected {
                        (
                            "(•) ",
                            if focused {
                                theme.selected
                            } else {
                                theme.selected_idle
                            },
                        )
                    } else {
                        ("( ) ", Style::new())
                    };
                    spans.push(Span::styled(
                        format!("{mark}{}", text::one_line(option)),
                        style,
                    ));
                    spans.push(Span::raw("  "));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), input_rect);
            }
        }
        y += input_rows + field.hints.len() as u16;
    }
    if let Some(error) = &form.error
        && y + 1 < bottom
    {
        frame.render_widget(
            Paragraph::new(Line::styled(text::one_line(error), theme.error))
                .wrap(Wrap { trim: true }),
            Rect::new(inner.x, y + 1, inner.width, bottom - y - 1),
        );
    }
}

/// The lines under a field's input, from row `y`: each cut to the form's
/// width, those asking for a look in the warning colour.
fn draw_hints(field: &Field, theme: &Theme, frame: &mut Frame, inner: Rect, y: u16, bottom: u16) {
    let width = usize::from(inner.width.saturating_sub(2));
    for (row, hint) in (y..bottom).zip(&field.hints) {
        let style = if hint.ask { theme.warning } else { theme.dim };
        // Enough of a long line to fill the row: it is never cleaned whole.
        let mut end = hint.text.len().min(width * 4 + 8);
        while !hint.text.is_char_boundary(end) {
            end -= 1;
        }
        let line = fit(&text::one_line(&hint.text[..end]), width);
        frame.render_widget(
            Paragraph::new(Line::styled(line, style)),
            Rect::new(inner.x + 2, row, inner.width.saturating_sub(2), 1),
        );
    }
}
