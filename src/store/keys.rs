//! The passphrase: setting it (which seals the private notes already there
//! and scrubs their plain text), unlocking, locking, changing it, a new
//! recovery code, and removing it (which unseals everything).

use rusqlite::{OptionalExtension, Transaction, params};
use zeroize::Zeroizing;

use super::{Result, Store, StoreError};
use crate::crypto::{self, CryptoError, KdfParams, PublicKey, SecretKey};

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
}

/// A key slot read out of the journal: everything [`UnlockMaterial::open`] needs.
#[derive(Debug)]
pub struct UnlockMaterial {
    slot: Slot,
    opener: Opener,
}

impl UnlockMaterial {
    /// Derives the key-encryption key from `secret` and unwraps the secret
    /// key; slow on purpose (Argon2id), and touches no database.
    pub fn open(&self, secret: &str) -> Result<SecretKey> {
        let kek = crypto::derive(
            &words(secret, self.opener),
            &self.slot.salt,
            self.slot.params,
        )
        .map_err(crypto_error)?;
        let aad = slot_aad(self.opener.slot(), &self.slot.public);
        crypto::unwrap(&kek, &self.slot.nonce, &self.slot.wrapped, &aad).map_err(crypto_error)
    }
}

/// A stored wrapping of the secret key.
#[derive(Debug)]
struct Slot {
    public: Vec<u8>,
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

pub(super) fn crypto_error(e: CryptoError) -> StoreError {
    match e {
        CryptoError::WrongKey => StoreError::WrongSecret,
        other => StoreError::Crypto(other.to_string()),
    }
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
        let slot: Option<Slot> = self
            .conn
            .query_row(
                "SELECT public_key, salt, m_kib, t_cost, p_cost, nonce, wrapped FROM key_slot WHERE kind = ?1",
                [opener.slot()],
                |r| {
                    Ok(Slot {
                        public: r.get(0)?,
                        salt: r.get(1)?,
                        params: KdfParams {
                            m_kib: r.get(2)?,
                            t: r.get(3)?,
                            p: r.get(4)?,
                        },
                        nonce: r.get(5)?,
                        wrapped: r.get(6)?,
                    })
                },
            )
            .optional()?;
        let slot = slot.ok_or_else(|| {
            StoreError::NotFound("no passphrase is set; private notes are not sealed".into())
        })?;
        Ok(UnlockMaterial { slot, opener })
    }

    /// Keeps an opened key in memory and builds the in-memory private index.
    pub fn install_key(&mut self, key: SecretKey) -> Result<()> {
        self.key = Some(key);
        self.build_private_index()
    }

    /// Forgets the secret key (zeroed) and drops the in-memory index.
    pub fn lock(&mut self) {
        self.key = None;
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
        let public = self
            .public_key()?
            .ok_or_else(|| StoreError::NotFound("no passphrase is set".into()))?;
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
    pub fn install_key_with(&mut self, key: SecretKey, texts: Vec<(i64, String)>) -> Result<()> {
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
