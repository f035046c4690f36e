//! Trust felt over the latest check-ins, in one line: the latest level, a
//! sparkline of the readable ones (1–5), how many there are and when the
//! latest was made. Drawn by the Overview for its pair and by Home for each
//! pair; check-ins that cannot be read now are counted, never guessed.

use chrono::NaiveDate;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::fitting::fit_line;
use super::theme::Theme;
use crate::clock::Clock;
use crate::domain::{Kind, TrustTrend};

/// The eighths of a one-row sparkline, as ratatui's `Sparkline` draws them.
const BARS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// `head` followed by `trend`, cut to `width` with `…`; `none_yet` is said
/// when there is no check-in at all.
pub fn line(
    head: Span<'static>,
    trend: &TrustTrend,
    none_yet: &str,
    today: NaiveDate,
    clock: &dyn Clock,
    theme: &Theme,
    width: usize,
) -> Line<'static> {
    let count = Kind::Checkin.noun().count(trend.count);
    if trend.count == 0 {
        return fit_line(
            Line::from(vec![head, Span::styled(none_yet.to_owned(), theme.dim)]),
            width,
        );
    }
    let Some(&latest) = trend.levels.last() else {
        let what = if trend.locked > 0 {
            "locked · U unlocks"
        } else {
            "cannot be opened"
        };
        return fit_line(
            Line::from(vec![
                head,
                Span::styled(format!("{count}, {what}"), theme.dim),
            ]),
            width,
        );
    };
    let level = format!("{latest}/5 ");
    let head_w = head.content.width() + level.width();
    // Half of what is left at most, so the words after it still show.
    let spark_w = trend.levels.len().min(width.saturating_sub(head_w) / 2);
    let spark: String = trend.levels[trend.levels.len() - spark_w..]
        .iter()
        .map(|&l| BARS[usize::from(l.min(5)) * 8 / 5])
        .collect();
    let mut tail = format!(" {count}");
    if let Some(at) = trend.latest_at {
        match (today - clock.local(at).date()).num_days() {
            0 => tail.push_str(", latest today"),
            1 => tail.push_str(", latest yesterday"),
            d => tail.push_str(&format!(", latest {d} days ago")),
        }
    }
    // Some readable, some not: the line says how many are left out.
    if trend.locked > 0 {
        tail.push_str(&format!(" · {} locked · U unlocks", trend.locked));
    } else if trend.damaged > 0 {
        tail.push_str(&format!(" · {} cannot be opened", trend.damaged));
    }
    fit_line(
        Line::from(vec![
            head,
            Span::styled(level, theme.title),
            Span::styled(spark, theme.title),
            Span::styled(tail, theme.dim),
        ]),
        width,
    )
}
