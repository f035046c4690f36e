//! `candor sync DIR`: syncing through a folder, said in a few lines — the
//! sync code once, what was written and read, and each file skipped.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};
use zeroize::Zeroizing;

use crate::config::Config;
use crate::store::Store;
use crate::sync::{self as engine, Ask};
use crate::text;

/// What `candor sync` was given.
pub(super) struct SyncArgs<'a> {
    pub(super) dir: &'a Path,
    pub(super) join: bool,
    /// `--pair`: the pair shared with a partner through the folder.
    pub(super) pair: Option<crate::domain::Pair>,
    pub(super) forget: Option<&'a str>,
    pub(super) name: Option<&'a str>,
}

pub(super) fn sync(
    store: &mut Store,
    config: &Config,
    args: SyncArgs<'_>,
    out: &mut dyn Write,
) -> Result<()> {
    // The code is asked only to join a folder this journal is not in yet.
    let code: Option<Zeroizing<String>> = if args.join && !engine::joined(store, args.dir)? {
        if !engine::has_marker(args.dir) {
            None
        } else if let Some(code) = &config.sync_code {
            Some(code.clone())
        } else if super::secrets::have_terminal() {
            Some(Zeroizing::new(rpassword::prompt_password("Sync code: ")?))
        } else {
            bail!(
                "joining a sync folder needs its sync code and there is no terminal to ask on; set CANDOR_SYNC_CODE"
            );
        }
    } else {
        None
    };
    // Without a marker, --join is said to need the first journal's sync.
    let join = match (&code, args.join) {
        (Some(code), _) => Some(code.as_str()),
        (None, true) if !engine::joined(store, args.dir)? => Some(""),
        _ => None,
    };
    let round = engine::sync(
        store,
        args.dir,
        &Ask {
            join,
            forget: args.forget,
            device_name: args.name,
            pair: args.pair.as_ref().map(|p| p.id),
        },
    )?;
    let folder = text::path(&round.folder);
    if let Some(code) = &round.new_code {
        writeln!(out, "Sync code: {}", code.as_str())?;
        writeln!(
            out,
            "Keep it somewhere safe: it is shown only this once. Another journal joins with `candor sync {folder} --join` and this code."
        )?;
    }
    if let Some(name) = &round.forgot {
        writeln!(
            out,
            "This journal no longer reads {name}'s files in {folder}; the others stop when they next sync."
        )?;
    }
    let wrote = match &round.wrote {
        Some((file, pairs, deletions)) => {
            format!(
                "wrote {file} ({}, {})",
                counted(*pairs, "pair"),
                counted(*deletions, "deletion")
            )
        }
        None => "nothing new here to write".into(),
    };
    let (added, updated, deleted) = round.total();
    let read = match round.devices.len() {
        0 => "no other device yet".to_owned(),
        n => format!(
            "read {} from {} ({}): {added} added, {updated} updated, {deleted} removed by deletions",
            counted(round.applied.len(), "file"),
            counted(n, "other device"),
            round.devices.join(", ")
        ),
    };
    let with = round
        .partner
        .as_ref()
        .map(|p| format!(" (your pair with {p}, shared with them)"))
        .unwrap_or_default();
    writeln!(
        out,
        "Synced {folder}{with} as {}: {wrote}; {read}.",
        round.device
    )?;
    if let Some(Some(copy)) = &round.copy {
        writeln!(
            out,
            "The journal as it was before today's first sync is kept in {}.",
            text::path(copy)
        )?;
    }
    if let Some(device) = &round.key_from {
        writeln!(
            out,
            "This journal had no passphrase: it now opens with {device}'s (and its recovery code), and its private notes are sealed under it."
        )?;
    }
    if store.has_private_notes(None)? {
        let line = match (&round.partner, store.has_passphrase()?) {
            (Some(_), _) => "Private notes and check-ins are never shared with a partner.",
            (None, true) => {
                "Private notes and check-ins travel sealed, opened on another device by this journal's passphrase."
            }
            (None, false) => {
                "Private notes and check-ins stay on this device: it has no passphrase (`candor passphrase set` seals them, and then they travel sealed)."
            }
        };
        writeln!(out, "{line}")?;
    }
    for line in &round.skipped {
        eprintln!("candor: {line}");
    }
    Ok(())
}

/// `n` and the word, plural unless one: "1 file", "2 files".
fn counted(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
