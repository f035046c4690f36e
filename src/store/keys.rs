//! The passphrase: setting it (which seals the private notes already there
//! and scrubs their plain text), unlocking, locking, changing it, a new
//! recovery code, removing it (which unseals everything), and repairing a
//! public key replaced in the file.
//!
//! Every unlock checks the key it unwrapped: the public key derived from it
//! must be the one in every key slot, which is the one private text is
//! sealed to while the journal is locked. Someone who can write the file
//! could otherwise put their own public key there and read what is written
//! from then on.

use rusqlite::{OptionalExtension, Transaction, params};
use zeroize::Zeroizing;

use super::error::crypto_error;
use super::{Result, Store, StoreError};
use crate::crypto::{self, KdfParams, PublicKey, SecretKey};

/// Which secret opens a key slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opener {
    /// The passphrase.
    Passphrase,
    /// The recovery code.
    Recovery,
}

impl Opener {
    fn slot(self) -> &'static str {
        match self {
            Self::Passphrase => "passphrase",
            Self::Recovery => "recovery",
        }
    }

    fn from_slot(kind: &str) -> Option<Self> {
        [Self::Passphrase, Self::Recovery]
            .into_iter()
            .find(|o| o.slot() == kind)
    }
}

/// A key slot read out of the journal: everything [`UnlockMaterial::open`] needs.
#[derive(Debug)]
pub struct UnlockMaterial {
    slot: Slot,
    opener: Opener,
    /// The public key stored in every key slot.
    publics: Vec<Vec<u8>>,
}

impl UnlockMaterial {
    /// Derives the key-encryption key from `secret` and unwraps the secret
    /// key; slow on purpose (Argon2id), and touches no database. A key whose
    /// public key is not the one stored in every key slot is
    /// [`StoreError::KeyReplaced`].
    pub fn open(&self, secret: &str) -> Result<SecretKey> {
        let key = self.unwrap(secret)?;
        let public = crypto::public_of(&key).map_err(crypto_error)?;
        if self.publics.iter().any(|p| *p != public.0) {
            return Err(StoreError::KeyReplaced);
        }
        Ok(key)
    }

    /// Like [`Self::open`] but without comparing the key's public key with
    /// the stored ones: what [`Store::repair_public_key`] takes after
    /// [`StoreError::KeyReplaced`]. A wrong secret is still [`StoreError::WrongSecret`].
    pub fn open_for_repair(&self, secret: &str) -> Result<RepairKey> {
        Ok(RepairKey {
            key: self.unwrap(secret)?,
            opener: self.opener,
            nonce: self.slot.nonce.clone(),
            wrapped: self.slot.wrapped.clone(),
        })
    }

    /// The secret key in this slot. The wrapping is bound to the wrapped
    /// key's own public key (derived from it, not read from the file), so a
    /// replaced public key does not pass for a wrong passphrase.
    fn unwrap(&self, secret: &str) -> Result<SecretKey> {
        let kek = crypto::derive(
            &words(secret, self.opener),
            &self.slot.salt,
            self.slot.params,
        )
        .map_err(crypto_error)?;
        crypto::unwrap_bound(&kek, &self.slot.nonce, &self.slot.wrapped, |public| {
            slot_aad(self.opener.slot(), &public.0)
        })
        .map_err(crypto_error)
    }
}

/// A secret key unwrapped from one key slot by [`UnlockMaterial::open_for_repair`],
/// with the wrapping it came from, so that a repair can make sure it is this
/// journal's key.
#[derive(Debug)]
pub struct RepairKey {
    key: SecretKey,
    opener: Opener,
    nonce: Vec<u8>,
    wrapped: Vec<u8>,
}

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
            (self.unreadable_notes, "private note", "private notes"),
            (self.unreadable_checkins, "check-in", "check-ins"),
            (self.unreadable_drafts, "draft", "drafts"),
        ]
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
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

/// A stored wrapping of the secret key.
#[derive(Debug)]
struct Slot {
    salt: Vec<u8>,
    params: KdfParams,
    nonce: Vec<u8>,
    wrapped: Vec<u8>,
}

