//! `candor doctor`.

use std::io::Write;

use anyhow::{Result, bail};

use crate::store::Store;
use crate::text;

pub(super) fn doctor(store: &Store, out: &mut dyn Write) -> Result<()> {
    let checks = store.doctor()?;
    for c in &checks {
        writeln!(
            out,
            "{:<4} {:<18} {}",
            if c.ok { "ok" } else { "FAIL" },
            c.name,
            text::one_line(&c.detail)
        )?;
    }
    let failed = checks.iter().filter(|c| !c.ok).count();
    if failed > 0 {
        bail!("{failed} of {} checks failed", checks.len());
    }
    Ok(())
}
