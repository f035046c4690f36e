//! `candor backup` and `candor restore`.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};

use crate::store::Store;
use crate::text;

pub(super) fn backup(store: &Store, file: &Path, out: &mut dyn Write) -> Result<()> {
    if file.exists() {
        bail!(
            "{} exists already; choose a new file for the backup",
            text::path(file)
        );
    }
    store.backup(file)?;
    writeln!(
        out,
        "Backed up the journal to {} (checked).",
        text::path(file)
    )?;
    Ok(())
}

pub(super) fn restore(store: &mut Store, file: &Path, out: &mut dyn Write) -> Result<()> {
    let saved = store.restore(file)?;
    writeln!(
        out,
        "Restored the journal from {}; the journal as it was is kept in {}.",
        text::path(file),
        text::path(&saved)
    )?;
    Ok(())
}
