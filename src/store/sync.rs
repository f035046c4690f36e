//! What a journal keeps of the folders it syncs through (`candor sync`):
//! each folder's key and this journal's device in it, what it has written
//! there, which files it has applied, and the devices it no longer reads;
//! what changed here since the last file written; and a file of another
//! device merged in, with the note that it was applied, in one transaction.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use zeroize::Zeroizing;

use super::row::time;
use super::sync_private::{KeySlotDoc, PrivateOutcome, SealedDoc, merge_sealed};
use super::{MergeReport, PairBundle, Result, Store, StoreError, Tombstone, timestamp};

/// A folder this journal syncs through.
#[derive(Clone)]
pub struct SyncFolder {
    /// Its row.
    pub id: i64,
    /// The folder, as it was given the first time (made absolute).
    pub path: PathBuf,
    /// The folder's own uid, from its marker file.
    pub folder_uid: String,
    /// This journal's device uid in the folder.
    pub device_uid: String,
    /// This journal's device name, as others list it.
    pub device_name: String,
    /// The key every file in the folder is encrypted under.
    pub key: Zeroizing<[u8; 32]>,
    /// The number of the last file this journal wrote there.
    pub written_seq: u64,
    /// The time up to which this journal's changes are in its files.
    pub written_until: Option<DateTime<Utc>>,
    /// The number of the last full copy (snapshot) it wrote.
    pub snapshot_seq: u64,
    /// When it last synced.
    pub last_synced_at: Option<DateTime<Utc>>,
    /// The pair it shares with a partner; `None` for this person's devices.
    pub pair_id: Option<i64>,
}

impl std::fmt::Debug for SyncFolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncFolder")
            .field("id", &self.id)
            .field("path", &self.path)
            .field("folder_uid", &self.folder_uid)
            .field("device_uid", &self.device_uid)
            .field("written_seq", &self.written_seq)
            .finish_non_exhaustive()
    }
}

/// A file of the folder, as the journal notes it was applied.
#[derive(Debug, Clone)]
pub struct SyncFile {
    /// A digest of its bytes.
    pub digest: Vec<u8>,
    /// The device that wrote it.
    pub device_uid: String,
    /// Its number among that device's files.
    pub seq: u64,
}

const COLUMNS: &str = "id, path, folder_uid, device_uid, device_name, sync_key, written_seq,
     written_until, snapshot_seq, last_synced_at, pair_id";

fn folder_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<SyncFolder> {
    let key: Vec<u8> = r.get(5)?;
    let mut fixed = Zeroizing::new([0u8; 32]);
    if key.len() == 32 {
        fixed.copy_from_slice(&key);
    }
    let optional_time = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        match r.get_ref(i)? {
            rusqlite::types::ValueRef::Null => Ok(None),
            _ => time(r, i).map(Some),
        }
    };
    Ok(SyncFolder {
        id: r.get(0)?,
        path: PathBuf::from(r.get::<_, String>(1)?),
        folder_uid: r.get(2)?,
        device_uid: r.get(3)?,
        device_name: r.get(4)?,
        key: fixed,
        written_seq: r.get::<_, i64>(6)?.try_into().unwrap_or(0),
        written_until: optional_time(7)?,
        snapshot_seq: r.get::<_, i64>(8)?.try_into().unwrap_or(0),
        last_synced_at: optional_time(9)?,
        pair_id: r.get(10)?,
    })
}

