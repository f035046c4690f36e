//! Key slots: the secret key wrapped under the passphrase and, apart,
//! under the recovery code, and opening one.
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
    pub(super) fn slot(self) -> &'static str {
        match self {
            Self::Passphrase => "passphrase",
            Self::Recovery => "recovery",
        }
    }

    pub(super) fn from_slot(kind: &str) -> Option<Self> {
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
    pub(super) key: SecretKey,
    pub(super) opener: Opener,
    pub(super) nonce: Vec<u8>,
    pub(super) wrapped: Vec<u8>,
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

pub(super) fn write_slot(
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

impl UnlockMaterial {
    /// What opening a key needs, from the parts of a slot of another
    /// journal (`candor sync`, taking another device's passphrase): its
    /// salt, cost, nonce and wrapping, and the public key of every slot.
    pub(super) fn from_parts(
        opener: Opener,
        (salt, params, nonce, wrapped): (Vec<u8>, KdfParams, Vec<u8>, Vec<u8>),
        publics: Vec<Vec<u8>>,
    ) -> Self {
        Self {
            slot: Slot {
                salt,
                params,
                nonce,
                wrapped,
            },
            opener,
            publics,
        }
    }
}

impl Store {
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
    pub(super) fn checked_public(&self, key: &SecretKey) -> Result<PublicKey> {
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
}
