//! `candor export` and `candor import`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::input::find;
use crate::config::Config;
use crate::domain::Pair;
use crate::export::{self, report};
use crate::store::{PairBundle, Store};
use crate::template::Template;
use crate::text;

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
    format: export::Format,
    include_private: bool,
    to: Option<Destination<'_>>,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(to) = to {
        export::check_destination(to.path, store.path(), &[], to.force)?;
    }
    let to = to.map(|t| t.path);
    let only = pair.map(|p| find(store, p)).transpose()?;
    let mut doc = export::build(store, only.as_ref(), include_private)?;
    if format == export::Format::Json {
        export::name_journal(store, &mut doc)?;
    }
    let template = Template::load(config.config_dir.as_deref())?;
    let text = export::render(&doc, format, store.clock(), &template);
    let Some(path) = to else {
        out.write_all(text.as_bytes())?;
        return Ok(());
    };
    export::write_private(path, text.as_bytes())
        .with_context(|| format!("cannot write {}", text::path(path)))?;
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
        text::path(&shown),
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
    // The file's name as it may be shown.
    let name = text::path(file);
    let incoming = export::open(file, store.clock().now())?;
    let origin = incoming.origin(store.journal_uid()?.as_deref());
    let links = links(store, &incoming.bundles, link, &name)?;
    if dry_run {
        let plan = incoming.merge(store, &links, |_| false)?.0;
        writeln!(
            out,
            "Dry run of {name} ({}): nothing was written.",
            origin.describe()
        )?;
        let lines = report::would(&plan).into_iter().chain(report::notices(
            &plan,
            origin,
            true,
            REMOVE_PAIR,
        ));
        for line in lines {
            writeln!(out, "{line}")?;
        }
        return Ok(());
    }
    // Whatever would be replaced or removed is copied aside first.
    let (merged, saved) = incoming.import(store, &links)?;
    let kept = saved
        .map(|p| format!("; the journal as it was is kept in {}", text::path(&p)))
        .unwrap_or_default();
    writeln!(
        out,
        "Imported {name} ({}): {} added, {} updated, {} unchanged, {} removed by deletions{kept}.",
        origin.describe(),
        text::grouped(merged.added),
        text::grouped(merged.updated),
        text::grouped(merged.unchanged),
        text::grouped(merged.deleted)
    )?;
    for line in report::notices(&merged, origin, false, REMOVE_PAIR) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// How a pair of this journal is removed, as the import notices say it.
const REMOVE_PAIR: &str = "`candor pair delete`";
