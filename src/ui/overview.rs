//! The Overview tab: what a mentor would rather see than read — checklist
//! progress per trust step (gauges), trust felt over the latest check-ins
//! (sparkline), goals (gauges), meetings per week over twelve weeks
//! (sparkline), feedback asked for and how it was taken (bars), the time
//! since the last meeting against the cadence, and open action items.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, LineGauge, Paragraph, Sparkline};

use unicode_width::UnicodeWidthStr;

use super::fitting::{fit, fit_line, pad, wrap};
use super::theme::Theme;
use crate::app::State;
use crate::app::overview::OverviewView;
use crate::domain::{Noun, Pair, PairStatus, Role, TrustTrend};
use crate::text;

/// Draws the tab into `area`.
pub fn render(view: &OverviewView, state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(summary) = state.pair_summary() else {
        return;
    };
    let pair = &summary.pair;
    let detail = &state.detail;
    let steps = state.template.steps.len() as u16;
    // A closed pair's reflection, or a word on feedback not asked for,
    // comes first, as far as the five steps and the cadence leave room.
    let mut notices = notices(state, pair, usize::from(area.width));
    let room = usize::from(area.height.saturating_sub(steps + 2));
    if notices.len() > room {
        notices.truncate(room);
        if let Some((last, _)) = notices.last_mut() {
            *last = fit(&format!("{last} …"), usize::from(area.width));
        }
    }
    let shown = notices.len() as u16;
    let plan = Plan::new(area.height - shown, steps, detail.goals.len() as u16);
    let [facts, trust, gauges, goals, charts] = Layout::vertical([
        Constraint::Length(plan.facts() + shown),
        Constraint::Length(u16::from(plan.trust)),
        Constraint::Length(steps + u16::from(plan.steps_heading)),
        Constraint::Length(plan.goal_rows),
        Constraint::Min(0),
    ])
    .areas(area);
    render_trust(state, theme, frame, trust);
    render_goals(view, state, theme, frame, goals);

    // Facts: focus, and meetings against the agreed cadence.
    let clock = &state.clock;
    let met = summary.days_since_met(state.today, &**clock);
    let overdue = summary.is_overdue(state.today, &**clock);
    let ago = |d: i64| match d {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        d => format!("{d} days ago"),
    };
    let every = |c: u32| Noun::DAY.count(c);
    let mut cadence = match (met, pair.cadence_days) {
        (Some(d), Some(c)) => format!("Last met {} · agreed every {}", ago(d), every(c)),
        (Some(d), None) => format!("Last met {}", ago(d)),
        (None, Some(c)) => format!("Not met yet · agreed every {}", every(c)),
        (None, None) => "Not met yet".to_owned(),
    };
    let next = summary.next_meeting(&**clock);
    if let Some(next) = next {
        cadence.push_str(&format!(" · next {next}"));
    }
    if overdue {
        // Said in words too, so it stands out without colour.
        cadence.insert_str(0, "! ");
    }
    let width = usize::from(area.width);
    // Tighter words before anything is cut: "every" (the header says it
    // was agreed), then the next date without its year.
    if cadence.width() > width {
        cadence = cadence.replacen(" · agreed every ", " · every ", 1);
    }
    if let Some(next) = next
        && cadence.width() > width
    {
        cadence = cadence.replacen(
            &format!(" · next {next}"),
            &format!(" · next {}", next.format("%m-%d")),
            1,
        );
    }
    let actions = format!(
        "Action items: {} open, {} overdue",
        summary.open_actions, summary.overdue_actions
    );
    let mut lines = Vec::new();
    if plan.focus {
        lines.push(fit_line(
            Line::from(vec![
                Span::styled("Focus ", theme.dim),
                Span::raw(if pair.focus.is_empty() {
                    "—".to_owned()
                } else {
                    text::one_line(&pair.focus)
                }),
            ]),
            width,
        ));
    }
    if plan.cadence {
        lines.push(Line::styled(
            fit(&cadence, width),
            if overdue { theme.warning } else { Style::new() },
        ));
    }
    if plan.actions {
        lines.push(Line::styled(
            fit(&actions, width),
            if summary.overdue_actions > 0 {
                theme.warning
            } else {
                Style::new()
            },
        ));
    }
    let lines: Vec<Line> = notices
        .into_iter()
        .map(|(l, warn)| Line::styled(l, if warn { theme.warning } else { theme.title }))
        .chain(lines)
        .collect();
    frame.render_widget(Paragraph::new(lines), facts);

    // One gauge per trust step.
    let label_w = 24.min(usize::from(gauges.width / 2));
    let heading = usize::from(plan.steps_heading);
    let rows =
        Layout::vertical(vec![Constraint::Length(1); usize::from(steps) + heading]).split(gauges);
    if plan.steps_heading {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "First meeting {}/{}",
                    summary.checklist_done, summary.checklist_total
                ),
                theme.title,
            )),
            rows[0],
        );
    }
    for (step, row) in state.template.steps.iter().zip(rows.iter().skip(heading)) {
        let items: Vec<_> = detail
            .checklist
            .iter()
            .filter(|i| i.step == step.number)
            .collect();
        let done = items.iter().filter(|i| i.done).count();
        let ratio = if items.is_empty() {
            0.0
        } else {
            done as f64 / items.len() as f64
        };
        let label = pad(
            &format!("{} {}", step.number, text::one_line(&step.title)),
            label_w,
        );
        let complete = done == items.len() && !items.is_empty();
        frame.render_widget(
            LineGauge::default()
                .label(Span::raw(format!("{label} {done}/{}", items.len())))
                .ratio(ratio)
                // Distinct symbols, so progress reads without colour too.
                .filled_symbol("━")
                .unfilled_symbol("╌")
                .filled_style(if complete { theme.done } else { theme.title })
                .unfilled_style(theme.dim),
            *row,
        );
    }

    if charts.height < 4 {
        return;
    }
    // Charts read best short: at most eight rows, whatever the terminal.
    let charts = Rect {
        height: charts.height.min(8),
        ..charts
    };
    let [weeks, feedback] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(charts);
    let total: u64 = detail.meetings_per_week.iter().sum();
    let [weeks_title, weeks_chart] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(weeks);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(
                &format!("Meetings, 12 weeks: {total}"),
                usize::from(weeks_title.width),
            ),
            theme.title,
        )),
        weeks_title,
    );
    frame.render_widget(
        Sparkline::default()
            .data(detail.meetings_per_week.iter().copied())
            .max(
                detail
                    .meetings_per_week
                    .iter()
                    .copied()
                    .max()
                    .unwrap_or(0)
                    .max(2),
            )
            .style(theme.title),
        Rect {
            width: weeks_chart.width.min(24),
            ..weeks_chart
        },
    );

    let f = detail.feedback;
    let bar = |label: &'static str, value: u32, style: Style| {
        Bar::default()
            .value(u64::from(value))
            .label(Line::from(label))
            .style(style)
            .value_style(style.reversed())
    };
    let [fb_title, fb_chart] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(feedback);
    frame.render_widget(
        Paragraph::new(Line::styled(
            fit(
                &match pair.my_role {
                    Role::Mentor => "Feedback to you, the mentor".to_owned(),
                    Role::Mentee => {
                        format!("Your feedback to {}", text::one_line(&pair.mentor_name))
                    }
                },
                usize::from(fb_title.width),
            ),
            theme.title,
        )),
        fb_title,
    );
    frame.render_widget(
        BarChart::default()
            .data(BarGroup::default().bars(&[
                bar("asked", f.asked, theme.title),
                bar("got", f.received, theme.title),
                bar("taken", f.taken, theme.done),
                bar("pushed", f.pushed_back, theme.warning),
            ]))
            .bar_width(6)
            .bar_gap(1),
        fb_chart,
    );
}

