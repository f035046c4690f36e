//! `candor delete`: one entry, by its id.

use std::io::Write;

use anyhow::Result;

use super::input::{find, kind};
use crate::store::Store;

pub(super) fn delete(
    store: &mut Store,
    spec: &str,
    word: &str,
    id: i64,
    out: &mut dyn Write,
) -> Result<()> {
    let kind = kind(word)?;
    let pair = find(store, spec)?;
    store.delete_entry(pair.id, kind, id)?;
    writeln!(out, "Deleted {kind} {id}.")?;
    Ok(())
}
