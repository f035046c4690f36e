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
    /// `--keep-passphrase mine|theirs`.
    pub(super) keep_passphrase: Option<&'a str>,
    /// `--new-code`.
    pub(super) new_code: bool,
}

pub(super) fn sync(
    store: &mut Store,
    config: &Config,
    args: SyncArgs<'_>,
    out: &mut dyn Write,
) -> Result<()> {
    // The code is asked only to join a folder this journal is not in yet.
    // (or one whose code was changed on another device since).
    let rejoin = engine::code_changed(store, args.dir)?;
    let code: Option<Zeroizing<String>> = if args.join
        && (rejoin || !engine::joined(store, args.dir)?)
    {
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
            new_code: args.new_code,
        },
    )?;
    let folder = text::path(&round.folder);
    if let Some(code) = &round.new_code {
        if args.new_code {
            writeln!(
                out,
                "The sync code of {folder} is changed: the old one opens nothing written from now on."
            )?;
        }
        writeln!(out, "Sync code: {}", code.as_str())?;
        let joins = match &args.pair {
            Some(pair) => format!(
                "{} joins, in their own journal, with `candor sync {folder} --join --pair PAIR` (their pair of this relationship)",
                text::one_line(pair.partner_name())
            ),
            None => format!("Another journal of yours joins with `candor sync {folder} --join`"),
        };
        writeln!(
            out,
            "Keep it somewhere safe: it is shown only this once. {joins} and this code."
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
    let [added, updated, deleted] = [added, updated, deleted].map(crate::text::grouped);
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
        if let Some(Some(copy)) = &round.copy {
            writeln!(
                out,
                "The copy {} still holds its private notes in clear: delete it once this sync is as you want.",
                text::path(copy)
            )?;
        }
    }
    // What happens to private text is said when it matters: when some was
    // written, and when a journal without a passphrase keeps it.
    let has_passphrase = store.has_passphrase()?;
    let worth_saying = round.new_code.is_some() || round.sealed_written > 0 || !has_passphrase;
    if worth_saying && store.has_private_notes(None)? {
        let line = match (&round.partner, has_passphrase) {
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
    if let Some((device, slots)) = &round.other_key {
        choose_passphrase(store, config, &args, device, slots, out)?;
    } else if args.keep_passphrase == Some("theirs")
        && let Some(slots) = store.left_out_key()?
    {
        // Kept before (`mine`); taken now after all.
        choose_passphrase(store, config, &args, "the other device", &slots, out)?;
    }
    Ok(())
}

/// Another device's private text is sealed under another passphrase: keep
/// this journal's, or take the other's (asked at a terminal, else
/// `--keep-passphrase`), then sync again to read what was left out.
fn choose_passphrase(
    store: &mut Store,
    config: &Config,
    args: &SyncArgs<'_>,
    device: &str,
    slots: &[crate::store::KeySlotDoc],
    out: &mut dyn Write,
) -> Result<()> {
    let folder = text::path(args.dir);
    let undecided = |out: &mut dyn Write| -> Result<()> {
        writeln!(
            out,
            "{device}'s private text stays out: `candor sync {folder} --keep-passphrase theirs` takes its passphrase instead of this journal's (`--keep-passphrase mine` keeps this one and says this no more)."
        )?;
        Ok(())
    };
    let choice = match args.keep_passphrase {
        Some(choice) => choice.to_owned(),
        None if super::secrets::have_terminal() => {
            let answer = super::secrets::ask_line(&format!(
                "This journal has a passphrase of its own, and {device}'s private text is sealed under another.\nKeep this journal's passphrase [m]ine ({device}'s private text stays out), or take {device}'s [t]heirs (this journal's private text is sealed again under it, and it opens with {device}'s passphrase from now on)? "
            ))?;
            // Only an answer chooses: anything else (Enter, a typo) leaves
            // it to be asked at the next sync.
            match answer.trim().to_ascii_lowercase().as_str() {
                "t" | "theirs" => "theirs".into(),
                "m" | "mine" => "mine".into(),
                _ => return undecided(out),
            }
        }
        None => return undecided(out),
    };
    if choice == "mine" {
        store.keep_own_key(slots)?;
        writeln!(
            out,
            "This journal keeps its passphrase; {device}'s private text stays out until {device} takes this one (`candor sync {folder} --keep-passphrase theirs` there)."
        )?;
        return Ok(());
    }
    let ask = |var: &Option<Zeroizing<String>>, prompt: &str| -> Result<Zeroizing<String>> {
        match var {
            Some(p) => Ok(p.clone()),
            None if super::secrets::have_terminal() => {
                Ok(Zeroizing::new(rpassword::prompt_password(prompt)?))
            }
            None => bail!(
                "taking {device}'s passphrase needs this journal's and {device}'s; set CANDOR_PASSPHRASE and CANDOR_NEW_PASSPHRASE — nothing was changed"
            ),
        }
    };
    let ours = ask(&config.passphrase, "This journal's passphrase: ")?;
    // This journal's own is checked before the other is asked.
    store
        .unlock_material(crate::store::Opener::Passphrase)?
        .open(&ours)?;
    let theirs = ask(&config.new_passphrase, &format!("{device}'s passphrase: "))?;
    store.take_key_of(slots, &ours, &theirs)?;
    writeln!(
        out,
        "This journal now opens with {device}'s passphrase and recovery code; its private text is sealed again under that key."
    )?;
    let again = engine::sync(store, args.dir, &Ask::default())?;
    let (added, updated, deleted) = again.total();
    let [added, updated, deleted] = [added, updated, deleted].map(crate::text::grouped);
    writeln!(
        out,
        "Synced {folder} again: {added} added, {updated} updated, {deleted} removed by deletions."
    )?;
    for line in &again.skipped {
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
