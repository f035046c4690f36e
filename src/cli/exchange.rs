//! `candor search`, `export`, `import`, `backup`, `restore` and `doctor`.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{find, output};
use crate::config::Config;
use crate::export;
use crate::paths;
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

pub(super) fn export(
    store: &Store,
    config: &Config,
    pair: Option<&str>,
    format: &str,
    include_private: bool,
    to: Option<&Path>,
    out: &mut dyn Write,
) -> Result<()> {
    let markdown = match format.trim().to_ascii_lowercase().as_str() {
        "md" | "markdown" => true,
        "json" => false,
        other => bail!("'{other}' is not an export format; use md or json"),
    };
    let only = pair.map(|p| find(store, p)).transpose()?;
    let bundles = store.bundles(only.as_ref().map(|p| p.id), include_private)?;
    let tombstones = store.tombstones(only.as_ref().map(|p| p.uid.as_str()))?;
    let doc = export::document(&bundles, &tombstones, store.clock().now(), include_private);
    let text = if markdown {
        let template = Template::load(config.config_dir.as_deref())?;
        let titles: Vec<(u8, String)> = template
            .steps
            .iter()
            .map(|s| (s.number, s.title.clone()))
            .collect();
        export::markdown(&doc, store.clock(), &titles)
    } else {
        let mut json = serde_json::to_string_pretty(&doc).context("cannot write the JSON")?;
        json.push('\n');
        json
    };
    let c = export::contents(&doc);
    let held_back = if include_private {
        String::new()
    } else {
        held_back(store, &bundles)?
    };
    match to {
        Some(path) => {
            write_private(path, text.as_bytes())?;
            writeln!(
                out,
                "Wrote {}: {} pairs, {} meetings, {} feedback, {} action items, {} shared notes{}{held_back}.",
                path.display(),
                c.pairs,
                c.meetings,
                c.feedback,
                c.actions,
                c.shared_notes,
                if c.private_notes > 0 {
                    format!(", {} PRIVATE notes", c.private_notes)
                } else {
                    String::new()
                },
            )?;
        }
        None => {
            let text = if markdown {
                text
            } else {
                output::escape_for_terminal(&text).into_owned()
            };
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// "; held back: 2 private notes", or nothing.
fn held_back(store: &Store, bundles: &[crate::store::PairBundle]) -> Result<String> {
    let mut private = 0;
    for b in bundles {
        let page = crate::store::Page::first(1000);
        private += store
            .notes(b.pair.id, true, &page)?
            .iter()
            .filter(|n| n.private)
            .count();
    }
    Ok(if private > 0 {
        format!("; held back: {private} private notes")
    } else {
        String::new()
    })
}

/// Writes `bytes` to `path` as a 0600 file, replacing it whole or not at all.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    paths::create_private_dirs(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4()));
    let written = (|| -> std::io::Result<()> {
        let mut file = paths::create_private_file(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
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
        anyhow::anyhow!(
            "{name} is not a candor export: it is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
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
