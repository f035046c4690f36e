//! The passphrase: setting it (which seals the private notes already there
//! and scrubs their plain text), unlocking, locking, changing it, a new
//! recovery code, and removing it (which unseals everything).

use rusqlite::OptionalExtension;
use zeroize::Zeroizing;

use super::error::crypto_error;
use super::key_slots::{Opener, write_slot};
use super::{Result, Store, StoreError};
use crate::crypto::{self, KdfParams, PublicKey, SecretKey};

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
        super::undo::forget_clear_private(&tx)?;
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
    pub(super) fn scrub(&mut self) -> Result<()> {
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

    /// Keeps an opened key in memory and builds the in-memory private index.
    pub fn install_key(&mut self, key: SecretKey) -> Result<()> {
        self.key = Some(key);
        self.build_private_index()
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
            super::undo::forget_sealed(&tx)?;
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
}
