//! The home view (`0`): every pair at once — who is overdue for a meeting,
//! what is due this week, which first meetings are unfinished, and how
//! feedback to you as a mentor has gone over all pairs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::fitting::fit;
use super::theme::Theme;
use crate::app::State;
use crate::app::home::HomeView;
use crate::domain::{Kind, Noun, PairStatus};
use crate::text;

/// How often something happened: "asked for 1 time".
const TIME: Noun = Noun::new("a", "time", "times");

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
    let mut lines = vec![
        Line::styled(
            "Home · all pairs (1–5 open the selected pair's tabs)",
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
    let planned: Vec<_> = state
        .pairs
        .pairs
        .iter()
        .filter_map(|p| p.next_meeting(&**clock).map(|d| (p, d)))
        .filter(|(_, d)| *d >= today && (*d - today).num_days() <= 7)
        .collect();
    let due = &view.due_actions;
    lines.push(Line::styled(
        format!(
            "This week: {}, {} due",
            Kind::Meeting.noun().count(planned.len()),
            Kind::Action.noun().count(due.len())
        ),
        theme.title,
    ));
    for (p, d) in &planned {
        lines.push(Line::from(fit(
            &format!(
                "  {d}  meeting with {}",
                text::one_line(p.pair.partner_name())
            ),
            width,
        )));
    }
    for a in due {
        let late = a.is_overdue(today);
        let when = a.due_on.map(|d| d.to_string()).unwrap_or_default();
        let row = format!(
            "  {when}  {} · {} · {}{}",
            text::one_line(&a.text),
            name(a.pair_id),
            a.owner,
            if late { " · OVERDUE" } else { "" }
        );
        lines.push(Line::styled(
            fit(&row, width),
            if late { theme.warning } else { Style::new() },
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
    frame.render_widget(Paragraph::new(lines), area);
}
