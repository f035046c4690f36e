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

use super::fitting::{fit, pad, wrap};
use super::theme::Theme;
use crate::app::State;
use crate::app::overview::OverviewView;
use crate::domain::{Kind, Noun, Pair, PairStatus, Role};
use crate::text;

/// Draws the tab into `area`.
pub fn render(view: &OverviewView, state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(summary) = state.pair_summary() else {
        return;
    };
    let pair = &summary.pair;
    let detail = &state.detail;
    let steps = state.template.steps.len() as u16;
    let goal_rows = (detail.goals.len() as u16).max(1);
    let notices = notices(state, pair, usize::from(area.width));
    let [facts, trust, gauges, goals, charts] = Layout::vertical([
        Constraint::Length(3 + notices.len() as u16),
        Constraint::Length(1),
        Constraint::Length(steps + 1),
        Constraint::Length(goal_rows + 1),
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
    if let Some(next) = summary.next_meeting(&**clock) {
        cadence.push_str(&format!(" · next {next}"));
    }
    if overdue {
        // Said in words too, so it stands out without colour.
        cadence.insert_str(0, "! ");
    }
    let actions = format!(
        "Action items: {} open, {} overdue",
        summary.open_actions, summary.overdue_actions
    );
    let lines = vec![
        Line::from(vec![
            Span::styled("Focus ", theme.dim),
            Span::raw(if pair.focus.is_empty() {
                "—".to_owned()
            } else {
                text::one_line(&pair.focus)
            }),
        ]),
        Line::styled(cadence, if overdue { theme.warning } else { Style::new() }),
        Line::styled(
            actions,
            if summary.overdue_actions > 0 {
                theme.warning
            } else {
                Style::new()
            },
        ),
    ];
    let lines: Vec<Line> = notices
        .into_iter()
        .map(|(l, warn)| Line::styled(l, if warn { theme.warning } else { theme.title }))
        .chain(lines)
        .collect();
    frame.render_widget(Paragraph::new(lines), facts);

    // One gauge per trust step.
    let label_w = 24.min(usize::from(gauges.width / 2));
    let rows = Layout::vertical(vec![Constraint::Length(1); usize::from(steps) + 1]).split(gauges);
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
    for (step, row) in state.template.steps.iter().zip(rows.iter().skip(1)) {
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
            format!("Meetings, 12 weeks: {total}"),
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
            match pair.my_role {
                Role::Mentor => "Feedback to you, the mentor".to_owned(),
                Role::Mentee => format!("Your feedback to {}", text::one_line(&pair.mentor_name)),
            },
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
    let opened: Vec<u64> = detail
        .checkins
        .iter()
        .filter_map(|c| c.text().map(|t| u64::from(t.trust)))
        .collect();
    let locked = detail.checkins.iter().filter(|c| c.is_locked()).count();
    let label = Span::styled("Trust ", theme.title);
    if detail.checkin_count == 0 {
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                label,
                Span::styled("no check-ins yet · c checks in, privately", theme.dim),
            ])),
            area,
        );
        return;
    }
    if opened.is_empty() {
        let what = if locked > 0 {
            "locked · U unlocks"
        } else {
            "cannot be opened"
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                label,
                Span::styled(
                    format!(
                        "{}, {what}",
                        Kind::Checkin.noun().count(detail.checkin_count)
                    ),
                    theme.dim,
                ),
            ])),
            area,
        );
        return;
    }
    let latest = opened.last().copied().unwrap_or(0);
    let head = format!("Trust {latest}/5 ");
    let head_w = head.chars().count() as u16;
    let spark_w = (opened.len() as u16).min(area.width.saturating_sub(head_w) / 2);
    let since = detail
        .checkins
        .last()
        .map(|c| (state.today - state.clock.local(c.checked_at).date()).num_days());
    let mut tail = format!(" {}", Kind::Checkin.noun().count(detail.checkin_count));
    match since {
        Some(0) => tail.push_str(", latest today"),
        Some(1) => tail.push_str(", latest yesterday"),
        Some(d) => tail.push_str(&format!(", latest {d} days ago")),
        None => {}
    }
    let [head_area, spark_area, tail_area] = Layout::horizontal([
        Constraint::Length(head_w),
        Constraint::Length(spark_w),
        Constraint::Min(0),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(Span::styled(head, theme.title)), head_area);
    let skip = opened.len().saturating_sub(usize::from(spark_w));
    frame.render_widget(
        Sparkline::default()
            .data(opened[skip..].iter().copied())
            .max(5)
            .style(theme.title),
        spark_area,
    );
    frame.render_widget(Paragraph::new(Span::styled(tail, theme.dim)), tail_area);
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
    let rows = Layout::vertical(vec![Constraint::Length(1); goals.len() + 1]).split(area);
    frame.render_widget(Paragraph::new(heading), rows[0]);
    let focused = state.focus == crate::app::Focus::Tab;
    let label_w = (usize::from(area.width) * 3 / 5).saturating_sub(8).min(40);
    let wide = area.width >= 70;
    for (i, (goal, row)) in goals.iter().zip(rows.iter().skip(1)).enumerate() {
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
