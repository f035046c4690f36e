//! `candor meeting add`: a meeting, and an action item for each line of
//! its next steps, stored together or not at all.

use std::io::Write;

use anyhow::Result;

use super::input::{find, text_or_stdin, when};
use super::output::local;
use crate::domain::{Owner, PlannedStep};
use crate::store::{NewAction, NewMeeting, Store};
use crate::text;

#[allow(clippy::too_many_arguments)]
pub(super) fn meeting_add(
    store: &mut Store,
    spec: &str,
    at: Option<String>,
    agenda: Option<String>,
    next_steps: Option<String>,
    owner: Option<Owner>,
    text: Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let meeting = NewMeeting {
        held_at: when(store, at.as_deref())?,
        agenda: agenda.unwrap_or_default(),
        notes: text.map(text_or_stdin).transpose()?.unwrap_or_default(),
        next_steps: next_steps.unwrap_or_default(),
    };
    let steps = store.next_step_actions(pair.id, &meeting, owner.unwrap_or(Owner::Both), "")?;
    let actions: Vec<NewAction> = steps.iter().map(NewAction::from).collect();
    let saved = store.save_meeting(pair.id, None, &meeting, &actions)?;
    let m = &saved.meeting;
    let planned = if m.held_at > store.clock().now() {
        "Planned"
    } else {
        "Logged"
    };
    writeln!(
        out,
        "{planned} meeting {} on {}.",
        m.id,
        local(store, m.held_at)
    )?;
    for (item, step) in saved.actions.iter().zip(&steps) {
        writeln!(out, "{}", added(item.id, step))?;
    }
    Ok(())
}

/// `Added action item 7 for the mentee, due 2026-12-04: send the log`,
/// with what was not read from the line said so.
fn added(id: i64, step: &PlannedStep) -> String {
    let whom = match step.owner {
        Owner::Mentor => "the mentor",
        Owner::Mentee => "the mentee",
        Owner::Both => "both of you",
    };
    let whom_read = if step.owner_read {
        ""
    } else {
        " (no owner read)"
    };
    let due = match (step.due, step.due_read) {
        (Some(d), true) => format!(", due {d}"),
        (Some(d), false) => format!(", due {d} (default)"),
        (None, _) => ", no due date".to_owned(),
    };
    format!(
        "Added action item {id} for {whom}{whom_read}{due}: {}",
        text::one_line(&step.text)
    )
}
