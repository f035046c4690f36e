//! `candor meeting add`.

use std::io::Write;

use anyhow::Result;

use super::input::{find, text_or_stdin, when};
use super::output::local;
use crate::store::{NewMeeting, Store};

pub(super) fn meeting_add(
    store: &mut Store,
    spec: &str,
    at: Option<String>,
    agenda: Option<String>,
    next_steps: Option<String>,
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
    let m = store.add_meeting(pair.id, &meeting)?;
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
    Ok(())
}
