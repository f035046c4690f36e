//! What a sealed text is bound to (schema 4), and sealing the old ones again.
//!
//! Since 0.6 every seal is written with binding 2: the associated data names
//! the pair's uid, the row's uid and the field ([`crypto::pair_aad`]), so a
//! sealed note, check-in or draft whose row is moved to another pair in the
//! file (`UPDATE note SET pair_id = …`) no longer opens there; it shows as
//! damaged. Opening uses the uid of the pair the row is in *now*.
//!
//! Texts sealed before (binding 1: the row's uid and the field) open the old
//! way until the journal is next unlocked: then every binding-1 text that
//! opens is sealed again with binding 2, in one transaction that also records
//! `journal_fact` 'binding_floor' = '2'. From then on binding 1 is refused.
//! A binding-1 text that does not open is left as it is, and shows as damaged.
//!
//! The floor is stored in clear like everything else that is not private
//! text: someone who can write the file can lower it again. File permissions
//! are the defence there, as for the rest of the file.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use zeroize::Zeroizing;

use super::Result;
use super::error::crypto_error;
use crate::crypto::{self, CryptoError, PublicKey, SecretKey};
use crate::domain::SealedText;

/// The binding every new seal is written with.
pub(super) const CURRENT: u8 = 2;

/// What a draft with no pair is bound to instead of a pair's uid (pair uids
/// are UUIDs, so it names none of them).
const NO_PAIR: &str = "(no pair)";

/// The journal fact holding the lowest binding still accepted.
const FLOOR: &str = "binding_floor";

/// The tables with sealed texts; each table's name is also the field its texts are bound to.
const TABLES: [&str; 3] = ["note", "checkin", "draft"];

/// The columns after `sealed` that [`sealed_text`] reads for `$table`: the
/// row's binding, the uid of the pair it is in now, and the floor.
macro_rules! bound_columns {
    ($table:literal) => {
        concat!(
            "binding, (SELECT uid FROM pair WHERE pair.id = ",
            $table,
            ".pair_id), (SELECT value FROM journal_fact WHERE name = 'binding_floor')"
        )
    };
}
pub(super) use bound_columns;

/// The sealed text of a row read with [`bound_columns`]: the sealed bytes at
/// column `sealed`, the three bound columns from column `bound`.
pub(super) fn sealed_text(
    r: &Row<'_>,
    sealed: usize,
    bound: usize,
) -> rusqlite::Result<Option<SealedText>> {
    let Some(bytes) = r.get::<_, Option<Vec<u8>>>(sealed)? else {
        return Ok(None);
    };
    let floor: Option<String> = r.get(bound + 2)?;
    Ok(Some(SealedText {
        bytes,
        binding: r.get(bound)?,
        pair_uid: r.get(bound + 1)?,
        old_binding_accepted: floor.as_deref() != Some("2"),
    }))
}

/// The associated data a text of row `uid` in pair `pair_uid` is sealed with now.
fn current_aad(pair_uid: Option<&str>, uid: &str, field: &str) -> Vec<u8> {
    crypto::pair_aad(pair_uid.unwrap_or(NO_PAIR), uid, field)
}

/// Seals `plain`, the `field` of row `uid` in the pair with uid `pair_uid`, with binding 2.
pub(super) fn seal(
    public: &PublicKey,
    pair_uid: Option<&str>,
    uid: &str,
    field: &str,
    plain: &[u8],
) -> Result<Vec<u8>> {
    crypto::seal(public, plain, &current_aad(pair_uid, uid, field)).map_err(crypto_error)
}

/// Opens the `field` of row `uid` under the binding it was sealed with:
/// binding 2 against the pair the row is in now, binding 1 only while the
/// journal accepts it. Anything else is [`CryptoError::Damaged`].
pub(super) fn open(
    key: &SecretKey,
    s: &SealedText,
    uid: &str,
    field: &str,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let aad = match s.binding {
        2 => current_aad(s.pair_uid.as_deref(), uid, field),
        1 if s.old_binding_accepted => crypto::aad(uid, field),
        _ => return Err(CryptoError::Damaged),
    };
    crypto::open(key, &s.bytes, &aad)
}

