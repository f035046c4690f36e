//! The home view (`0`): every pair at once — who is overdue for a meeting,
//! what is late (first, marked) and what is due this week, each pair's
//! trust trend, which first meetings are unfinished, and how feedback to
//! you as a mentor has gone over all pairs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fitting::{fit, fit_line, pad};
use super::theme::Theme;
use super::trust;
use crate::app::State;
use crate::app::home::{Due, HomeView};
use crate::domain::{Kind, Noun, PairStatus};
use crate::text;
use unicode_width::UnicodeWidthStr;

/// How often something happened: "asked for 1 time".
const TIME: Noun = Noun::new("a", "time", "times");

/// How many of each kind: "1 meeting, 2 action items".
fn counts(due: &[Due]) -> String {
    let meetings = due
        .iter()
        .filter(|d| matches!(d, Due::Meeting { .. }))
        .count();
    let actions = due.iter().filter(|d| matches!(d, Due::Action(_))).count();
    let goals = due.iter().filter(|d| matches!(d, Due::Goal(_))).count();
    [
        (Kind::Meeting, meetings),
        (Kind::Action, actions),
        (Kind::Goal, goals),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(k, n)| k.noun().count(n))
    .collect::<Vec<_>>()
    .join(", ")
}

/// Draws the home view into `area`.
pub fn render(view: &HomeView, state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width.saturating_sub(1));
    let clock = &state.clock;
    let today = state.today;
    let name = |id: i64| {
        state
            .pairs
            .pair(id)
            .map_or_else(String::new, |p| text::one_line(p.partner_name()))
    };
    let what = |d: &Due| match d {
        Due::Meeting { pair_id, .. } => format!("meeting with {}", name(*pair_id)),
        Due::Action(a) => format!(
            "{} · {} · {}",
            text::one_line(&a.text),
            name(a.pair_id),
            a.owner
        ),
        Due::Goal(g) => format!(
            "goal: {} · {}% · {}",
            text::one_line(&g.text),
            g.progress,
            name(g.pair_id)
        ),
    };
    let mut lines = vec![
        Line::styled(
            [
                "Home · all pairs (1–5 open the selected pair's tabs)",
                "Home · all pairs (1–5 open its tabs)",
            ]
            .into_iter()
            .find(|t| t.width() <= width)
            .unwrap_or("Home · all pairs"),
            theme.title,
        ),
        Line::from(""),
    ];

    let overdue: Vec<_> = state
        .pairs
        .pairs
        .iter()
        .filter(|p| p.pair.status == PairStatus::Active && p.is_overdue(today, &**clock))
        .collect();
    lines.push(Line::styled(
        format!("Overdue for a meeting: {}", overdue.len()),
        theme.title,
    ));
    for p in &overdue {
        let since = p
            .days_since_met(today, &**clock)
            .map_or("never met".to_owned(), |d| {
                format!("last met {} ago", Noun::DAY.count(d))
            });
        let cadence = p
            .pair
            .cadence_days
            .map(|c| format!(", agreed every {c}"))
            .unwrap_or_default();
        lines.push(Line::styled(
            fit(
                &format!(
                    "  ! {} · {since}{cadence}",
                    text::one_line(p.pair.partner_name())
                ),
                width,
            ),
            theme.warning,
        ));
    }

    lines.push(Line::from(""));
    let late = &view.late;
    if !late.is_empty() {
        lines.push(Line::styled(
            format!("Late: {}", counts(late)),
            theme.warning,
        ));
        for d in late {
            let days = Noun::DAY.count((today - d.on()).num_days());
            lines.push(Line::styled(
                fit(&format!("  ! {days} late  {}", what(d)), width),
                theme.warning,
            ));
        }
    }
    let week = &view.this_week;
    lines.push(Line::styled(
        if week.is_empty() {
            "This week: nothing due".to_owned()
        } else {
            format!("This week: {} due", counts(week))
        },
        theme.title,
    ));
    for d in week {
        lines.push(Line::from(fit(
            &format!("  {}  {}", state.clock.show_date(d.on()), what(d)),
            width,
        )));
    }

    lines.push(Line::from(""));
    lines.push(Line::styled("Trust, latest check-ins", theme.title));
    let trusted: Vec<_> = state
        .pairs
        .pairs
        .iter()
        .filter_map(|p| view.trust.get(&p.pair.id).map(|t| (p, t)))
        .collect();
    let name_w = trusted
        .iter()
        .map(|(p, _)| text::one_line(p.pair.partner_name()).width())
        .max()
        .unwrap_or(0)
        .min(width / 3);
    for (p, t) in &trusted {
        let head = format!("  {} ", pad(&text::one_line(p.pair.partner_name()), name_w));
        lines.push(trust::line(
            Span::raw(head),
            t,
            "no check-ins yet",
            today,
            &**clock,
            theme,
            width,
        ));
    }

    lines.push(Line::from(""));
    let unfinished: Vec<_> = state
        .pairs
        .pairs
        .iter()
        .filter(|p| p.pair.status != PairStatus::Closed && p.checklist_done < p.checklist_total)
        .collect();
    lines.push(Line::styled(
        format!("First meetings unfinished: {}", unfinished.len()),
        theme.title,
    ));
    for p in &unfinished {
        lines.push(Line::from(fit(
            &format!(
                "  {}  {}/{}",
                text::one_line(p.pair.partner_name()),
                p.checklist_done,
                p.checklist_total
            ),
            width,
        )));
    }

    lines.push(Line::from(""));
    let f = view.mentor_feedback;
    lines.push(Line::styled(
        "Feedback to you as a mentor, all pairs",
        theme.title,
    ));
    let taken = if f.received == 0 {
        "none received yet".to_owned()
    } else {
        format!("{} of {} taken without pushing back", f.taken, f.received)
    };
    lines.push(Line::from(fit(
        &format!(
            "  asked for {} · {taken} · pushed back {}",
            TIME.count(f.asked),
            f.pushed_back
        ),
        width,
    )));
    let height = usize::from(area.height);
    // Short of rows: the blank lines between sections go first (the lowest
    // first), then the last rows, with a line that says so.
    while lines.len() > height
        && let Some(blank) = lines.iter().rposition(|l| l.width() == 0)
    {
        lines.remove(blank);
    }
    if lines.len() > height && height > 0 {
        let hidden = lines.len() - (height - 1);
        lines.truncate(height - 1);
        lines.push(Line::styled(
            fit(
                &format!("… {hidden} more rows; a taller terminal shows them"),
                width,
            ),
            theme.dim,
        ));
    }
    // Every line within the width, a cut one ending with `…`.
    let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
    frame.render_widget(Paragraph::new(lines), area);
}