/// The bytes a slot's wrapping is bound to.
fn slot_aad(kind: &str, public: &[u8]) -> Vec<u8> {
    let mut aad = format!("candor key slot\0{kind}\0").into_bytes();
    aad.extend_from_slice(public);
    aad
}

/// The text a secret is derived from: a passphrase as typed, a recovery code made canonical.
fn words(secret: &str, opener: Opener) -> Zeroizing<Vec<u8>> {
    match opener {
        Opener::Passphrase => Zeroizing::new(secret.as_bytes().to_vec()),
        Opener::Recovery => Zeroizing::new(crypto::normalize_code(secret).as_bytes().to_vec()),
    }
}

fn write_slot(
    tx: &Transaction<'_>,
    opener: Opener,
    secret: &str,
    key: &SecretKey,
    public: &PublicKey,
    params: KdfParams,
    now: &str,
) -> Result<()> {
    let salt = crypto::random(16).map_err(crypto_error)?;
    let kek = crypto::derive(&words(secret, opener), &salt, params).map_err(crypto_error)?;
    let (nonce, wrapped) =
        crypto::wrap(&kek, key, &slot_aad(opener.slot(), &public.0)).map_err(crypto_error)?;
    tx.execute(
        "INSERT INTO key_slot (kind, public_key, salt, m_kib, t_cost, p_cost, nonce, wrapped, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (kind) DO UPDATE SET public_key = excluded.public_key, salt = excluded.salt,
             m_kib = excluded.m_kib, t_cost = excluded.t_cost, p_cost = excluded.p_cost,
             nonce = excluded.nonce, wrapped = excluded.wrapped, created_at = excluded.created_at",
        params![opener.slot(), public.0, salt, params.m_kib, params.t, params.p, nonce, wrapped, now],
    )?;
    Ok(())
}

impl Store {
    /// Whether private notes are kept under a passphrase.
    pub fn has_passphrase(&self) -> Result<bool> {
        Ok(self.public_key()?.is_some())
    }

