//! Fitting text and windows into the room there is: text cut to a width
//! with `…`, padded to a width, a window centred in an area.

use ratatui::layout::Rect;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` cut to `width` display columns, with `…` where it was cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
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
