//! Private notes between the devices of one person (`candor sync`): they
//! travel only as their sealed text, with the journal's wrapped key slots,
//! so another device opens them with the same passphrase; nothing is ever
//! opened to sync. A journal without a passphrase keeps its private notes on
//! the device. A device with no passphrase of its own takes the slots (and
//! seals its own private text under that key at once); a device with
//! another passphrase keeps its own, and the notes sealed under the other
//! key are left out, said once.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::MergeReport;
use super::{Result, Store, binding, timestamp};
use crate::crypto::PublicKey;
use crate::domain::Kind;
use crate::text::{hex, unhex};

/// A wrapped key slot as it travels (bytes in hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySlotDoc {
    /// `passphrase` or `recovery`.
    pub kind: String,
    /// The journal's public key, which the slot's wrapping is bound to.
    pub public_key: String,
    /// The salt of the key derivation.
    pub salt: String,
    /// Argon2id memory (KiB), passes and lanes.
    pub m_kib: u32,
    /// Passes.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
    /// The wrapping's nonce.
    pub nonce: String,
    /// The secret key, wrapped.
    pub wrapped: String,
}

/// A private note or trust check-in as it travels: its sealed text only
/// (and, for a check-in, when it was made, which is kept in clear).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedDoc {
    /// Its uid.
    pub uid: String,
    /// The uid of its pair (the same on every device of one person).
    pub pair_uid: String,
    /// The sealed text, in hex (bound to the pair, the note and the field).
    pub sealed: String,
    /// A check-in's time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_at: Option<DateTime<Utc>>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// The private kinds that travel sealed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sealed {
    /// Private notes.
    Notes,
    /// Trust check-ins.
    Checkins,
}

/// What became of the private notes of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PrivateOutcome {
    /// None came, or they were merged.
    #[default]
    Merged,
    /// This journal had no passphrase and took the other device's key.
    KeyTaken,
    /// This journal has another passphrase: they were left out (and the
    /// file is read again at the next sync, until one passphrase is chosen).
    OtherKey,
    /// This journal has another passphrase and keeps it (`--keep-passphrase
    /// mine`): they were left out, and this is said no more.
    OwnKeyKept,
}

/// The largest sealed note taken from another device (a note is at most
/// 64 KiB of text; its sealing adds little).
const MAX_SEALED: usize = 256 * 1024;

