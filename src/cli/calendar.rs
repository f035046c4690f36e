//! `candor calendar`: an iCalendar file of planned meetings and open
//! action items with a due date, for a calendar program to import.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use super::exchange::Destination;
use super::input::find;
use crate::domain::Kind;
use crate::export;
use crate::store::Store;
use crate::text;

pub(super) fn calendar(
    store: &Store,
    pair: Option<&str>,
    to: Option<Destination<'_>>,
    out: &mut dyn Write,
) -> Result<()> {
    // The destination is checked before anything is read: never the journal.
    if let Some(to) = to {
        export::check_destination(to.path, store.path(), &[], to.force)?;
    }
    let only = pair.map(|p| find(store, p)).transpose()?.map(|p| p.id);
    let pairs = store.pairs()?;
    let meetings = store.planned_meetings(only, None)?;
    let actions = store.open_actions_due(only, None, None)?;
    let ics = export::calendar(export::CalendarEntries {
        pairs: &pairs,
        meetings: &meetings,
        actions: &actions,
    });
    let Some(to) = to else {
        out.write_all(ics.as_bytes())?;
        return Ok(());
    };
    write_file(to.path, &ics)?;
    let shown = export::canonical(to.path).unwrap_or_else(|| to.path.to_owned());
    writeln!(
        out,
        "Wrote {}: {} and {}.",
        text::path(&shown),
        Kind::Meeting.noun().count(meetings.len()),
        Kind::Action.noun().count(actions.len()),
    )?;
    Ok(())
}

fn write_file(path: &Path, ics: &str) -> Result<()> {
    export::write_private(path, ics.as_bytes())
        .with_context(|| format!("cannot write {}", text::path(path)))
}
