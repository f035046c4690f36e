//! A read-only view of a long text, a screen at a time. The text is cleaned
//! and broken into display rows once; drawing touches only the visible rows,
//! so a 5 MB note or a 1 MB line scrolls as fast as a short one.

use super::Row;
use crate::text;

/// Texts longer than this open in the viewer before the editor.
pub const LONG_TEXT_BYTES: usize = 64 * 1024;

/// Texts with more lines than this open in the viewer before the editor.
pub const LONG_TEXT_LINES: usize = 400;

/// Whether a row's text is long enough to be read before it is edited.
pub fn is_long(row: &Row) -> bool {
    let texts: Vec<&str> = match row {
        Row::Meeting(m) => vec![&m.agenda, &m.notes, &m.next_steps],
        Row::Feedback(f) => vec![&f.body],
        // A note that cannot be opened has no text to be long.
        Row::Note(n) => n.text().map(|t| vec![t.body.as_str()]).unwrap_or_default(),
        Row::Action(a) => vec![&a.text],
        Row::Strength(s) => vec![&s.text],
        Row::Experience(e) => vec![&e.challenge, &e.similar],
    };
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    bytes > LONG_TEXT_BYTES
        || texts.iter().map(|t| t.lines().count()).sum::<usize>() > LONG_TEXT_LINES
}

/// The text width the viewer gets in a terminal `width` columns wide.
pub fn width_for(width: u16) -> u16 {
    width.saturating_sub(6).max(10)
}

/// A cleaned text and where each display row starts and ends in it.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// Shown in the border.
    pub title: String,
    /// The text, cleaned for the terminal.
    pub text: String,
    /// Byte ranges of `text`, one per display row.
    pub rows: Vec<(usize, usize)>,
    /// The width `rows` were made for.
    pub width: u16,
    /// The first row shown.
    pub scroll: usize,
    /// The entry shown, so `e` can edit it.
    pub row: Option<Row>,
}

impl Viewer {
    /// A viewer of `text`, wrapped at `width` columns.
    pub fn new(title: String, text: &str, width: u16, row: Option<Row>) -> Self {
        let mut v = Self {
            title,
            text: text::clean(text).into_owned(),
            rows: Vec::new(),
            width: 0,
            scroll: 0,
            row,
        };
        v.layout(width);
        v
    }

    /// Breaks the text into rows of at most `width` columns (once per
    /// width), at spaces: a word moves whole to the next row, and only a
    /// word wider than the row is broken, as a last resort. The spaces a
    /// row is broken at are not drawn.
    pub fn layout(&mut self, width: u16) {
        if width == self.width && !self.rows.is_empty() {
            return;
        }
        self.width = width;
        let max = usize::from(width.max(1));
        let mut rows = Vec::new();
        let mut line_start = 0;
        for line in self.text.split('\n') {
            text::wrap_line(line, line_start, max, &mut rows);
            line_start += line.len() + 1;
        }
        self.rows = rows;
        self.scroll = self.scroll.min(self.rows.len().saturating_sub(1));
    }

    /// Scrolls by `delta` rows, keeping a screen of `height` rows filled.
    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        let last = self.rows.len().saturating_sub(height.max(1));
        self.scroll = (self.scroll as isize)
            .saturating_add(delta)
            .clamp(0, last as isize) as usize;
    }

    /// The rows from the scroll position, at most `height` of them.
    pub fn visible(&self, height: usize) -> impl Iterator<Item = &str> {
        self.rows
            .iter()
            .skip(self.scroll)
            .take(height)
            .map(|&(a, b)| &self.text[a..b])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_wraps_and_only_visible_rows_are_read() {
        let text = "ab".repeat(50_000);
        let v = Viewer::new("t".into(), &text, 10, None);
        assert_eq!(v.rows.len(), 10_000);
        assert_eq!(
            v.visible(2).collect::<Vec<_>>(),
            ["ababababab", "ababababab"]
        );
    }

    #[test]
    fn wide_characters_never_split_a_row_past_the_width() {
        let v = Viewer::new("t".into(), "李李李李李\nx", 4, None);
        assert_eq!(
            v.visible(5).collect::<Vec<_>>(),
            ["李李", "李李", "李", "x"]
        );
    }

    fn rows(text: &str, width: u16) -> Vec<String> {
        let v = Viewer::new("t".into(), text, width, None);
        v.visible(usize::MAX).map(str::to_owned).collect()
    }

    #[test]
    fn rows_break_between_words() {
        assert_eq!(
            rows("we talked about the reorg and the estimates", 12),
            ["we talked", "about the", "reorg and", "the", "estimates"]
        );
        // Exactly full, then a space: the space goes, the next word starts the row.
        assert_eq!(rows("abcd efgh", 4), ["abcd", "efgh"]);
        assert_eq!(rows("abcd   efgh", 4), ["abcd", "efgh"]);
        // Indentation and several spaces inside a row are kept.
        assert_eq!(rows("  two  spaces", 20), ["  two  spaces"]);
        assert_eq!(rows("", 5), [""]);
    }

    #[test]
    fn a_word_wider_than_the_row_is_broken_last() {
        assert_eq!(
            rows("a supercalifragilistic b", 8),
            ["a", "supercal", "ifragili", "stic b"]
        );
    }

    #[test]
    fn wide_characters_wrap_by_their_width_and_at_spaces() {
        assert_eq!(rows("李李 李李李", 6), ["李李", "李李李"]);
        assert_eq!(rows("ab 李李", 5), ["ab", "李李"]);
    }

    #[test]
    fn scrolling_stops_at_both_ends() {
        let mut v = Viewer::new("t".into(), &"line\n".repeat(100), 20, None);
        v.scroll_by(-5, 10);
        assert_eq!(v.scroll, 0);
        v.scroll_by(1000, 10);
        assert_eq!(v.scroll, 91);
    }
}