    /// The key private text is sealed to, once a passphrase is set.
    pub fn public_key(&self) -> Result<Option<PublicKey>> {
        Ok(self
            .conn
            .query_row(
                "SELECT public_key FROM key_slot WHERE kind = 'passphrase'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .map(PublicKey))
    }

    /// Whether anything private (a note or a check-in) is sealed and the
    /// journal locked, so a command that reads private entries must unlock first.
    pub fn has_locked_private(&self) -> Result<bool> {
        Ok(self.has_locked_notes()? || self.has_locked_checkins()?)
    }

    /// Whether the secret key is in memory (the journal is unlocked).
    pub fn is_unlocked(&self) -> bool {
        self.key.is_some()
    }

    /// Sets the first passphrase (at least
    /// [`MIN_PASSPHRASE_CHARS`](crate::domain::MIN_PASSPHRASE_CHARS)
    /// characters): makes the key pair, seals every private note and draft,
    /// scrubs their plain text from the file, and returns the recovery code
    /// (shown once). The journal stays unlocked.
    pub fn set_passphrase(
        &mut self,
        passphrase: &str,
        params: KdfParams,
    ) -> Result<Zeroizing<String>> {
        crate::domain::new_passphrase(passphrase)?;
        if self.has_passphrase()? {
            return Err(StoreError::NotFound(
                "a passphrase is set already; use `candor passphrase change`".into(),
            ));
        }
        let (key, public) = crypto::generate();
        let code = crypto::recovery_code().map_err(crypto_error)?;
        let now = self.now();
        let tx = self.conn.transaction()?;
        write_slot(
            &tx,
            Opener::Passphrase,
            passphrase,
            &key,
            &public,
            params,
            &now,
        )?;
        write_slot(&tx, Opener::Recovery, &code, &key, &public, params, &now)?;
        super::notes::seal_all(&tx, &public)?;
        super::drafts::seal_all(&tx, &public)?;
        super::checkins::seal_all(&tx, &public)?;
        // Everything sealed from here on is bound to its pair.
        super::binding::record_floor(&tx)?;
        tx.commit()?;
        self.scrub()?;
        self.key = Some(key);
        self.build_private_index()?;
        Ok(code)
    }

    /// Removes what sealing left behind: merges the search index so the old
    /// private words are gone from it, and checkpoints and truncates the WAL.
    fn scrub(&mut self) -> Result<()> {
        self.conn.execute(
            "INSERT INTO search_index (search_index) VALUES ('optimize')",
            [],
        )?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Opens the secret key with the passphrase or the recovery code. A wrong
    /// one changes nothing and costs a full key derivation.
    pub fn unlock(&mut self, secret: &str, opener: Opener) -> Result<()> {
        let key = self.unlock_material(opener)?.open(secret)?;
        self.install_key(key)
    }

    /// What opening the key needs, so the slow derivation can run on another thread.
    pub fn unlock_material(&self, opener: Opener) -> Result<UnlockMaterial> {
        let publics = self.slot_publics()?.into_iter().map(|(_, p)| p).collect();
        let slot: Option<Slot> = self
            .conn
            .query_row(
                "SELECT salt, m_kib, t_cost, p_cost, nonce, wrapped FROM key_slot WHERE kind = ?1",
                [opener.slot()],
                |r| {
                    Ok(Slot {
                        salt: r.get(0)?,
                        params: KdfParams {
                            m_kib: r.get(1)?,
                            t: r.get(2)?,
                            p: r.get(3)?,
                        },
                        nonce: r.get(4)?,
                        wrapped: r.get(5)?,
                    })
                },
            )
            .optional()?;
        let slot = slot.ok_or_else(|| {
            StoreError::NotFound("no passphrase is set; private notes are not sealed".into())
        })?;
        Ok(UnlockMaterial {
            slot,
            opener,
            publics,
        })
    }

    /// Every key slot's kind and stored public key.
    fn slot_publics(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT kind, public_key FROM key_slot ORDER BY kind")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The public key of `key`, if it is the one stored in every key slot;
    /// [`StoreError::KeyReplaced`] if it is not.
    fn checked_public(&self, key: &SecretKey) -> Result<PublicKey> {
        let public = crypto::public_of(key).map_err(crypto_error)?;
        let stored = self.slot_publics()?;
        if stored.is_empty() {
            return Err(StoreError::NotFound(
                "no passphrase is set; private notes are not sealed".into(),
            ));
        }
        if stored.iter().any(|(_, p)| *p != public.0) {
            return Err(StoreError::KeyReplaced);
        }
        Ok(public)
    }

    /// Keeps an opened key in memory and builds the in-memory private index.
    pub fn install_key(&mut self, key: SecretKey) -> Result<()> {
        self.key = Some(key);
        self.build_private_index()
    }

    /// Puts this journal's public key, the one of the key opened with
    /// [`UnlockMaterial::open_for_repair`], back into every key slot; seals
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

    /// Forgets the secret key (zeroed) and drops the in-memory index, after
    /// overwriting its pages (secure_delete on the temp schema), so the
    /// opened words do not linger in freed memory.
    pub fn lock(&mut self) {
        self.key = None;
        let _ = self.conn.execute_batch(
            "PRAGMA temp.secure_delete = ON;
             DELETE FROM temp.private_index;
             INSERT INTO temp.private_index (private_index) VALUES ('optimize');
             DROP TABLE IF EXISTS temp.private_index;",
        );
        let _ = self
            .conn
            .execute("DROP TABLE IF EXISTS temp.private_index", []);
    }

    /// Rewraps the secret key under a new passphrase (as long as
    /// [`Store::set_passphrase`] asks); needs the journal unlocked.
    pub fn change_passphrase(&mut self, new: &str, params: KdfParams) -> Result<()> {
        crate::domain::new_passphrase(new)?;
        self.rewrap(Opener::Passphrase, new, params)
    }

    /// A new recovery code, retiring the old one; needs the journal unlocked.
    pub fn new_recovery_code(&mut self, params: KdfParams) -> Result<Zeroizing<String>> {
        let code = crypto::recovery_code().map_err(crypto_error)?;
        self.rewrap(Opener::Recovery, &code, params)?;
        Ok(code)
    }

    fn rewrap(&mut self, opener: Opener, secret: &str, params: KdfParams) -> Result<()> {
        if !self.has_passphrase()? {
            return Err(StoreError::NotFound("no passphrase is set".into()));
        }
        // The public key written is the key's own (checked when it was installed).
        let public = crypto::public_of(self.key.as_ref().ok_or(StoreError::Locked)?)
            .map_err(crypto_error)?;
        // The key is taken out while the transaction borrows the connection, and always put back.
        let key = self.key.take().ok_or(StoreError::Locked)?;
        let now = self.now();
        let result = (|| {
            let tx = self.conn.transaction()?;
            write_slot(&tx, opener, secret, &key, &public, params, &now)?;
            tx.commit()?;
            Ok(())
        })();
        self.key = Some(key);
        result
    }

    /// Unseals every private note and draft and removes the key slots; needs the journal unlocked.
    pub fn remove_passphrase(&mut self) -> Result<usize> {
        let key = self.key.take().ok_or(StoreError::Locked)?;
        let result = (|| {
            let tx = self.conn.transaction()?;
            let count = super::notes::unseal_all(&tx, &key)?;
            super::drafts::unseal_all(&tx, &key)?;
            super::checkins::unseal_all(&tx, &key)?;
            tx.execute("DELETE FROM key_slot", [])?;
            tx.commit()?;
            Ok(count)
        })();
        if result.is_err() {
            self.key = Some(key);
        } else {
            self.lock();
        }
        result
    }

    /// Builds the in-memory index of the private notes, so they are
    /// searchable while unlocked; it never touches the file.
    fn build_private_index(&mut self) -> Result<()> {
        let key = self.key.take().ok_or(StoreError::Locked)?;
        let texts = super::notes::open_all(&key, self.private_notes_sealed()?);
        self.install_key_with(key, texts)
    }

    /// Keeps `key` in memory with the in-memory index built from `texts`
    /// (id, text), as [`super::notes::open_all`] makes them; the slow part of
    /// an unlock, opening every note, can so run on another thread.
    ///
    /// The key must be this journal's ([`StoreError::KeyReplaced`] if its
    /// public key is not the one in every key slot; nothing is written then).
    /// The first time, texts sealed before 0.6 (bound to their row only) are
    /// sealed again bound to their pair, and from then on the old binding
    /// is refused (see `store/binding.rs`).
    pub fn install_key_with(&mut self, key: SecretKey, texts: Vec<(i64, String)>) -> Result<()> {
        let public = self.checked_public(&key)?;
        if !super::binding::floor_reached(&self.conn)? {
            let tx = self.conn.transaction()?;
            super::binding::seal_old_again(&tx, &key, &public)?;
            tx.commit()?;
        }
        self.conn.execute_batch(
            "DROP TABLE IF EXISTS temp.private_index;
             CREATE VIRTUAL TABLE temp.private_index USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');",
        )?;
        let tx = self.conn.transaction()?;
        {
            let mut insert =
                tx.prepare("INSERT INTO temp.private_index (rowid, body) VALUES (?1, ?2)")?;
            for (id, text) in &texts {
                insert.execute(params![id, text])?;
            }
        }
        tx.commit()?;
        self.key = Some(key);
        Ok(())
    }

    /// Keeps the in-memory index in step after a private note changed.
    pub(super) fn reindex_private(&mut self, id: i64, text: Option<&str>) -> Result<()> {
        if self.key.is_none() {
            return Ok(());
        }
        self.conn
            .execute("DELETE FROM temp.private_index WHERE rowid = ?1", [id])?;
        if let Some(text) = text {
            self.conn.execute(
                "INSERT INTO temp.private_index (rowid, body) VALUES (?1, ?2)",
                params![id, text],
            )?;
        }
        Ok(())
    }

    /// Ids of private notes whose text matches `query` in the in-memory index.
    pub(super) fn private_matches(&self, query: &str) -> Result<Vec<(i64, f64)>> {
        if self.key.is_none() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT rowid, bm25(private_index) FROM temp.private_index WHERE private_index MATCH ?1
             ORDER BY bm25(private_index) LIMIT 200",
        )?;
        let rows = stmt.query_map([query], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
