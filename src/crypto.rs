//! Private text under a passphrase, with standard constructions only.
//!
//! - Private notes are **sealed** to the journal's public key with HPKE
//!   (RFC 9180, base mode: X25519, HKDF-SHA256, ChaCha20-Poly1305), so writing
//!   one never needs the passphrase. The pair's uid, the row's uid and the
//!   field are the associated data ([`pair_aad`]), so a ciphertext moved to
//!   another row or another pair does not open. Texts sealed before 0.6 were
//!   bound to the row alone ([`aad`]).
//! - The secret key is **wrapped** with ChaCha20-Poly1305 under a key derived
//!   from the passphrase by Argon2id, and separately under one derived from
//!   the recovery code. Salt and parameters are stored with each wrapping,
//!   which is bound to the public key of the key it wraps ([`unwrap_bound`]).

use std::sync::atomic::{AtomicU64, Ordering};

use argon2::{Algorithm, Argon2, Block, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hpke::aead::ChaCha20Poly1305 as HpkeAead;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem as _, OpModeR, OpModeS, Serializable};
use zeroize::{Zeroize, Zeroizing};

type Kem = X25519HkdfSha256;

/// Binds every sealed text to this program's use of it.
const INFO: &[u8] = b"candor private text v1";
/// Length of an X25519 encapsulated key, which starts every sealed text.
const ENCAPPED_LEN: usize = 32;

/// Argon2id cost: memory in KiB, passes, lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes over the memory.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// What candor uses: 64 MiB, three passes, one lane.
    pub const DEFAULT: Self = Self {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
    /// Cheap parameters for tests, where only correctness matters.
    pub const TEST: Self = Self {
        m_kib: 64,
        t: 1,
        p: 1,
    };
}

/// Why a key or a sealed text could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// The passphrase (or recovery code) does not open the key.
    #[error("that passphrase does not open this journal")]
    WrongKey,
    /// A sealed text was altered, truncated or moved from another row.
    #[error("this private text is damaged or does not belong here; it cannot be opened")]
    Damaged,
    /// The system's random source failed.
    #[error("the system's random source failed: {0}")]
    Random(String),
    /// Stored parameters are unusable.
    #[error("the stored key parameters are unusable: {0}")]
    Params(String),
}

