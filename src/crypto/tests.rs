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
fn a_bound_wrapping_opens_under_the_key_s_own_public_key_only() {
    let (sk, pk) = generate();
    assert_eq!(public_of(&sk).ok().as_ref(), Some(&pk));
    let salt = random(16).unwrap_or_default();
    let kek = derive(b"correct horse", &salt, KdfParams::TEST).expect("derive");
    let bound = |p: &PublicKey| [b"slot".as_slice(), &p.0].concat();
    let (nonce, wrapped) = wrap(&kek, &sk, &bound(&pk)).expect("wrap");
    let back = unwrap_bound(&kek, &nonce, &wrapped, bound).expect("unwrap");
    assert_eq!(public_of(&back).ok(), Some(pk.clone()));
    let wrong = derive(b"wrong horse", &salt, KdfParams::TEST).expect("derive");
    assert_eq!(
        unwrap_bound(&wrong, &nonce, &wrapped, bound).err(),
        Some(CryptoError::WrongKey)
    );
    // A key wrapped under this journal's public key, not its own, never opens.
    let (foreign, _) = generate();
    let (nonce, wrapped) = wrap(&kek, &foreign, &bound(&pk)).expect("wrap");
    assert_eq!(
        unwrap_bound(&kek, &nonce, &wrapped, bound).err(),
        Some(CryptoError::WrongKey)
    );
    assert_eq!(
        unwrap_bound(&kek, &nonce, &wrapped[..8], bound).err(),
        Some(CryptoError::WrongKey)
    );
}

#[test]
fn the_two_bindings_never_give_the_same_bytes() {
    assert_ne!(pair_aad("p", "u", "note"), pair_aad("pu", "", "note"));
    assert_ne!(pair_aad("p", "u", "note"), aad("u", "note"));
    let (sk, pk) = generate();
    let sealed = seal(&pk, b"x", &pair_aad("p1", "u1", "note")).unwrap_or_default();
    assert!(open(&sk, &sealed, &pair_aad("p1", "u1", "note")).is_ok());
    assert_eq!(
        open(&sk, &sealed, &pair_aad("p2", "u1", "note")).err(),
        Some(CryptoError::Damaged)
    );
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
