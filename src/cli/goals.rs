//! `candor goal add|progress`, and listing goals with their progress.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::input::{find, owned_by};
use super::output::{self, local};
use crate::domain::{self, Goal, GoalProgress, Kind, Pair};
use crate::store::{NewGoal, Store};
use crate::text;

pub(super) fn goal_add(
    store: &mut Store,
    spec: &str,
    text: &str,
    criteria: Option<String>,
    due: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let due_on = due.map(domain::parse_date).transpose()?;
    let pair = find(store, spec)?;
    let g = store.add_goal(
        pair.id,
        &NewGoal {
            text: text.to_owned(),
            criteria: criteria.unwrap_or_default(),
            due_on,
        },
    )?;
    let due = g.due_on.map_or(String::new(), |d| format!(", due {d}"));
    writeln!(
        out,
        "Added goal {} to {}{due}.",
        g.id,
        text::one_line(pair.partner_name())
    )?;
    Ok(())
}

pub(super) fn goal_progress(
    store: &mut Store,
    spec: &str,
    id: i64,
    percent: &str,
    comment: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let percent = domain::parse_percent(percent)?;
    let pair = find(store, spec)?;
    let goal = store.goal(id)?;
    owned_by(&pair, Kind::Goal, goal.pair_id, id)?;
    let before = goal.progress;
    let g = store.add_goal_progress(id, percent, comment)?;
    let reached = if g.is_done() { " — reached" } else { "" };
    writeln!(
        out,
        "Goal {id}: {before}% → {}%{reached}: {}",
        g.progress,
        text::one_line(&g.text)
    )?;
    Ok(())
}

/// A goal as `list --json` prints it: its fields and its progress history.
#[derive(Serialize)]
struct GoalWithHistory {
    #[serde(flatten)]
    goal: Goal,
    history: Vec<GoalProgress>,
}

/// A bar of `width` cells, `percent` full, in symbols that read without colour.
fn bar(percent: u8, width: usize) -> String {
    let full = (usize::from(percent) * width + 50) / 100;
    format!(
        "{}{}",
        "#".repeat(full),
        "-".repeat(width - full.min(width))
    )
}

pub(super) fn list_goals(
    store: &Store,
    pair: &Pair,
    limit: Option<usize>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let fetch = |p: &crate::store::Page| -> Result<Vec<GoalWithHistory>> {
        store
            .goals_open_first(pair.id, p)?
            .into_iter()
            .map(|goal| {
                let history = store.goal_history(goal.id)?;
                Ok(GoalWithHistory { goal, history })
            })
            .collect()
    };
    if json {
        return output::json_pages(out, limit, fetch, |g| g.goal.open_first_cursor());
    }
    let today = store.clock().today();
    let mut empty = true;
    output::each_page(
        limit,
        fetch,
        |g| g.goal.open_first_cursor(),
        |g| {
            empty = false;
            let goal = &g.goal;
            let due = goal.due_on.map_or(String::new(), |d| {
                format!(" · due {}", store.clock().show_date(d))
            });
            let state = if goal.is_done() {
                " · reached"
            } else if goal.is_overdue(today) {
                " · late"
            } else {
                ""
            };
            writeln!(
                out,
                "#{}  [{}] {:>3}%  {}{due}{state}",
                goal.id,
                bar(goal.progress, 10),
                goal.progress,
                text::one_line(&goal.text)
            )?;
            output::field(out, "criteria", &goal.criteria)?;
            for p in &g.history {
                let comment = if p.comment.is_empty() {
                    String::new()
                } else {
                    format!("  {}", text::one_line(&p.comment))
                };
                writeln!(
                    out,
                    "    {}  {:>3}%{comment}",
                    local(store, p.noted_at),
                    p.percent
                )?;
            }
            Ok(())
        },
    )?;
    if empty {
        writeln!(out, "No {} yet.", Kind::Goal.noun().many())?;
    }
    Ok(())
}
