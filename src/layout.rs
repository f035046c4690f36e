//! Where each part of the main screen goes, for a terminal of a given
//! size: shared by drawing and by the mouse, which asks what is under a
//! click.

use ratatui::layout::Rect;

/// The smallest terminal the journal is drawn in.
pub const MIN_WIDTH: u16 = 60;
/// The smallest terminal height the journal is drawn in.
pub const MIN_HEIGHT: u16 = 16;

/// Where each part of the main screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The whole frame.
    pub outer: Rect,
    /// The pair list pane, title included.
    pub pairs: Rect,
    /// The rows of the pair list, one pair per row.
    pub pair_rows: Rect,
    /// The column between the panes.
    pub divider: Rect,
    /// The selected pair's one-line summary.
    pub header: Rect,
    /// The tab bar.
    pub tabs: Rect,
    /// The rule under the tab bar.
    pub tab_rule: Rect,
    /// The open tab's content.
    pub content: Rect,
    /// The rule above the status line.
    pub status_rule: Rect,
    /// The status line.
    pub status: Rect,
}

/// The layout for a frame of `size`, or `None` when it is too small.
pub fn areas(size: Rect) -> Option<Areas> {
    if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
        return None;
    }
    let inner = Rect::new(size.x + 1, size.y + 1, size.width - 2, size.height - 2);
    let body_h = inner.height - 2;
    let left_w = (inner.width * 3 / 10).clamp(20, 28);
    let right_x = inner.x + left_w + 1;
    let right_w = inner.width - left_w - 1;
    let pairs = Rect::new(inner.x, inner.y, left_w, body_h);
    Some(Areas {
        outer: size,
        pairs,
        pair_rows: Rect::new(inner.x, inner.y + 1, left_w, body_h - 1),
        divider: Rect::new(inner.x + left_w, inner.y, 1, body_h),
        header: Rect::new(right_x + 1, inner.y, right_w - 1, 1),
        tabs: Rect::new(right_x + 1, inner.y + 1, right_w - 1, 1),
        tab_rule: Rect::new(right_x, inner.y + 2, right_w, 1),
        content: Rect::new(right_x + 1, inner.y + 3, right_w - 1, body_h - 3),
        status_rule: Rect::new(size.x, inner.y + body_h, size.width, 1),
        status: Rect::new(inner.x + 1, inner.y + body_h + 1, inner.width - 2, 1),
    })
}

/// Rows each pair takes in the pair list: its name line and its meeting line.
pub const ROWS_PER_PAIR: usize = 2;

/// The first pair shown in a pair list of `area`, keeping the selected one
/// in view without remembering a scroll position.
pub fn first_pair_shown(selected: usize, area: Rect) -> usize {
    let fits = (usize::from(area.height) / ROWS_PER_PAIR).max(1);
    selected.saturating_sub(fits - 1)
}

/// The positions of the pairs, of `count`, that a pair list of `area` shows
/// (the selected one among them).
pub fn pairs_shown(selected: usize, count: usize, area: Rect) -> std::ops::Range<usize> {
    let fits = (usize::from(area.height) / ROWS_PER_PAIR).max(1);
    let first = first_pair_shown(selected, area).min(count);
    first..(first + fits).min(count)
}

/// The index of the pair drawn on `row` of a pair list of `area`, if any.
pub fn pair_at_row(selected: usize, count: usize, area: Rect, row: usize) -> Option<usize> {
    let index = first_pair_shown(selected, area) + row / ROWS_PER_PAIR;
    (index < count).then_some(index)
}
