//! `candor delete`: one entry, by its id.

use std::io::Write;

use anyhow::Result;

use super::input::find;
use super::values::EntryArg;
use crate::store::Store;

pub(super) fn delete(
    store: &mut Store,
    spec: &str,
    kind: EntryArg,
    id: i64,
    out: &mut dyn Write,
) -> Result<()> {
    let kind = kind.kind();
    let pair = find(store, spec)?;
    store.delete_entry(pair.id, kind, id)?;
    writeln!(out, "Deleted {kind} {id}.")?;
    Ok(())
}
