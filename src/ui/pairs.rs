//! The pair list on the left: whom, your role, checklist progress, and when
//! you last met or meet next against the agreed cadence.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fitting::pad;
use super::theme::Theme;
use crate::app::{Focus, State};
use crate::clock::Clock;
use crate::domain::{PairStatus, PairSummary, Role};
use crate::layout::Areas;
use crate::layout::pairs_shown;
use crate::text;

/// "met 7d · next 7d", or a warning when the agreed cadence has passed.
pub fn meeting_line(
    pair: &PairSummary,
    today: chrono::NaiveDate,
    clock: &dyn Clock,
) -> (String, bool) {
    let overdue = pair.is_overdue(today, clock);
    let met = pair.days_since_met(today, clock);
    let next = pair
        .next_meeting(clock)
        .map(|d| (d - today).num_days())
        .filter(|d| *d >= 0);
    // What is late comes first, so a narrow column cuts the rest.
    let mut parts = Vec::new();
    if pair.overdue_actions > 0 {
        parts.push(format!("{} late", pair.overdue_actions));
    }
    parts.push(match (overdue, met) {
        (true, Some(d)) => format!("met {d}d"),
        (true, None) => format!("not met in {}d", (today - pair.pair.started_on).num_days()),
        (false, Some(0)) => "met today".to_owned(),
        (false, Some(d)) => format!("met {d}d"),
        (false, None) => "not met yet".to_owned(),
    });
    match next {
        Some(0) => parts.push("next today".to_owned()),
        Some(d) => parts.push(format!("next {d}d")),
        None => {}
    }
    let warn = overdue || pair.overdue_actions > 0;
    let line = parts.join(" · ");
    // Said with a mark too, so it stands out without colour.
    (if warn { format!("! {line}") } else { line }, warn)
}

/// Draws the pair list.
pub fn render(state: &State, theme: &Theme, clock: &dyn Clock, frame: &mut Frame, a: &Areas) {
    let title = Line::from(Span::styled(" Pairs", theme.title));
    frame.render_widget(
        Paragraph::new(title),
        Rect {
            height: 1,
            ..a.pairs
        },
    );
    let width = usize::from(a.pair_rows.width);
    let mut lines: Vec<Line> = Vec::new();
    let list = &state.pairs;
    // Only these hold their counts (App::count_shown_pairs).
    let shown = pairs_shown(list.selected, list.len(), a.pair_rows);
    for (i, summary) in list
        .pairs
        .iter()
        .enumerate()
        .take(shown.end)
        .skip(shown.start)
    {
        let p = &summary.pair;
        let marker = if i == list.selected { "▸ " } else { "  " };
        let role = match p.my_role {
            Role::Mentor => "M",
            Role::Mentee => "m",
        };
        let progress = format!("{:>2}/{}", summary.checklist_done, summary.checklist_total);
        let name_w = width.saturating_sub(1 + 2 + 1 + 1 + 1 + progress.len() + 1);
        let row = format!(
            " {marker}{} {role} {progress}",
            pad(&text::one_line(p.partner_name()), name_w)
        );
        let mut style = Style::new();
        if p.status != PairStatus::Active {
            style = theme.dim;
        }
        if i == list.selected {
            style = if state.focus == Focus::Pairs {
                theme.selected
            } else {
                theme.selected_idle
            };
        }
        lines.push(Line::styled(pad(&row, width), style));
        let (what, warn) = match p.status {
            PairStatus::Active => meeting_line(summary, state.today, clock),
            other => (other.to_string(), false),
        };
        let style = if warn { theme.warning } else { theme.dim };
        lines.push(Line::styled(pad(&format!("   {what}"), width), style));
    }
    frame.render_widget(Paragraph::new(lines), a.pair_rows);
}
