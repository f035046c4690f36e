//! The search window: the query, then the hits with their pair, kind, date
//! and a snippet whose matches stand out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use unicode_width::UnicodeWidthStr;

use super::fitting::fit;
use super::theme::Theme;
use crate::app::SearchView;
use crate::clock::Clock;
use crate::text;

/// Draws the search window over `area`.
pub fn render(view: &SearchView, clock: &dyn Clock, theme: &Theme, frame: &mut Frame, area: Rect) {
    let rect = Rect::new(
        area.x + 2,
        area.y + 1,
        area.width.saturating_sub(4),
        area.height.saturating_sub(3),
    );
    let scope = if view.private_locked {
        "private notes locked"
    } else if view.include_private {
        "with private notes"
    } else {
        "private notes not searched"
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.title)
        .title(Span::styled(format!(" Search · {scope} "), theme.title));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    if inner.height < 3 {
        return;
    }
    frame.render_widget(
        Paragraph::new(Span::styled("/ ", theme.key)),
        Rect::new(inner.x, inner.y, 2, 1),
    );
    frame.render_widget(
        &view.input,
        Rect::new(inner.x + 2, inner.y, inner.width.saturating_sub(2), 1),
    );
    let width = usize::from(inner.width);
    if view.private_locked {
        // Said where the hits begin, so an empty result is not taken for
        // "no private note says this".
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(
                    [
                        "Private notes are locked and were not searched · Esc, then U unlocks",
                        "Private notes locked, not searched · Esc, U unlocks",
                    ]
                    .into_iter()
                    .find(|s| s.width() <= width)
                    .unwrap_or("Private notes locked, not searched"),
                    width,
                ),
                theme.warning,
            )),
            Rect::new(inner.x, inner.y + 1, inner.width, 1),
        );
    } else if view.cut_short {
        let newest = crate::app::PHRASE_CHECKS;
        let long = format!(
            "Phrase looked for in the newest {} entries holding its words; candor search looks in all",
            crate::text::grouped(newest)
        );
        let short = format!(
            "Phrase looked for in the newest {} entries with its words",
            crate::text::grouped(newest)
        );
        let said = if long.width() <= width { long } else { short };
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&said, width), theme.dim)),
            Rect::new(inner.x, inner.y + 1, inner.width, 1),
        );
    } else if view.more && !view.stale {
        // The window holds the best hits: said, so its end is not taken
        // for the end of what matched.
        let n = view.hits.len();
        let said = [
            format!("The best {n} hits; more match · more words narrow the search"),
            format!("The best {n} hits; more match"),
        ]
        .into_iter()
        .find(|s| s.width() <= width)
        .unwrap_or_else(|| format!("Best {n}; more match"));
        frame.render_widget(
            Paragraph::new(Line::styled(fit(&said, width), theme.dim)),
            Rect::new(inner.x, inner.y + 1, inner.width, 1),
        );
    }
    let list = Rect::new(inner.x, inner.y + 2, inner.width, inner.height - 2);
    let per_hit = 2;
    let fits = usize::from(list.height) / per_hit;
    let offset = view.cursor.saturating_sub(fits.saturating_sub(1));
    let mut lines = Vec::new();
    if view.hits.is_empty() {
        let hint = if view.query().trim().is_empty() {
            "Type words, a prefix like trus*, or \"a phrase\"; Enter goes to the hit."
        } else if view.stale {
            "Searching…"
        } else {
            "Nothing matches."
        };
        lines.push(Line::styled(hint, theme.dim));
    }
    for (i, hit) in view.hits.iter().enumerate().skip(offset).take(fits.max(1)) {
        let selected = i == view.cursor;
        let marker = if selected { "▸ " } else { "  " };
        // A private note says so, as it does in the Notes list.
        let lock = if hit.private { "🔒 " } else { "" };
        let head = format!(
            "{marker}{lock}{} · {} · {}",
            crate::store::hit_word(hit.kind),
            clock.show_date(clock.local(hit.date).date()),
            text::one_line(&hit.pair)
        );
        lines.push(Line::styled(
            fit(&head, width),
            if selected { theme.selected } else { theme.dim },
        ));
        lines.push(marked(&hit.snippet, width, theme));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

/// A snippet with its «marked» words drawn in the key colour, markers dropped.
fn marked(snippet: &str, width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::raw("    ")];
    let mut rest = fit(snippet, width.saturating_sub(4));
    while let Some(start) = rest.find('«') {
        spans.push(Span::raw(rest[..start].to_owned()));
        let after = &rest[start + '«'.len_utf8()..];
        let end = after.find('»').unwrap_or(after.len());
        spans.push(Span::styled(after[..end].to_owned(), theme.key));
        rest = after[(end + '»'.len_utf8()).min(after.len())..].to_owned();
    }
    spans.push(Span::raw(rest));
    Line::from(spans)
}