/// Lines above the facts, each with whether it warns: a closed pair's
/// closing reflection (up to five lines), or, for a pair still meeting,
/// that feedback to the mentor has not been asked for in a while.
fn notices(state: &State, pair: &Pair, width: usize) -> Vec<(String, bool)> {
    let detail = &state.detail;
    if pair.status == PairStatus::Closed {
        let Some(text) = detail.reflection.as_ref().and_then(|n| n.text()) else {
            return vec![("Closed, without a closing reflection.".into(), false)];
        };
        // One run of text per paragraph, a heading ("What worked:") before its words.
        let body: Vec<String> = text
            .body
            .split("\n\n")
            .map(|p| text::one_line(&p.split_whitespace().collect::<Vec<_>>().join(" ")))
            .filter(|p| !p.is_empty() && p != "Closing reflection")
            .collect();
        // Whether they stay in touch goes first: it is what a glance looks for.
        let mut body = body;
        body.sort_by_key(|p| !p.starts_with("Staying in touch"));
        let mut lines = wrap(&format!("Closed · {}", body.join(" · ")), width);
        if lines.len() > 5 {
            lines.truncate(5);
            let last = lines.pop().unwrap_or_default();
            lines.push(fit(&format!("{last} …"), width));
        }
        return lines.into_iter().map(|l| (l, false)).collect();
    }
    if !detail.feedback_unasked {
        return Vec::new();
    }
    let n = crate::app::FEEDBACK_EVERY_MEETINGS;
    let line = match pair.my_role {
        Role::Mentor => format!(
            "! Feedback to you not asked for in the last {n} meetings: ask how the mentoring lands (4, n)"
        ),
        Role::Mentee => format!(
            "! {} has not asked for your feedback in the last {n} meetings: you can offer it (4, n)",
            text::one_line(&pair.mentor_name)
        ),
    };
    vec![(fit(&line, width), true)]
}

