//! `candor delete`: one entry, by its id, after a confirmation at a
//! terminal; and `candor undo`, which brings back the deletion made last.

use std::io::Write;

use anyhow::{Result, bail};

use super::input::find;
use super::values::EntryArg;
use crate::store::Store;
use crate::text;

pub(super) fn delete(
    store: &mut Store,
    spec: &str,
    kind: EntryArg,
    id: i64,
    yes: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let kind = kind.kind();
    let pair = find(store, spec)?;
    let whose = format!(
        "{} & {}",
        text::one_line(&pair.mentor_name),
        text::one_line(&pair.mentee_name)
    );
    store.check_entry(pair.id, kind, id)?;
    if !yes {
        let answer = super::pairs::ask(&format!(
            "Delete {kind} {id} of {whose}? `candor undo` brings it back. [y/N] "
        ))?;
        if !matches!(answer.to_lowercase().as_str(), "y" | "yes") {
            bail!("{kind} {id} was not deleted");
        }
    }
    store.delete_entry(pair.id, kind, id)?;
    writeln!(out, "Deleted {kind} {id}.")?;
    Ok(())
}

pub(super) fn undo(store: &mut Store, out: &mut dyn Write) -> Result<()> {
    let Some(undone) = store.undo_deletion()? else {
        bail!("nothing to undo: no deletion is kept in this journal");
    };
    let pair = store.pair(undone.pair_id)?;
    writeln!(
        out,
        "Restored {} {} of {} & {}.",
        undone.kind,
        undone.id,
        text::one_line(&pair.mentor_name),
        text::one_line(&pair.mentee_name)
    )?;
    Ok(())
}