fn seq(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Store {
    /// The folder at `path` this journal syncs through, if it does.
    pub fn sync_folder(&self, path: &Path) -> Result<Option<SyncFolder>> {
        let path = path.to_string_lossy();
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM sync_folder WHERE path = ?1"),
                [path.as_ref()],
                folder_of,
            )
            .optional()?)
    }

    /// Every folder this journal syncs through, the last synced first.
    pub fn sync_folders(&self) -> Result<Vec<SyncFolder>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM sync_folder ORDER BY last_synced_at DESC, id"
        ))?;
        let rows = stmt.query_map([], folder_of)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remembers a folder this journal now syncs through, as device
    /// `device_uid` named `device_name`, under `key`; shared with a
    /// partner for pair `pair_id`, or with this person's devices.
    pub fn add_sync_folder(
        &mut self,
        path: &Path,
        folder_uid: &str,
        device: (&str, &str),
        key: &[u8; 32],
        pair_id: Option<i64>,
    ) -> Result<SyncFolder> {
        let now = timestamp(self.clock.now());
        let (device_uid, device_name) = device;
        self.conn.execute(
            "INSERT INTO sync_folder (path, folder_uid, device_uid, device_name, sync_key, created_at, pair_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![path.to_string_lossy(), folder_uid, device_uid, device_name, &key[..], now, pair_id],
        )?;
        self.sync_folder(path)?
            .ok_or_else(|| StoreError::NotFound("the sync folder just added".into()))
    }

    /// What changed here at or after `since` (everything when `None`) that
    /// travels to this person's other devices: each pair whose header or
    /// any shared entry changed, with those entries, and the deletions
    /// since, with the header of each pair they reach. Private notes and
    /// check-ins stay on this device. With `since`, only the rows changed
    /// are read (by an index on each table's time of change).
    pub fn sync_changes(
        &self,
        since: Option<DateTime<Utc>>,
        only: Option<i64>,
    ) -> Result<(Vec<PairBundle>, Vec<Tombstone>)> {
        // A partner's folder carries one pair, and the deletions in it.
        let scope = match only {
            Some(id) => {
                let pair = self.pair(id)?;
                let mut uids = self.pair_aliases(id)?;
                uids.push(pair.uid);
                Some(uids)
            }
            None => None,
        };
        let tombstones: Vec<Tombstone> = self
            .tombstones(None)?
            .into_iter()
            .filter(|t| since.is_none_or(|s| t.deleted_at >= s))
            .filter(|t| {
                scope
                    .as_ref()
                    .is_none_or(|uids| t.pair_uid.as_ref().is_some_and(|u| uids.contains(u)))
            })
            .collect();
        let Some(since) = since else {
            return Ok((self.bundles(only, false)?, tombstones));
        };
        let at = timestamp(since);
        let mut pairs: std::collections::BTreeMap<i64, PairBundle> = Default::default();
        let ids = |sql: &str| -> Result<Vec<(i64, i64)>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([&at], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let rows: Vec<(i64, i64)> = rows.collect::<rusqlite::Result<_>>()?;
            Ok(rows
                .into_iter()
                .filter(|(_, pair)| only.is_none_or(|id| id == *pair))
                .collect())
        };
        for (id, _) in ids("SELECT id, id FROM pair WHERE updated_at >= ?1")? {
            self.bundle_for(&mut pairs, id)?;
        }
        for t in &tombstones {
            if let Some(uid) = &t.pair_uid
                && let Some(id) = self.pair_id_of(uid)?
                && only.is_none_or(|only| only == id)
            {
                self.bundle_for(&mut pairs, id)?;
            }
        }
        let changed = |table: &str, private: &str| {
            format!(
                "SELECT id, pair_id FROM {table} WHERE updated_at >= ?1{private} ORDER BY updated_at, id"
            )
        };
        for (id, pair) in ids(&changed("checklist_item", ""))? {
            let e = self.checklist_item(id)?;
            self.bundle_for(&mut pairs, pair)?.checklist.push(e);
        }
        for (id, pair) in ids(&changed("strength", ""))? {
            let e = self.strength(id)?;
            self.bundle_for(&mut pairs, pair)?.strengths.push(e);
        }
        for (id, pair) in ids(&changed("experience", ""))? {
            let e = self.experience(id)?;
            self.bundle_for(&mut pairs, pair)?.experiences.push(e);
        }
        for (id, pair) in ids(&changed("meeting", ""))? {
            let e = self.meeting(id)?;
            self.bundle_for(&mut pairs, pair)?.meetings.push(e);
        }
        for (id, pair) in ids(&changed("feedback", ""))? {
            let e = self.feedback_entry(id)?;
            self.bundle_for(&mut pairs, pair)?.feedback.push(e);
        }
        for (id, pair) in ids(&changed("note", " AND NOT private"))? {
            let e = self.note(id)?;
            self.bundle_for(&mut pairs, pair)?.notes.push(e);
        }
        for (id, pair) in ids(&changed("action_item", ""))? {
            let e = self.action(id)?;
            self.bundle_for(&mut pairs, pair)?.actions.push(e);
        }
        let goals = ids("SELECT id, pair_id FROM goal WHERE updated_at >= ?1
             UNION SELECT g.id, g.pair_id FROM goal_progress p JOIN goal g ON g.id = p.goal_id
                 WHERE p.noted_at >= ?1")?;
        for (id, pair) in goals {
            let goal = self.goal(id)?;
            let history = self.goal_history(id)?;
            self.bundle_for(&mut pairs, pair)?
                .goals
                .push((goal, history));
        }
        Ok((pairs.into_values().collect(), tombstones))
    }

    /// The bundle of pair `pair_id` in `pairs`, with its header and no
    /// entries when it is not there yet.
    fn bundle_for<'m>(
        &self,
        pairs: &'m mut std::collections::BTreeMap<i64, PairBundle>,
        pair_id: i64,
    ) -> Result<&'m mut PairBundle> {
        use std::collections::btree_map::Entry as Slot;
        Ok(match pairs.entry(pair_id) {
            Slot::Occupied(o) => o.into_mut(),
            Slot::Vacant(v) => v.insert(PairBundle::new(
                self.pair(pair_id)?,
                self.pair_aliases(pair_id)?,
            )),
        })
    }

    /// The id of the pair here with `uid`, its own or an alias (a
    /// partner's deletion names their pair's uid).
    fn pair_id_of(&self, uid: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM pair WHERE uid = ?1
                 UNION ALL SELECT pair_id FROM pair_alias WHERE uid = ?1 LIMIT 1",
                [uid],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Notes that file `seq` was written, holding this journal's changes up
    /// to `until` (a full copy when `snapshot`).
    pub fn sync_written(
        &mut self,
        folder: &SyncFolder,
        seq_written: u64,
        until: DateTime<Utc>,
        snapshot: bool,
    ) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_folder SET written_seq = ?2, written_until = ?3,
                 snapshot_seq = CASE WHEN ?4 THEN ?2 ELSE snapshot_seq END
             WHERE id = ?1",
            params![folder.id, seq(seq_written), timestamp(until), snapshot],
        )?;
        Ok(())
    }

    /// Keeps `key` as the folder's key from now on (its code changed): the
    /// next file is a full copy, sealed under it.
    pub fn set_sync_key(&mut self, folder: &SyncFolder, key: &[u8; 32]) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_folder SET sync_key = ?2, written_until = NULL WHERE id = ?1",
            params![folder.id, &key[..]],
        )?;
        Ok(())
    }

    /// Notes that this journal synced now.
    pub fn sync_done(&mut self, folder: &SyncFolder) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_folder SET last_synced_at = ?2 WHERE id = ?1",
            params![folder.id, timestamp(self.clock.now())],
        )?;
        Ok(())
    }

    /// The device and number of the file with this digest, if it was
    /// applied here already: a file whose bytes were applied under another
    /// name than its own was copied or moved there.
    pub fn sync_applied_as(
        &self,
        folder: &SyncFolder,
        digest: &[u8],
    ) -> Result<Option<(String, u64)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT device_uid, seq FROM sync_applied WHERE folder_id = ?1 AND digest = ?2",
            )?
            .query_row(params![folder.id, digest], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)?.try_into().unwrap_or(0)))
            })
            .optional()?)
    }

    /// Merges a file another device of this person (or, in a folder shared
    /// for one pair, the partner) wrote, and notes it as applied, in one
    /// transaction; `None` (and nothing changed) when it was applied
    /// already. A partner's file is merged as their export would be: into
    /// the pair shared with them, with deletions bounded as an import's.
    pub fn merge_synced(
        &mut self,
        folder: &SyncFolder,
        file: &SyncFile,
        (bundles, tombstones): (&[PairBundle], &[Tombstone]),
        private: (&[KeySlotDoc], &[SealedDoc], &[SealedDoc]),
    ) -> Result<Option<(MergeReport, PrivateOutcome)>> {
        let now = timestamp(self.clock.now());
        // A partner's pair is linked to the pair shared with them; this
        // person's devices carry the same pairs.
        let links: Vec<(String, i64)> = match folder.pair_id {
            Some(id) => bundles.iter().map(|b| (b.pair.uid.clone(), id)).collect(),
            None => Vec::new(),
        };
        let mut merger = self.merger_from(bundles, tombstones, &links, folder.pair_id.is_none())?;
        merger.came_from(folder.id);
        let tx = merger.transaction();
        let added = tx.execute(
            "INSERT INTO sync_applied (folder_id, digest, device_uid, seq, applied_at)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            params![folder.id, file.digest, file.device_uid, seq(file.seq), now],
        )?;
        if added == 0 {
            merger.finish(|_| false)?;
            return Ok(None);
        }
        merger.bundles(bundles)?;
        // Sealed private notes come only from this person's own devices.
        let outcome = if folder.pair_id.is_none() {
            merger.within(|tx, report| merge_sealed(tx, private, &now, report))?
        } else {
            PrivateOutcome::Merged
        };
        if outcome == PrivateOutcome::OtherKey {
            // Read again at the next sync, until one passphrase is chosen.
            merger.transaction().execute(
                "DELETE FROM sync_applied WHERE folder_id = ?1 AND digest = ?2",
                params![folder.id, file.digest],
            )?;
        }
        if outcome == PrivateOutcome::KeyTaken {
            // This journal's own private notes were just sealed: the next
            // file to this person's devices carries everything again.
            merger.transaction().execute(
                "UPDATE sync_folder SET written_until = NULL WHERE pair_id IS NULL",
                [],
            )?;
        }
        let report = merger.finish(|_| true)?.0;
        if outcome == PrivateOutcome::KeyTaken {
            // The private text just sealed leaves no trace in clear.
            self.scrub()?;
        }
        Ok(Some((report, outcome)))
    }

    /// A copy of the journal beside itself (`NAME.before-sync-…`) before a
    /// sync changes it, at most one a day (older ones pruned as every
    /// automatic copy is); the copy made, if one was.
    pub fn backup_before_sync(&mut self) -> Result<Option<PathBuf>> {
        let Some(db) = self.path.clone() else {
            return Ok(None);
        };
        let today = self.clock.today().to_string();
        let last: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM journal_fact WHERE name = 'sync_copy_day'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if last.as_deref() == Some(today.as_str()) {
            return Ok(None);
        }
        let copy =
            super::file_copy::automatic_copy(&self.conn, &db, "before-sync", self.clock.now())?;
        self.conn.execute(
            "INSERT INTO journal_fact (name, value) VALUES ('sync_copy_day', ?1)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [today],
        )?;
        Ok(Some(copy))
    }

    /// The devices this journal no longer reads in `folder`.
    pub fn sync_forgotten(&self, folder: &SyncFolder) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT device_uid FROM sync_forgotten WHERE folder_id = ?1 ORDER BY device_uid",
        )?;
        let rows = stmt.query_map([folder.id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stops reading device `device_uid` in `folder`; true when it was read
    /// until now.
    pub fn sync_forget(&mut self, folder: &SyncFolder, device_uid: &str) -> Result<bool> {
        let now = timestamp(self.clock.now());
        Ok(self.conn.execute(
            "INSERT INTO sync_forgotten (folder_id, device_uid, forgotten_at) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![folder.id, device_uid, now],
        )? > 0)
    }
}