/// One line: trust felt over the latest check-ins, as a sparkline of 1–5.
fn render_trust(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let detail = &state.detail;
    let trend = TrustTrend::new(&detail.checkins, detail.checkin_count);
    let line = super::trust::line(
        Span::styled("Trust ", theme.title),
        &trend,
        "no check-ins yet · c checks in, privately",
        state.today,
        &*state.clock,
        theme,
        usize::from(area.width),
    );
    frame.render_widget(Paragraph::new(line), area);
}

/// A heading and one gauge per goal: open ones first, the selected one marked.
fn render_goals(view: &OverviewView, state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let goals = &state.detail.goals;
    let reached = goals.iter().filter(|g| g.is_done()).count();
    let heading = if goals.is_empty() {
        Line::from(vec![
            Span::styled("Goals ", theme.title),
            Span::styled("none yet · a adds one", theme.dim),
        ])
    } else {
        Line::styled(
            format!("Goals {reached}/{} reached", goals.len()),
            theme.title,
        )
    };
    if area.height == 0 {
        return;
    }
    let rows = Layout::vertical(vec![Constraint::Length(1); usize::from(area.height)]).split(area);
    frame.render_widget(
        Paragraph::new(fit_line(heading, usize::from(area.width))),
        rows[0],
    );
    // As many goals as there are rows, the selected one always among them.
    let fits = rows.len() - 1;
    let first = view.goal_cursor.saturating_sub(fits.saturating_sub(1));
    let focused = state.focus == crate::app::Focus::Tab;
    let label_w = (usize::from(area.width) * 3 / 5).saturating_sub(8).min(40);
    let wide = area.width >= 70;
    for (i, (goal, row)) in goals
        .iter()
        .enumerate()
        .skip(first)
        .zip(rows.iter().skip(1))
        .map(|((i, g), r)| (i, (g, r)))
    {
        let selected = focused && i == view.goal_cursor;
        let overdue = goal.is_overdue(state.today);
        // Marks in symbols, so they read without colour: selected, then overdue or reached.
        let select = if selected { "▸" } else { " " };
        let status = if overdue {
            "!"
        } else if goal.is_done() {
            "✓"
        } else {
            " "
        };
        let mut label = format!(
            "{select}{status} {} {:>3}%",
            pad(&text::one_line(&goal.text), label_w),
            goal.progress
        );
        if wide && let Some(due) = goal.due_on {
            label.push_str(&format!(" {}", due.format("%m-%d")));
        }
        let style = if overdue {
            theme.warning
        } else if goal.is_done() {
            theme.done
        } else {
            theme.title
        };
        frame.render_widget(
            LineGauge::default()
                .label(Span::styled(
                    label,
                    if selected {
                        theme.selected
                    } else {
                        Style::new()
                    },
                ))
                .ratio(f64::from(goal.progress.min(100)) / 100.0)
                .filled_symbol("━")
                .unfilled_symbol("╌")
                .filled_style(style)
                .unfilled_style(theme.dim),
            *row,
        );
    }
}

/// What of the Overview fits in its height. The five steps always show;
/// the rest is given rows in order of need — the meeting cadence, trust,
/// the goals' heading and the selected goal, the steps' heading, action
/// items, the focus, the other goals — and the charts take what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plan {
    focus: bool,
    cadence: bool,
    actions: bool,
    trust: bool,
    steps_heading: bool,
    /// The goals' heading and the goals shown under it.
    goal_rows: u16,
}

impl Plan {
    fn new(height: u16, steps: u16, goals: u16) -> Self {
        let mut left = height.saturating_sub(steps);
        let mut take = |n: u16| {
            let got = n.min(left);
            left -= got;
            got
        };
        // No goals yet still takes a row under the heading, as a gap.
        let goals = goals.max(1);
        let cadence = take(1) == 1;
        let trust = take(1) == 1;
        let mut goal_rows = take(2);
        let steps_heading = take(1) == 1;
        let actions = take(1) == 1;
        let focus = take(1) == 1;
        goal_rows += take(goals - 1);
        Self {
            focus,
            cadence,
            actions,
            trust,
            steps_heading,
            goal_rows,
        }
    }

    fn facts(&self) -> u16 {
        u16::from(self.focus) + u16::from(self.cadence) + u16::from(self.actions)
    }
}

#[cfg(test)]
mod tests {
    use super::Plan;

    #[test]
    fn the_five_steps_come_first_and_the_rest_by_need() {
        let all = Plan::new(17, 5, 2);
        assert_eq!(all.facts(), 3);
        assert!(all.trust && all.steps_heading);
        assert_eq!(all.goal_rows, 3);
        // 60×16: nine rows.
        let small = Plan::new(9, 5, 2);
        assert!(small.cadence && small.trust && !small.steps_heading);
        assert!(!small.focus && !small.actions);
        assert_eq!(small.goal_rows, 2, "the heading and the selected goal");
        let tiny = Plan::new(5, 5, 2);
        assert_eq!((tiny.facts(), tiny.trust, tiny.goal_rows), (0, false, 0));
    }
}
