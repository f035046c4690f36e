//! `candor passphrase …`, and getting the passphrase for commands that read
//! private notes: from `$CANDOR_PASSPHRASE`, else typed on the terminal with
//! echo off, else a clear error at once instead of waiting.

use std::io::Write;

use anyhow::{Result, bail};
use zeroize::Zeroizing;

use super::subcommands::PassphraseCommand;
use crate::config::Config;
use crate::crypto::KdfParams;
use crate::domain;
use crate::store::{Opener, Store};
use crate::text;

/// Whether there is a terminal to ask on.
pub(super) fn have_terminal() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok()
}

fn ask(prompt: &str) -> Result<Zeroizing<String>> {
    Ok(Zeroizing::new(rpassword::prompt_password(prompt)?))
}

/// The passphrase (or recovery code, with `--recovery`) for this command.
pub(super) fn current(config: &Config) -> Result<(Zeroizing<String>, Opener)> {
    let opener = if config.recovery {
        Opener::Recovery
    } else {
        Opener::Passphrase
    };
    if let Some(p) = &config.passphrase {
        return Ok((p.clone(), opener));
    }
    if !have_terminal() {
        bail!(
            "this needs the passphrase and there is no terminal to ask on; set CANDOR_PASSPHRASE (with --recovery, the recovery code)"
        );
    }
    let prompt = match opener {
        Opener::Passphrase => "Passphrase: ",
        Opener::Recovery => "Recovery code: ",
    };
    Ok((ask(prompt)?, opener))
}

/// Writes `line` on the terminal the prompts are on (standard error if that
/// fails), so it is seen where the passphrase is being typed.
fn tell(line: &str) {
    let written = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/tty")
        .and_then(|mut tty| writeln!(tty, "{line}"));
    if written.is_err() {
        eprintln!("{line}");
    }
}

/// How many times a new passphrase is asked for at a terminal before giving up.
const NEW_PASSPHRASE_TRIES: usize = 3;

/// A new passphrase: `$CANDOR_NEW_PASSPHRASE` (or, for `set`,
/// `$CANDOR_PASSPHRASE`), else typed twice at the terminal, up to three
/// times while the two typings differ or it is too short.
fn new_one(config: &Config, current_serves: bool) -> Result<Zeroizing<String>> {
    let given = config
        .new_passphrase
        .as_ref()
        .or(config.passphrase.as_ref().filter(|_| current_serves));
    if let Some(p) = given {
        domain::new_passphrase(p)?;
        return Ok(p.clone());
    }
    if !have_terminal() {
        bail!(
            "this needs a new passphrase and there is no terminal to ask on; set CANDOR_NEW_PASSPHRASE"
        );
    }
    for try_number in 1..=NEW_PASSPHRASE_TRIES {
        let again = if try_number < NEW_PASSPHRASE_TRIES {
            "; try again"
        } else {
            ""
        };
        let first = ask("New passphrase: ")?;
        if domain::new_passphrase(&first).is_err() {
            tell(&format!(
                "Too short: a passphrase needs at least {} characters{again}.",
                domain::MIN_PASSPHRASE_CHARS
            ));
            continue;
        }
        let second = ask("The same again: ")?;
        if first != second {
            tell(&format!("The two typings differ{again}."));
            continue;
        }
        return Ok(first);
    }
    bail!(
        "no new passphrase after {NEW_PASSPHRASE_TRIES} tries (too short, or the two typings differed); nothing was changed"
    )
}

/// Unlocks the journal when private notes or check-ins are sealed, so a command can read them.
pub(super) fn unlock_if_needed(store: &mut Store, config: &Config) -> Result<()> {
    if store.has_locked_private()? {
        let (secret, opener) = current(config)?;
        store.unlock(&secret, opener)?;
    }
    Ok(())
}

