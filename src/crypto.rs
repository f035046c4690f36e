//! Private text under a passphrase, with standard constructions only.
//!
//! - Private notes are **sealed** to the journal's public key with HPKE
//!   (RFC 9180, base mode: X25519, HKDF-SHA256, ChaCha20-Poly1305), so writing
//!   one never needs the passphrase. The row's uid and the field are the
//!   associated data, so a ciphertext moved to another row does not open.
//! - The secret key is **wrapped** with ChaCha20-Poly1305 under a key derived
//!   from the passphrase by Argon2id, and separately under one derived from
//!   the recovery code. Salt and parameters are stored with each wrapping.

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

/// What a sealed text is bound to: the row's uid and the field.
pub fn aad(uid: &str, field: &str) -> Vec<u8> {
    format!("candor\0{uid}\0{field}").into_bytes()
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
mod tests {
    use super::*;

    #[test]
    fn sealed_text_opens_only_with_its_key_and_its_row() {
        let (sk, pk) = generate();
        let sealed = seal(&pk, b"only for me", &aad("u1", "note")).unwrap_or_default();
        let opened = open(&sk, &sealed, &aad("u1", "note")).map(|t| t.to_vec());
        assert_eq!(opened.as_deref(), Ok(&b"only for me"[..]));
        assert_eq!(
            open(&sk, &sealed, &aad("u2", "note")).err(),
            Some(CryptoError::Damaged)
        );
        let (other, _) = generate();
        assert_eq!(
            open(&other, &sealed, &aad("u1", "note")).err(),
            Some(CryptoError::Damaged)
        );
    }

    #[test]
    fn a_wrapped_key_opens_only_with_the_right_passphrase() {
        let (sk, pk) = generate();
        let salt = random(16).unwrap_or_default();
        let kek = derive(b"correct horse", &salt, KdfParams::TEST).expect("derive");
        let (nonce, wrapped) = wrap(&kek, &sk, b"slot").expect("wrap");
        let back = unwrap(&kek, &nonce, &wrapped, b"slot").expect("unwrap");
        let sealed = seal(&pk, b"x", b"a").unwrap_or_default();
        assert!(open(&back, &sealed, b"a").is_ok());
        let wrong = derive(b"wrong horse", &salt, KdfParams::TEST).expect("derive");
        assert_eq!(
            unwrap(&wrong, &nonce, &wrapped, b"slot").err(),
            Some(CryptoError::WrongKey)
        );
    }

    #[test]
    fn deriving_in_memory_of_our_own_gives_argon2ids_own_answer() {
        let salt = [7u8; 16];
        let kek = derive(b"correct horse", &salt, KdfParams::TEST).expect("derive");
        let params = Params::new(64, 1, 1, Some(32)).expect("params");
        let mut theirs = [0u8; 32];
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(b"correct horse", &salt, &mut theirs)
            .expect("argon2");
        assert_eq!(*kek, theirs);
    }

    #[test]
    fn recovery_codes_are_groups_of_letters_and_digits() {
        let code = recovery_code().expect("code");
        let groups: Vec<&str> = code.split('-').collect();
        assert_eq!(groups.len(), 6);
        assert!(
            groups
                .iter()
                .all(|g| g.len() == 5 && g.chars().all(|c| c.is_ascii_alphanumeric()))
        );
        assert_eq!(
            normalize_code(&code.to_lowercase().replace('-', " ")).len(),
            30
        );
    }
}