/// The uid of the pair with row id `pair_id`.
pub(super) fn pair_uid(conn: &Connection, pair_id: i64) -> Result<String> {
    conn.query_row("SELECT uid FROM pair WHERE id = ?1", [pair_id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| super::StoreError::NotFound(format!("there is no pair with id {pair_id}")))
}

/// Whether binding 1 is refused already.
pub(super) fn floor_reached(conn: &Connection) -> Result<bool> {
    let floor: Option<String> = conn
        .query_row(
            "SELECT value FROM journal_fact WHERE name = ?1",
            [FLOOR],
            |r| r.get(0),
        )
        .optional()?;
    Ok(floor.as_deref() == Some("2"))
}

/// Records that binding 1 is refused from now on.
pub(super) fn record_floor(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO journal_fact (name, value) VALUES (?1, '2')
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        [FLOOR],
    )?;
    Ok(())
}

/// Seals again, with binding 2 and to `public`, every binding-1 text that
/// `key` opens, then records the floor; returns how many were sealed again.
/// Texts that do not open are left as they are. Does nothing once the floor
/// is reached.
pub(super) fn seal_old_again(
    tx: &Transaction<'_>,
    key: &SecretKey,
    public: &PublicKey,
) -> Result<usize> {
    if floor_reached(tx)? {
        return Ok(0);
    }
    let mut resealed = 0;
    for table in TABLES {
        for (id, uid, old) in sealed_rows(tx, table)? {
            if old.binding == CURRENT {
                continue;
            }
            let Ok(plain) = open(key, &old, &uid, table) else {
                continue;
            };
            let sealed = seal(public, old.pair_uid.as_deref(), &uid, table, &plain)?;
            tx.execute(
                &format!("UPDATE {table} SET sealed = ?2, binding = ?3 WHERE id = ?1"),
                params![id, sealed, CURRENT],
            )?;
            resealed += 1;
        }
    }
    record_floor(tx)?;
    Ok(resealed)
}

/// Seals every sealed text that `key` opens again under `public`, with
/// binding 2, without writing it in clear anywhere; returns how many.
pub(super) fn seal_again_under(
    tx: &Transaction<'_>,
    key: &SecretKey,
    public: &PublicKey,
) -> Result<usize> {
    let mut resealed = 0;
    for table in TABLES {
        for (id, uid, old) in sealed_rows(tx, table)? {
            let Ok(plain) = open(key, &old, &uid, table) else {
                continue;
            };
            let sealed = seal(public, old.pair_uid.as_deref(), &uid, table, &plain)?;
            tx.execute(
                &format!("UPDATE {table} SET sealed = ?2, binding = ?3 WHERE id = ?1"),
                params![id, sealed, CURRENT],
            )?;
            resealed += 1;
        }
    }
    Ok(resealed)
}

/// A sealed text kept in memory (by an undo) going back into its row: as it
/// was, unless it has the old binding, was read while the old binding was
/// still accepted, and `key` is at hand; then it is sealed again with
/// binding 2, as the unlock would have done had it been in the file.
/// (One read after the floor was raised is left as it was, damaged: an undo
/// must not make a refused text open.) Returns the sealed bytes and their binding.
pub(super) fn restored(
    key: Option<&SecretKey>,
    s: &SealedText,
    uid: &str,
    field: &str,
) -> Result<(Vec<u8>, u8)> {
    if s.binding != CURRENT
        && s.old_binding_accepted
        && let Some(key) = key
        && let Ok(plain) = crypto::open(key, &s.bytes, &crypto::aad(uid, field))
    {
        let public = crypto::public_of(key).map_err(crypto_error)?;
        return Ok((
            seal(&public, s.pair_uid.as_deref(), uid, field, &plain)?,
            CURRENT,
        ));
    }
    Ok((s.bytes.clone(), s.binding))
}

/// Every sealed row of `table` (note, checkin or draft) as (id, uid, sealed text).
pub(super) fn sealed_rows(
    conn: &Connection,
    table: &str,
) -> Result<Vec<(i64, String, SealedText)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, uid, sealed, binding, (SELECT uid FROM pair WHERE pair.id = {table}.pair_id),
             (SELECT value FROM journal_fact WHERE name = '{FLOOR}')
         FROM {table} WHERE sealed IS NOT NULL"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            sealed_text(r, 2, 3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        if let (id, uid, Some(s)) = row? {
            out.push((id, uid, s));
        }
    }
    Ok(out)
}

/// How many sealed notes, check-ins and drafts (in that order) `key` does
/// not open under their binding.
pub(super) fn unopened(conn: &Connection, key: &SecretKey) -> Result<[usize; 3]> {
    let mut out = [0; 3];
    for (count, table) in out.iter_mut().zip(TABLES) {
        *count = sealed_rows(conn, table)?
            .iter()
            .filter(|(_, uid, s)| open(key, s, uid, table).is_err())
            .count();
    }
    Ok(out)
}