pub(super) fn run(
    cmd: PassphraseCommand,
    store: &mut Store,
    config: &Config,
    out: &mut dyn Write,
) -> Result<()> {
    match cmd {
        PassphraseCommand::Set { delete_old_backups } => {
            if store.has_passphrase()? {
                if delete_old_backups {
                    return old_copies(store, true, true, out);
                }
                bail!("a passphrase is set already; use `candor passphrase change`");
            }
            let new = new_one(config, true)?;
            let code = store.set_passphrase(&new, KdfParams::DEFAULT)?;
            writeln!(
                out,
                "Passphrase set. Private notes are sealed from now on; the ones already here were sealed and scrubbed."
            )?;
            writeln!(
                out,
                "Your recovery code opens them if the passphrase is forgotten. It is shown this once; keep it safe:"
            )?;
            writeln!(out, "{}", code.as_str())?;
            old_copies(store, delete_old_backups, false, out)?;
        }
        PassphraseCommand::Change => {
            let (secret, opener) = current(config)?;
            store.unlock(&secret, opener)?;
            let new = new_one(config, false)?;
            store.change_passphrase(&new, KdfParams::DEFAULT)?;
            writeln!(out, "Passphrase changed; the recovery code still works.")?;
        }
        PassphraseCommand::Remove => {
            let (secret, opener) = current(config)?;
            store.unlock(&secret, opener)?;
            let n = store.remove_passphrase()?;
            let notes = if n == 1 {
                "1 private note is".to_owned()
            } else {
                format!("{n} private notes are")
            };
            writeln!(
                out,
                "Passphrase removed; {notes} unsealed and protected by file permissions only."
            )?;
        }
        PassphraseCommand::RecoveryCode => {
            let (secret, opener) = current(config)?;
            store.unlock(&secret, opener)?;
            let code = store.new_recovery_code(KdfParams::DEFAULT)?;
            writeln!(
                out,
                "New recovery code (the old one no longer works). It is shown this once; keep it safe:"
            )?;
            writeln!(out, "{}", code.as_str())?;
        }
        PassphraseCommand::Repair => repair(store, config, out)?,
    }
    Ok(())
}

/// `candor passphrase repair`: the journal's own public key back in every
/// key slot, and what could not be saved said plainly.
fn repair(store: &mut Store, config: &Config, out: &mut dyn Write) -> Result<()> {
    let (secret, opener) = current(config)?;
    let key = store.unlock_material(opener)?.open_for_repair(&secret)?;
    for line in store.repair_public_key(key)?.summary() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Names the copies of the journal that still hold private text in clear,
/// and deletes them when `delete` says so or the person at the terminal does.
/// With `say_none`, says so when there are none.
fn old_copies(store: &Store, delete: bool, say_none: bool, out: &mut dyn Write) -> Result<()> {
    let missing = store.missing_copies()?;
    if !missing.is_empty() {
        writeln!(
            out,
            "Written before the passphrase and no longer where candor wrote them (moved rather than deleted, they still hold private text in clear wherever they are now):"
        )?;
        for path in &missing {
            writeln!(out, "{}", text::path(path))?;
        }
    }
    let copies = store.copies_in_clear()?;
    if copies.is_empty() {
        if say_none {
            writeln!(
                out,
                "No copy of the journal made before the passphrase holds private text in clear."
            )?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "These copies of the journal, made before the passphrase, still hold private text in clear:"
    )?;
    for copy in &copies {
        writeln!(out, "{}", text::path(&copy.path))?;
    }
    let delete = delete || (have_terminal() && confirm("Delete them now? [y/N] ")?);
    if !delete {
        writeln!(
            out,
            "They were kept; delete them with `candor passphrase set --delete-old-backups`, or remove them (with their -wal and -shm files) yourself."
        )?;
        return Ok(());
    }
    let mut failed = Vec::new();
    for copy in &copies {
        if let Err(e) = store.delete_copy(copy) {
            failed.push(e);
        }
    }
    let deleted = copies.len() - failed.len();
    writeln!(out, "Deleted {deleted} of them.")?;
    if let Some(first) = failed.first() {
        bail!(
            "{} of the copies could not be deleted ({first}); the passphrase itself is set",
            failed.len()
        );
    }
    Ok(())
}

/// Asks `question` on the terminal; true only for an answer starting with y.
fn confirm(question: &str) -> Result<bool> {
    Ok(ask_line(question)?.trim_start().starts_with(['y', 'Y']))
}

/// Asks `question` on the terminal and returns the line typed.
pub(super) fn ask_line(question: &str) -> Result<String> {
    use std::io::BufRead;
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")?;
    write!(tty, "{question}")?;
    tty.flush()?;
    let mut answer = String::new();
    std::io::BufReader::new(tty).read_line(&mut answer)?;
    Ok(answer)
}