/// The journal's secret key, zeroed when dropped.
pub struct SecretKey(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

/// The journal's public key, which every private text is sealed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(pub Vec<u8>);

/// A fresh key pair.
pub fn generate() -> (SecretKey, PublicKey) {
    let (sk, pk) = Kem::gen_keypair();
    (
        SecretKey(Zeroizing::new(sk.to_bytes().to_vec())),
        PublicKey(pk.to_bytes().to_vec()),
    )
}

/// What a sealed text was bound to before 0.6 (binding 1): the row's uid and the field.
pub fn aad(uid: &str, field: &str) -> Vec<u8> {
    format!("candor\0{uid}\0{field}").into_bytes()
}

/// What a sealed text is bound to since 0.6 (binding 2): the uid of the
/// pair it belongs to, the row's uid and the field. Each part is preceded by
/// its length, so no two different triples give the same bytes, and the
/// prefix differs from [`aad`]'s, so neither binding opens as the other.
pub fn pair_aad(pair_uid: &str, uid: &str, field: &str) -> Vec<u8> {
    let mut out = b"candor/2".to_vec();
    for part in [pair_uid, uid, field] {
        out.extend_from_slice(&(part.len() as u64).to_be_bytes());
        out.extend_from_slice(part.as_bytes());
    }
    out
}

/// The public key of `secret`.
pub fn public_of(secret: &SecretKey) -> Result<PublicKey, CryptoError> {
    let sk = <Kem as hpke::Kem>::PrivateKey::from_bytes(&secret.0)
        .map_err(|e| CryptoError::Params(e.to_string()))?;
    Ok(PublicKey(Kem::sk_to_pk(&sk).to_bytes().to_vec()))
}

/// Seals `plaintext` to `public`; the result is the encapsulated key followed by the ciphertext.
pub fn seal(public: &PublicKey, plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let pk = <Kem as hpke::Kem>::PublicKey::from_bytes(&public.0)
        .map_err(|e| CryptoError::Params(e.to_string()))?;
    let (encapped, ciphertext) = hpke::single_shot_seal::<HpkeAead, HkdfSha256, Kem>(
        &OpModeS::Base,
        &pk,
        INFO,
        plaintext,
        aad,
    )
    .map_err(|e| CryptoError::Params(e.to_string()))?;
    let mut out = encapped.to_bytes().to_vec();
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

/// Opens a text sealed by [`seal`] with the same associated data.
pub fn open(
    secret: &SecretKey,
    sealed: &[u8],
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if sealed.len() < ENCAPPED_LEN {
        return Err(CryptoError::Damaged);
    }
    let (encapped, ciphertext) = sealed.split_at(ENCAPPED_LEN);
    let sk = <Kem as hpke::Kem>::PrivateKey::from_bytes(&secret.0)
        .map_err(|e| CryptoError::Params(e.to_string()))?;
    let encapped =
        <Kem as hpke::Kem>::EncappedKey::from_bytes(encapped).map_err(|_| CryptoError::Damaged)?;
    hpke::single_shot_open::<HpkeAead, HkdfSha256, Kem>(
        &OpModeR::Base,
        &sk,
        &encapped,
        INFO,
        ciphertext,
        aad,
    )
    .map(Zeroizing::new)
    .map_err(|_| CryptoError::Damaged)
}

static DERIVATIONS: AtomicU64 = AtomicU64::new(0);

/// How many key derivations this process has run; tests count tries with it.
pub fn derivations() -> u64 {
    DERIVATIONS.load(Ordering::SeqCst)
}

/// The key-encryption key for `secret_words` (a passphrase or recovery code).
pub fn derive(
    secret_words: &[u8],
    salt: &[u8],
    params: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    DERIVATIONS.fetch_add(1, Ordering::SeqCst);
    let params = Params::new(params.m_kib, params.t, params.p, Some(32))
        .map_err(|e| CryptoError::Params(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    // argon2 frees the memory it allocates itself without wiping it, and the
    // last blocks give the key away; so the memory is ours, wiped after.
    let mut memory = Zeroizing::new(vec![Block::new(); params.block_count()]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into_with_memory(secret_words, salt, out.as_mut(), memory.as_mut_slice())
        .map_err(|e| CryptoError::Params(e.to_string()))?;
    Ok(out)
}

/// `n` random bytes from the system.
pub fn random(n: usize) -> Result<Vec<u8>, CryptoError> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).map_err(|e| CryptoError::Random(e.to_string()))?;
    Ok(buf)
}

/// The secret key encrypted under `kek`; returns (nonce, wrapped).
pub fn wrap(
    kek: &[u8; 32],
    secret: &SecretKey,
    aad: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), CryptoError> {
    let cipher = ChaCha20Poly1305::new(&Key::from(*kek));
    let nonce = random(12)?;
    let n = Nonce::try_from(nonce.as_slice()).map_err(|e| CryptoError::Params(e.to_string()))?;
    let wrapped = cipher
        .encrypt(
            &n,
            Payload {
                msg: &secret.0,
                aad,
            },
        )
        .map_err(|e| CryptoError::Params(e.to_string()))?;
    Ok((nonce, wrapped))
}

/// The secret key from a wrapping; a wrong `kek` is [`CryptoError::WrongKey`].
pub fn unwrap(
    kek: &[u8; 32],
    nonce: &[u8],
    wrapped: &[u8],
    aad: &[u8],
) -> Result<SecretKey, CryptoError> {
    let n = Nonce::try_from(nonce)
        .map_err(|_| CryptoError::Params("the stored nonce is not 12 bytes".into()))?;
    let cipher = ChaCha20Poly1305::new(&Key::from(*kek));
    let mut key = cipher
        .decrypt(&n, Payload { msg: wrapped, aad })
        .map_err(|_| CryptoError::WrongKey)?;
    let secret = SecretKey(Zeroizing::new(key.clone()));
    key.zeroize();
    Ok(secret)
}

/// Length of a ChaCha20-Poly1305 tag, which ends every wrapping.
const TAG_LEN: usize = 16;

/// The secret key from a wrapping made by [`wrap`] with the associated data
/// `aad_for(public)`, where `public` is the public key of the wrapped key
/// itself. The public key is not taken from the file: it is derived from the
/// unwrapped key, and the wrapping must then verify under it. So a public key
/// replaced in the file is told apart from a wrong passphrase, and a wrapping
/// of another key bound to this journal's public key never verifies.
///
/// ChaCha20-Poly1305 encrypts with a key stream that does not depend on the
/// associated data: the stream for this key and nonce (the encryption of
/// zeros) gives the candidate key, which is used for nothing but deriving its
/// public key before the tag is checked. A wrong `kek` is [`CryptoError::WrongKey`].
pub fn unwrap_bound(
    kek: &[u8; 32],
    nonce: &[u8],
    wrapped: &[u8],
    aad_for: impl Fn(&PublicKey) -> Vec<u8>,
) -> Result<SecretKey, CryptoError> {
    let n = Nonce::try_from(nonce)
        .map_err(|_| CryptoError::Params("the stored nonce is not 12 bytes".into()))?;
    let body = wrapped
        .len()
        .checked_sub(TAG_LEN)
        .ok_or(CryptoError::WrongKey)?;
    let cipher = ChaCha20Poly1305::new(&Key::from(*kek));
    let stream = Zeroizing::new(
        cipher
            .encrypt(
                &n,
                Payload {
                    msg: &vec![0u8; body],
                    aad: b"",
                },
            )
            .map_err(|e| CryptoError::Params(e.to_string()))?,
    );
    let candidate = SecretKey(Zeroizing::new(
        wrapped[..body]
            .iter()
            .zip(stream.iter())
            .map(|(c, k)| c ^ k)
            .collect(),
    ));
    // Bytes that are no key at all come from a wrong key-encryption key.
    let public = public_of(&candidate).map_err(|_| CryptoError::WrongKey)?;
    unwrap(kek, nonce, wrapped, &aad_for(&public))
}

/// `msg` encrypted and authenticated under `key` with the associated data
/// `aad` (ChaCha20-Poly1305): a fresh 12-byte nonce, then the ciphertext.
pub fn seal_bytes(key: &[u8; 32], aad: &[u8], msg: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let cipher = ChaCha20Poly1305::new(&Key::from(*key));
    let nonce = random(12)?;
    let n = Nonce::try_from(nonce.as_slice()).map_err(|e| CryptoError::Params(e.to_string()))?;
    let sealed = cipher
        .encrypt(&n, Payload { msg, aad })
        .map_err(|e| CryptoError::Params(e.to_string()))?;
    Ok([nonce, sealed].concat())
}

/// What [`seal_bytes`] sealed; anything altered, cut short, sealed under
/// another key or with other associated data is [`CryptoError::Damaged`].
pub fn open_bytes(
    key: &[u8; 32],
    aad: &[u8],
    data: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if data.len() < 12 + TAG_LEN {
        return Err(CryptoError::Damaged);
    }
    let (nonce, sealed) = data.split_at(12);
    let n = Nonce::try_from(nonce).map_err(|_| CryptoError::Damaged)?;
    let cipher = ChaCha20Poly1305::new(&Key::from(*key));
    cipher
        .decrypt(&n, Payload { msg: sealed, aad })
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Damaged)
}

/// Letters and digits a person reads without confusion (no 0/O, 1/I/L, U).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTVWXYZ23456789";

/// A new recovery code: six groups of five, such as `K7M2Q-…`.
pub fn recovery_code() -> Result<Zeroizing<String>, CryptoError> {
    let bytes = Zeroizing::new(random(30)?);
    let mut code = Zeroizing::new(String::with_capacity(35));
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % 5 == 0 {
            code.push('-');
        }
        code.push(char::from(
            CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()],
        ));
    }
    Ok(code)
}

/// A recovery code as typed, made canonical: upper case, no spaces or dashes.
pub fn normalize_code(typed: &str) -> Zeroizing<String> {
    Zeroizing::new(
        typed
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase())
            .collect(),
    )
}

#[cfg(test)]
mod tests;