impl Store {
    /// The journal's wrapped key slots, to travel with its sealed notes;
    /// none without a passphrase.
    pub fn sync_key_slots(&self) -> Result<Vec<KeySlotDoc>> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, public_key, salt, m_kib, t_cost, p_cost, nonce, wrapped FROM key_slot ORDER BY kind",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(KeySlotDoc {
                kind: r.get(0)?,
                public_key: hex(&r.get::<_, Vec<u8>>(1)?),
                salt: hex(&r.get::<_, Vec<u8>>(2)?),
                m_kib: r.get(3)?,
                t_cost: r.get(4)?,
                p_cost: r.get(5)?,
                nonce: hex(&r.get::<_, Vec<u8>>(6)?),
                wrapped: hex(&r.get::<_, Vec<u8>>(7)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The sealed private notes (or check-ins) changed at or after `since`
    /// (all when `None`), with the id of each one's pair. Private text in
    /// clear (a journal without a passphrase) and text sealed the old way
    /// never travel.
    pub fn sync_sealed(
        &self,
        kind: Sealed,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<(i64, SealedDoc)>> {
        let since = since.map(timestamp).unwrap_or_default();
        let sql = match kind {
            Sealed::Notes => {
                "SELECT n.pair_id, n.uid, p.uid, n.sealed, NULL, n.created_at, n.updated_at
                 FROM note n JOIN pair p ON p.id = n.pair_id
                 WHERE n.private AND n.sealed IS NOT NULL AND n.binding = ?2 AND n.updated_at >= ?1
                 ORDER BY n.updated_at, n.id"
            }
            Sealed::Checkins => {
                "SELECT c.pair_id, c.uid, p.uid, c.sealed, c.checked_at, c.created_at, c.updated_at
                 FROM checkin c JOIN pair p ON p.id = c.pair_id
                 WHERE c.sealed IS NOT NULL AND c.binding = ?2 AND c.updated_at >= ?1
                 ORDER BY c.updated_at, c.id"
            }
        };
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params![since, binding::CURRENT], |r| {
            let checked_at = match r.get_ref(4)? {
                rusqlite::types::ValueRef::Null => None,
                _ => Some(super::row::time(r, 4)?),
            };
            Ok((
                r.get(0)?,
                SealedDoc {
                    uid: r.get(1)?,
                    pair_uid: r.get(2)?,
                    sealed: hex(&r.get::<_, Vec<u8>>(3)?),
                    checked_at,
                    created_at: super::row::time(r, 5)?,
                    updated_at: super::row::time(r, 6)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

impl Store {
    /// Keeps this journal's passphrase rather than the other device's whose
    /// slots are `slots`: its private text stays out, and is said no more.
    pub fn keep_own_key(&mut self, slots: &[KeySlotDoc]) -> Result<()> {
        if let Some(theirs) = slots.iter().find(|s| s.kind == "passphrase") {
            // The slots are kept too, so the choice can be made again.
            let json = serde_json::to_string(slots)
                .map_err(|e| super::StoreError::Refused(e.to_string()))?;
            self.conn.execute(
                "INSERT INTO journal_fact (name, value) VALUES ('sync_key_left_out', ?1), ('sync_key_left_out_slots', ?2)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [&theirs.public_key, &json],
            )?;
        }
        Ok(())
    }

    /// The key slots of the other passphrase this journal chose not to take
    /// (`--keep-passphrase mine`), to take it after all.
    pub fn left_out_key(&self) -> Result<Option<Vec<KeySlotDoc>>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM journal_fact WHERE name = 'sync_key_left_out_slots'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// Takes another device's key instead of this journal's own: `ours`
    /// opens this journal's key and `theirs` the other's (both are checked
    /// before anything changes); every sealed text is sealed again under
    /// the other key, without being written in clear, and the journal then
    /// opens with their passphrase and recovery code. Every file of this
    /// person's folders is read again at the next sync (what was left out
    /// comes in) and everything here is written again (sealed anew).
    pub fn take_key_of(&mut self, slots: &[KeySlotDoc], ours: &str, theirs: &str) -> Result<()> {
        use super::key_slots::Opener;
        let own = self.unlock_material(Opener::Passphrase)?.open(ours)?;
        let other = material_of(slots)
            .ok_or_else(|| {
                super::StoreError::Refused("the other device's key slots cannot be read".into())
            })?
            .open(theirs)?;
        let public = crate::crypto::public_of(&other).map_err(super::error::crypto_error)?;
        let now = timestamp(self.clock.now());
        let tx = self.conn.transaction()?;
        binding::seal_again_under(&tx, &own, &public)?;
        tx.execute("DELETE FROM key_slot", [])?;
        take_key(&tx, slots, &now)?;
        binding::record_floor(&tx)?;
        tx.execute(
            "DELETE FROM journal_fact WHERE name IN ('sync_key_left_out', 'sync_key_left_out_slots')",
            [],
        )?;
        tx.execute(
            "DELETE FROM sync_applied WHERE folder_id IN (SELECT id FROM sync_folder WHERE pair_id IS NULL)",
            [],
        )?;
        tx.execute(
            "UPDATE sync_folder SET written_until = NULL WHERE pair_id IS NULL",
            [],
        )?;
        tx.commit()?;
        self.scrub()?;
        self.install_key(other)
    }
}

/// What opening the key of another device's passphrase slot needs; `None`
/// when it has none, or one that is not hex.
fn material_of(slots: &[KeySlotDoc]) -> Option<super::key_slots::UnlockMaterial> {
    use super::key_slots::{Opener, UnlockMaterial};
    let publics = slots
        .iter()
        .map(|s| unhex(&s.public_key))
        .collect::<Option<Vec<_>>>()?;
    let s = slots.iter().find(|s| s.kind == "passphrase")?;
    let params = crate::crypto::KdfParams {
        m_kib: s.m_kib,
        t: s.t_cost,
        p: s.p_cost,
    };
    Some(UnlockMaterial::from_parts(
        Opener::Passphrase,
        (
            unhex(&s.salt)?,
            params,
            unhex(&s.nonce)?,
            unhex(&s.wrapped)?,
        ),
        publics,
    ))
}

/// Merges another device's sealed notes in the merge's transaction, first
/// taking its key when this journal has none.
pub(super) fn merge_sealed(
    tx: &Transaction<'_>,
    (slots, notes, checkins): (&[KeySlotDoc], &[SealedDoc], &[SealedDoc]),
    now: &str,
    report: &mut MergeReport,
) -> Result<PrivateOutcome> {
    let theirs = slots
        .iter()
        .find(|s| s.kind == "passphrase")
        .and_then(|s| unhex(&s.public_key));
    let ours: Option<Vec<u8>> = tx
        .query_row(
            "SELECT public_key FROM key_slot WHERE kind = 'passphrase'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let outcome = match (ours, theirs) {
        (_, None) => return Ok(PrivateOutcome::Merged),
        (Some(ours), Some(theirs)) if ours == theirs => PrivateOutcome::Merged,
        (Some(_), Some(theirs)) => {
            let kept: Option<String> = tx
                .query_row(
                    "SELECT value FROM journal_fact WHERE name = 'sync_key_left_out'",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            return Ok(if kept.as_deref() == Some(hex(&theirs).as_str()) {
                PrivateOutcome::OwnKeyKept
            } else {
                PrivateOutcome::OtherKey
            });
        }
        (None, Some(theirs)) => {
            take_key(tx, slots, now)?;
            let public = PublicKey(theirs);
            super::notes::seal_all(tx, &public)?;
            super::drafts::seal_all(tx, &public)?;
            super::checkins::seal_all(tx, &public)?;
            super::undo::forget_clear_private(tx)?;
            binding::record_floor(tx)?;
            PrivateOutcome::KeyTaken
        }
    };
    for n in notes {
        merge_sealed_row(tx, Sealed::Notes, n, report)?;
    }
    for c in checkins {
        merge_sealed_row(tx, Sealed::Checkins, c, report)?;
    }
    Ok(outcome)
}

/// The other device's slots, as they are: the same key, opened by the same
/// passphrase and recovery code.
fn take_key(tx: &Transaction<'_>, slots: &[KeySlotDoc], now: &str) -> Result<()> {
    for s in slots {
        let bytes = |h: &str| {
            unhex(h).ok_or_else(|| {
                super::StoreError::Refused(format!("a key slot of kind '{}' is not hex", s.kind))
            })
        };
        if !matches!(s.kind.as_str(), "passphrase" | "recovery") {
            continue;
        }
        tx.execute(
            "INSERT INTO key_slot (kind, public_key, salt, m_kib, t_cost, p_cost, nonce, wrapped, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                s.kind,
                bytes(&s.public_key)?,
                bytes(&s.salt)?,
                s.m_kib,
                s.t_cost,
                s.p_cost,
                bytes(&s.nonce)?,
                bytes(&s.wrapped)?,
                now
            ],
        )?;
    }
    Ok(())
}

/// One sealed note or check-in: added when new here, its sealed text
/// replaced when the incoming copy is newer; left alone when deleted here,
/// when its uid names another row, or when its pair is not here.
fn merge_sealed_row(
    tx: &Transaction<'_>,
    kind: Sealed,
    n: &SealedDoc,
    report: &mut MergeReport,
) -> Result<()> {
    let uid_ok = uuid::Uuid::parse_str(&n.uid).is_ok_and(|u| u.hyphenated().to_string() == n.uid);
    let sealed = unhex(&n.sealed).filter(|b| !b.is_empty() && b.len() <= MAX_SEALED);
    let pair: Option<i64> = tx
        .query_row("SELECT id FROM pair WHERE uid = ?1", [&n.pair_uid], |r| {
            r.get(0)
        })
        .optional()?;
    let checked_at = match (kind, n.checked_at) {
        (Sealed::Checkins, Some(t)) => Some(timestamp(t)),
        (Sealed::Checkins, None) => None,
        (Sealed::Notes, _) => Some(String::new()),
    };
    let (Some(sealed), Some(pair), Some(checked_at), true) = (sealed, pair, checked_at, uid_ok)
    else {
        report.unchanged += 1;
        return Ok(());
    };
    if super::merge::tombstoned(tx, &n.uid)? {
        report.unchanged += 1;
        return Ok(());
    }
    let (table, private, row_kind) = match kind {
        Sealed::Notes => ("note", "private", Kind::Note),
        Sealed::Checkins => ("checkin", "1", Kind::Checkin),
    };
    let local: Option<(String, i64, bool)> = tx
        .query_row(
            &format!("SELECT updated_at, pair_id, {private} FROM {table} WHERE uid = ?1"),
            [&n.uid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (created, updated) = (timestamp(n.created_at), timestamp(n.updated_at));
    match local {
        None if super::merge::uid_in_use(tx, &n.uid)?.is_some() => report.unchanged += 1,
        None => {
            match kind {
                Sealed::Notes => tx.execute(
                    "INSERT INTO note (uid, pair_id, body, private, tags, sealed, binding, created_at, updated_at)
                     VALUES (?1, ?2, '', 1, '', ?3, ?4, ?5, ?6)",
                    params![n.uid, pair, sealed, binding::CURRENT, created, updated],
                )?,
                Sealed::Checkins => tx.execute(
                    "INSERT INTO checkin (uid, pair_id, trust, helped, in_the_way, note, sealed, binding,
                         checked_at, created_at, updated_at)
                     VALUES (?1, ?2, NULL, '', '', '', ?3, ?4, ?5, ?6, ?7)",
                    params![n.uid, pair, sealed, binding::CURRENT, checked_at, created, updated],
                )?,
            };
            report.added(row_kind);
        }
        Some((local_updated, here, true)) if here == pair && updated > local_updated => {
            match kind {
                Sealed::Notes => tx.execute(
                    "UPDATE note SET body = '', tags = '', sealed = ?2, binding = ?3, updated_at = ?4,
                         version = version + 1 WHERE uid = ?1",
                    params![n.uid, sealed, binding::CURRENT, updated],
                )?,
                Sealed::Checkins => tx.execute(
                    "UPDATE checkin SET trust = NULL, helped = '', in_the_way = '', note = '', sealed = ?2,
                         binding = ?3, checked_at = ?5, updated_at = ?4, version = version + 1 WHERE uid = ?1",
                    params![n.uid, sealed, binding::CURRENT, updated, checked_at],
                )?,
            };
            report.updated(row_kind);
        }
        Some(_) => report.unchanged += 1,
    }
    Ok(())
}
