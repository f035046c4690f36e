//! The Overview tab: what the pair is about and how far the first meeting got.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use crate::app::State;
use crate::domain::Role;
use crate::text;

const BAR_WIDTH: usize = 12;

/// Draws the tab into `area`.
pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(pair) = state.pair() else { return };
    let detail = &state.detail;
    let mut lines = Vec::new();
    if !pair.focus.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Focus  ", theme.dim),
            Span::raw(text::one_line(&pair.focus)),
        ]));
    }
    let since = (state.today - pair.started_on).num_days();
    lines.push(Line::from(vec![
        Span::styled("Since  ", theme.dim),
        Span::raw(format!("{} ({since} days)", pair.started_on)),
    ]));
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!(
            "First meeting  {}/{}",
            pair.checklist_done, pair.checklist_total
        ),
        theme.title,
    ));
    for step in &state.template.steps {
        let items: Vec<_> = detail
            .checklist
            .iter()
            .filter(|i| i.step == step.number)
            .collect();
        let done = items.iter().filter(|i| i.done).count();
        let filled = (done * BAR_WIDTH).checked_div(items.len()).unwrap_or(0);
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR_WIDTH - filled));
        let style = if done == items.len() {
            theme.done
        } else {
            theme.dim
        };
        lines.push(Line::from(vec![
            Span::raw(format!(
                "  {} {} ",
                step.number,
                super::pad(&text::one_line(&step.title), 24)
            )),
            Span::styled(bar, style),
            Span::raw(format!(" {done}/{}", items.len())),
        ]));
    }
    lines.push(Line::from(""));
    let count = |side: Role| detail.strengths.iter().filter(|s| s.whose == side).count();
    let partner = text::one_line(pair.partner_name());
    lines.push(Line::from(format!(
        "Strengths named: {} of {partner}'s, {} of yours",
        count(pair.my_role.other()),
        count(pair.my_role)
    )));
    lines.push(Line::from(format!(
        "Challenges met with a similar experience: {}",
        detail.experiences.len()
    )));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
