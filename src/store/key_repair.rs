//! Repairing a public key replaced in the file: this journal's own put
//! back in every key slot, and what the key cannot open counted.

use rusqlite::{OptionalExtension, params};

use super::error::crypto_error;
use super::key_slots::{Opener, RepairKey};
use super::{Result, Store, StoreError};
use crate::crypto;
use crate::domain::{Kind, Noun};

/// What [`Store::repair_public_key`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RepairReport {
    /// The key slots whose stored public key was not the key's and was put right.
    pub fixed: Vec<Opener>,
    /// Of those, the slots of the other secret than the one given: their
    /// wrapping could not be checked, so that secret may no longer open the
    /// journal, and a new one should be made.
    pub unchecked: Vec<Opener>,
    /// Private texts sealed the old way (binding 1) that were sealed again.
    pub resealed: usize,
    /// Sealed private notes the key does not open: sealed to the replaced
    /// key (so whoever replaced it may read them) or otherwise damaged.
    pub unreadable_notes: usize,
    /// Sealed check-ins the key does not open, likewise.
    pub unreadable_checkins: usize,
    /// Sealed drafts the key does not open, likewise.
    pub unreadable_drafts: usize,
}

impl RepairReport {
    /// How many sealed notes, check-ins and drafts the key does not open.
    pub fn unreadable(&self) -> usize {
        self.unreadable_notes + self.unreadable_checkins + self.unreadable_drafts
    }

    /// What the repair did and what is left to do, one sentence a line.
    pub fn summary(&self) -> Vec<String> {
        let mut lines = vec![if self.fixed.is_empty() {
            "The journal's public key is its own; no key slot needed repair.".to_owned()
        } else {
            "The journal's own public key is back: private entries written from now on are sealed to your key again.".to_owned()
        }];
        let parts: Vec<String> = [
            (
                self.unreadable_notes,
                Noun::new("a", "private note", "private notes"),
            ),
            (self.unreadable_checkins, Kind::Checkin.noun()),
            (self.unreadable_drafts, Noun::new("a", "draft", "drafts")),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, noun)| noun.count(n))
        .collect();
        if let Some((last, rest)) = parts.split_last() {
            let what = if rest.is_empty() {
                last.clone()
            } else {
                format!("{} and {last}", rest.join(", "))
            };
            let (it, was, is, them) = if self.unreadable() == 1 {
                ("it", "was", "is", "it")
            } else {
                ("they", "were", "are", "them")
            };
            lines.push(format!(
                "{what} cannot be opened with your key: {it} {was} sealed to the replaced key, so whoever replaced it may read {them}, or {it} {is} damaged; `candor list PAIR notes --private` (or `checkins`) shows {them} as damaged."
            ));
        }
        for slot in &self.unchecked {
            lines.push(match slot {
                Opener::Recovery => "The recovery code's key slot had been changed too and could not be checked: make a new recovery code with `candor passphrase recovery-code`.",
                Opener::Passphrase => "The passphrase's key slot had been changed too and could not be checked: set a new passphrase with `candor --recovery passphrase change`.",
            }.to_owned());
        }
        lines
    }
}

impl Store {
    /// Puts this journal's public key, the one of the key opened with
    /// [`UnlockMaterial::open_for_repair`](super::UnlockMaterial::open_for_repair),
    /// back into every key slot; seals
    /// again the texts still sealed the old way; and counts the sealed texts
    /// the key cannot open: those were sealed to the key that replaced it. One
    /// transaction; the journal is unlocked afterwards.
    ///
    /// A slot's wrapping is bound to the public key of the key it wraps, so
    /// setting the right public key back makes an untouched wrapping whole
    /// again: nothing needs wrapping anew. The slot the key came from was
    /// checked as it was opened; the other one, if its public key was wrong
    /// too, cannot be checked without its own secret and is reported in
    /// [`RepairReport::unchecked`].
    pub fn repair_public_key(&mut self, repair: RepairKey) -> Result<RepairReport> {
        let RepairKey {
            key,
            opener,
            nonce,
            wrapped,
        } = repair;
        let public = crypto::public_of(&key).map_err(crypto_error)?;
        let mut report = RepairReport::default();
        let tx = self.conn.transaction()?;
        // The key must come from this journal's slot as it is now.
        let same: Option<i64> = tx
            .query_row(
                "SELECT 1 FROM key_slot WHERE kind = ?1 AND nonce = ?2 AND wrapped = ?3",
                params![opener.slot(), nonce, wrapped],
                |r| r.get(0),
            )
            .optional()?;
        if same.is_none() {
            return Err(StoreError::NotFound(
                "the journal's key slots changed since the passphrase was checked; nothing was changed, try again".into(),
            ));
        }
        let wrong: Vec<String> = {
            let mut stmt =
                tx.prepare("SELECT kind FROM key_slot WHERE public_key != ?1 ORDER BY kind")?;
            stmt.query_map([&public.0], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for kind in &wrong {
            tx.execute(
                "UPDATE key_slot SET public_key = ?2 WHERE kind = ?1",
                params![kind, public.0],
            )?;
            if let Some(slot) = Opener::from_slot(kind) {
                report.fixed.push(slot);
                if slot != opener {
                    report.unchecked.push(slot);
                }
            }
        }
        report.resealed = super::binding::seal_old_again(&tx, &key, &public)?;
        tx.commit()?;
        let [notes, checkins, drafts] = super::binding::unopened(&self.conn, &key)?;
        report.unreadable_notes = notes;
        report.unreadable_checkins = checkins;
        report.unreadable_drafts = drafts;
        self.install_key(key)?;
        Ok(report)
    }
}
