//! Fitting text and windows into the room there is: text cut to a width
//! with `…`, padded to a width, a window centred in an area.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` cut to `width` display columns, with `…` where it was cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    cut(s, width)
}

/// The start of `s` that fits in `width` columns with `…` after it.
fn cut(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` (one line) broken into lines of at most `width` columns at spaces;
/// a word wider than `width` is broken where it must be (the reader's
/// wrapping, [`crate::text::wrap_line`], as owned lines).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut rows = Vec::new();
    crate::text::wrap_line(s, 0, width.max(1), &mut rows);
    rows.into_iter().map(|(a, b)| s[a..b].to_owned()).collect()
}

/// A line of styled spans cut to `width` columns, with `…` (in the style of
/// the span cut) where it was cut.
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let Line {
        spans,
        style,
        alignment,
    } = line;
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let w = span.content.width();
        if used + w < width {
            used += w;
            out.push(span);
            continue;
        }
        // Cut here even when this span would just fit: more follows it.
        out.push(Span::styled(cut(&span.content, width - used), span.style));
        break;
    }
    Line {
        spans: out,
        style,
        alignment,
    }
}

/// `head` followed by one of `tails` (widest first), in `width` columns:
/// the first tail that leaves `head` at least `min_head` columns, else the
/// last one. `head` is what is cut with `…`; a tail is cut only when it
/// alone is wider than `width`.
pub fn fit_keeping(head: &str, tails: &[String], min_head: usize, width: usize) -> String {
    let Some(last) = tails.last() else {
        return fit(head, width);
    };
    let tail = tails
        .iter()
        .find(|t| t.width() + min_head <= width)
        .unwrap_or(last);
    if head.width() + tail.width() <= width {
        return format!("{head}{tail}");
    }
    match width.checked_sub(tail.width()) {
        Some(room) if room > 0 => format!("{}{tail}", fit(head, room)),
        _ => fit(&format!("{head}{tail}"), width),
    }
}

/// `s` fitted to exactly `width` columns, padded with spaces.
pub fn pad(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let w = out.width();
    out.push_str(&" ".repeat(width.saturating_sub(w)));
    out
}

/// A centred rectangle of at most `width`×`height` inside `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2));
    let h = height.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_and_only_breaks_a_word_wider_than_the_line() {
        assert_eq!(wrap("the reorg went well", 9), ["the reorg", "went well"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
        for line in wrap("日本語のテキスト wide 文字 text", 5) {
            assert!(line.width() <= 5, "{line}");
        }
    }

    #[test]
    fn a_cut_ends_with_an_ellipsis_within_the_width() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abcd", 4), "abcd");
        // A wide character that would straddle the edge goes whole.
        assert_eq!(fit("ab李李", 4), "ab…");
    }

    #[test]
    fn a_line_of_spans_is_cut_where_it_overflows() {
        let line = Line::from(vec![Span::raw("abc"), Span::raw("def"), Span::raw("g")]);
        let cut = fit_line(line.clone(), 6);
        assert_eq!(cut.to_string(), "abcde…");
        assert_eq!(fit_line(line.clone(), 3).to_string(), "ab…");
        assert_eq!(fit_line(line, 7).to_string(), "abcdefg");
    }

    #[test]
    fn the_head_is_cut_and_the_tail_kept() {
        let tails = [
            " · mentee · due Fri 4 Dec · late".to_owned(),
            " · mentee · 4 Dec · late".to_owned(),
        ];
        let head = "[ ] write down the last three estimates";
        assert_eq!(
            fit_keeping(head, &tails, 10, 80),
            "[ ] write down the last three estimates · mentee · due Fri 4 Dec · late"
        );
        assert_eq!(
            fit_keeping(head, &tails, 10, 50),
            "[ ] write down th… · mentee · due Fri 4 Dec · late"
        );
        assert_eq!(
            fit_keeping(head, &tails, 10, 30),
            "[ ] w… · mentee · 4 Dec · late"
        );
        assert_eq!(fit_keeping(head, &tails, 10, 30).width(), 30);
        assert_eq!(
            fit_keeping("[ ] ok", &tails, 10, 31),
            "[ ] ok · mentee · 4 Dec · late"
        );
        // Narrower than any tail: cut as one line, never wider than asked.
        assert_eq!(fit_keeping(head, &tails, 10, 12).width(), 12);
        assert_eq!(fit_keeping(head, &[], 10, 12), fit(head, 12));
    }
}
