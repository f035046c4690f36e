//! `candor search`, `export`, `import`, `backup`, `restore` and `doctor`.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{find, output};
use crate::config::Config;
use crate::export;
use crate::store::{SearchFilter, Store};
use crate::template::Template;
use crate::text;

pub(super) fn search(
    store: &Store,
    query: &str,
    pair: Option<&str>,
    kind: Option<String>,
    private: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let pair_id = pair.map(|p| find(store, p)).transpose()?.map(|p| p.id);
    let filter = SearchFilter {
        pair_id,
        kind,
        include_private: private,
        limit: 200,
    };
    let hits = store.search(query, &filter)?;
    if json {
        return output::json(out, &hits);
    }
    if hits.is_empty() {
        writeln!(out, "Nothing matches '{}'.", text::one_line(query))?;
    }
    let clock = store.clock();
    for h in hits {
        writeln!(
            out,
            "{} #{}  {}  {}\n    {}",
            h.kind,
            h.id,
            clock.local(h.date).format("%Y-%m-%d"),
            text::one_line(&h.pair),
            h.snippet
        )?;
    }
    Ok(())
}

/// Where `export -o` writes, and whether it may replace an existing file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Destination<'a> {
    pub(super) path: &'a Path,
    pub(super) force: bool,
}

pub(super) fn export(
    store: &Store,
    config: &Config,
    pair: Option<&str>,
    format: &str,
    include_private: bool,
    to: Option<Destination<'_>>,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(to) = to {
        export::check_destination(to.path, store.path(), &[], to.force)?;
    }
    let to = to.map(|t| t.path);
    let format = match format.trim().to_ascii_lowercase().as_str() {
        "md" | "markdown" => export::Format::Markdown,
        "json" => export::Format::Json,
        other => bail!("'{other}' is not an export format; use md or json"),
    };
    let only = pair.map(|p| find(store, p)).transpose()?;
    let doc = export::build(store, only.as_ref(), include_private)?;
    let template = Template::load(config.config_dir.as_deref())?;
    let text = export::render(&doc, format, store.clock(), &template);
    let Some(path) = to else {
        let text = match format {
            export::Format::Json => output::escape_for_terminal(&text).into_owned(),
            export::Format::Markdown => text,
        };
        out.write_all(text.as_bytes())?;
        return Ok(());
    };
    export::write_private(path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    let c = export::contents(&doc);
    let held = if include_private {
        export::HeldBack::default()
    } else {
        export::held_back(store, only.as_ref())?
    };
    let shown = export::canonical(path).unwrap_or_else(|| path.to_owned());
    writeln!(
        out,
        "Wrote {}: {}.",
        shown.display(),
        export::summary(&c, held)
    )?;
    Ok(())
}

/// The largest export `import` reads (1 GiB).
const MAX_IMPORT_BYTES: u64 = 1 << 30;

pub(super) fn import(store: &mut Store, file: &Path, out: &mut dyn Write) -> Result<()> {
    let name = file.display().to_string();
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .with_context(|| format!("cannot open {name}"))?
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        bail!("{name} is larger than 1 GiB; that is not a candor export");
    }
    let json = String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..bad];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = bad
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        anyhow::anyhow!(
            "{name} is not a candor export: it is not UTF-8 text at line {line}, column {column}"
        )
    })?;

    let (bundles, tombstones) = export::parse(&json, &name)?;
    let r = store.merge(&bundles, &tombstones)?;
    writeln!(
        out,
        "Imported {name}: {} added, {} updated, {} unchanged, {} removed by deletions.",
        r.added, r.updated, r.unchanged, r.deleted
    )?;
    Ok(())
}

pub(super) fn backup(store: &Store, file: &Path, out: &mut dyn Write) -> Result<()> {
    if file.exists() {
        bail!(
            "{} exists already; choose a new file for the backup",
            file.display()
        );
    }
    store.backup(file)?;
    writeln!(
        out,
        "Backed up the journal to {} (checked).",
        file.display()
    )?;
    Ok(())
}

pub(super) fn restore(store: &mut Store, file: &Path, out: &mut dyn Write) -> Result<()> {
    let saved = store.restore(file)?;
    writeln!(
        out,
        "Restored the journal from {}; the journal as it was is kept in {}.",
        file.display(),
        saved.display()
    )?;
    Ok(())
}

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
