//! `candor passphrase …`, and getting the passphrase for commands that read
//! private notes: from `$CANDOR_PASSPHRASE`, else typed on the terminal with
//! echo off, else a clear error at once instead of waiting.

use std::io::Write;

use anyhow::{Result, bail};
use zeroize::Zeroizing;

use super::PassphraseCommand;
use crate::config::Config;
use crate::crypto::KdfParams;
use crate::store::{Opener, Store};

/// Whether there is a terminal to ask on.
fn have_terminal() -> bool {
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

/// A new passphrase: `$CANDOR_NEW_PASSPHRASE` (or, for `set`, `$CANDOR_PASSPHRASE`), else asked twice.
fn new_one(config: &Config, current_serves: bool) -> Result<Zeroizing<String>> {
    if let Some(p) = &config.new_passphrase {
        return Ok(p.clone());
    }
    if current_serves && let Some(p) = &config.passphrase {
        return Ok(p.clone());
    }
    if !have_terminal() {
        bail!(
            "this needs a new passphrase and there is no terminal to ask on; set CANDOR_NEW_PASSPHRASE"
        );
    }
    let first = ask("New passphrase: ")?;
    let second = ask("The same again: ")?;
    if first != second {
        bail!("the two passphrases differ; nothing was changed");
    }
    if first.is_empty() {
        bail!("the passphrase must not be empty; nothing was changed");
    }
    Ok(first)
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
        PassphraseCommand::Set => {
            if store.has_passphrase()? {
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
            writeln!(
                out,
                "Passphrase removed; {n} private notes are unsealed and protected by file permissions only."
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
