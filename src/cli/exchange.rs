//! `candor search`, `export`, `import`, `backup`, `restore` and `doctor`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{find, output};
use crate::config::Config;
use crate::domain::Pair;
use crate::export;
use crate::store::{KindCounts, MergeReport, PairBundle, RowKind, SearchFilter, Store};
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
    let mut doc = export::build(store, only.as_ref(), include_private)?;
    if format == export::Format::Json {
        export::name_journal(store, &mut doc)?;
    }
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

/// What to do with a pair of the file that is not linked here yet while a
/// pair of this journal has the same two people.
#[derive(Debug)]
pub(super) enum Link {
    /// `--into PAIR`: it is that pair.
    Into(Pair),
    /// `--as-new`: keep it apart.
    AsNew,
    /// Ask at a terminal; without one, refuse and name both options.
    Ask,
}

/// The links an import makes (file pair uid → pair here), decided before
/// anything is written.
fn links(
    store: &Store,
    bundles: &[PairBundle],
    link: Link,
    file: &str,
) -> Result<Vec<(String, i64)>> {
    match link {
        Link::AsNew => Ok(Vec::new()),
        Link::Into(here) => {
            let new = store.unlinked(bundles)?;
            let [b] = new.as_slice() else {
                bail!(
                    "{file} holds {} pairs not linked to this journal yet; --into takes a file with one — export that pair alone",
                    new.len()
                );
            };
            refuse_swapped_names(b, &here, file)?;
            Ok(vec![(b.pair.uid.clone(), here.id)])
        }
        Link::Ask => {
            let mut links = Vec::new();
            for (b, here) in store.unlinked_look_alikes(bundles)? {
                let whose = format!(
                    "{} & {}",
                    text::one_line(&b.pair.mentor_name),
                    text::one_line(&b.pair.mentee_name)
                );
                if !super::secrets::have_terminal() {
                    bail!(
                        "{file}'s pair {whose} is not linked to this journal yet, and your pair {} has the same two people: give --into {} to merge it there, or --as-new to keep it apart; nothing was imported",
                        here.id,
                        here.id
                    );
                }
                let answer = super::secrets::ask_line(&format!(
                    "{file}'s pair {whose} is not linked to this journal yet; your pair {} has the same two people.\nMerge it into pair {} [m], import it as a new pair [n], or cancel [c]? ",
                    here.id, here.id
                ))?;
                match answer.trim().to_ascii_lowercase().as_str() {
                    "m" | "merge" => {
                        refuse_swapped_names(b, &here, file)?;
                        links.push((b.pair.uid.clone(), here.id));
                    }
                    "n" | "new" => {}
                    _ => bail!("nothing was imported"),
                }
            }
            Ok(links)
        }
    }
}

/// A partner's export is written from the other role: one written from
/// the role you hold in `here` would swap the two names.
fn refuse_swapped_names(b: &PairBundle, here: &Pair, file: &str) -> Result<()> {
    if crate::store::would_swap_names(b, here) {
        bail!(
            "{file} was written by the {} of its pair, and you are the {} of pair {} too: merging it there would swap the two names; nothing was imported",
            b.pair.my_role,
            here.my_role,
            here.id
        );
    }
    Ok(())
}

pub(super) fn import(
    store: &mut Store,
    file: &Path,
    dry_run: bool,
    link: Link,
    out: &mut dyn Write,
) -> Result<()> {
    let name = file.display().to_string();
    let json = export::read(file)?;
    let incoming = export::parse(&json, &name, store.clock().now())?;
    drop(json);
    let origin = incoming.origin(store.journal_uid()?.as_deref());
    // The file's name as it may be shown.
    let name = text::one_line(&name);
    let (bundles, tombstones) = (&incoming.bundles, &incoming.tombstones);
    let links = links(store, bundles, link, &name)?;
    if dry_run {
        let plan = store
            .merge_linked_if(bundles, tombstones, &links, |_| false)?
            .0;
        writeln!(
            out,
            "Dry run of {name} ({}): nothing was written.",
            origin.describe()
        )?;
        for (what, line) in [
            ("add", kinds(&plan, |k| k.added)),
            ("update", kinds(&plan, |k| k.updated)),
            ("remove", kinds(&plan, |k| k.removed)),
        ] {
            match line {
                Some(line) => writeln!(out, "Would {what}: {line}.")?,
                None => writeln!(out, "Would {what} nothing.")?,
            }
        }
        notices(&plan, origin, true, out)?;
        return Ok(());
    }
    // Whatever would be replaced or removed is copied aside first.
    let mut saved = None;
    let (mut report, committed) =
        store.merge_linked_if(bundles, tombstones, &links, |r| !r.rewrites())?;
    if !committed {
        saved = store.backup_before_import()?;
        report = store
            .merge_linked_if(bundles, tombstones, &links, |_| true)?
            .0;
    }
    let kept = saved
        .map(|p| format!("; the journal as it was is kept in {}", p.display()))
        .unwrap_or_default();
    writeln!(
        out,
        "Imported {name} ({}): {} added, {} updated, {} unchanged, {} removed by deletions{kept}.",
        origin.describe(),
        report.added,
        report.updated,
        report.unchanged,
        report.deleted
    )?;
    notices(&report, origin, false, out)?;
    Ok(())
}

/// "1 pair, 3 notes" for the kinds where `count` is not zero.
fn kinds(report: &MergeReport, count: impl Fn(&KindCounts) -> usize) -> Option<String> {
    let parts: Vec<String> = RowKind::ALL
        .into_iter()
        .filter_map(|k| {
            let n = count(&report.of(k));
            (n > 0).then(|| k.count(n))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// What an import left alone although the file asked: pairs, private
/// entries, entries outside what the file carries.
fn notices(
    report: &MergeReport,
    origin: export::Origin,
    dry_run: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let kept = if dry_run { "would be kept" } else { "is kept" };
    for p in &report.kept_pairs {
        let pair = format!(
            "{} mentoring {}",
            text::one_line(&p.mentor_name),
            text::one_line(&p.mentee_name)
        );
        match origin {
            export::Origin::ThisJournal => writeln!(
                out,
                "This journal's export says your pair {pair} was removed; it {kept} (`candor pair delete` removes it)."
            )?,
            _ => writeln!(
                out,
                "{} removed your pair {pair} on their side; yours {kept}.",
                text::one_line(p.partner())
            )?,
        }
    }
    let keep = if dry_run { "Would keep" } else { "Kept" };
    let entries = |n: usize| if n == 1 { "entry" } else { "entries" };
    if report.kept_private > 0 {
        writeln!(
            out,
            "{keep} {} private {} (notes or check-ins) that the file asks to remove: private entries never travel, so no other journal's deletion reaches them.",
            report.kept_private,
            entries(report.kept_private),
        )?;
    }
    if report.kept_outside > 0 {
        writeln!(
            out,
            "{keep} {} {} that the file asks to remove without the right to: of a pair it does not carry, or of another kind than it names.",
            report.kept_outside,
            entries(report.kept_outside),
        )?;
    }
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
