//! Syncing a journal with this person's other journals through a folder a
//! folder-sync tool already keeps in step (Syncthing, Dropbox, a network
//! share): `candor sync DIR`.
//!
//! Each journal is a device of the folder and writes only its own files,
//! under `DIR/<device uid>/`: numbered change files (what changed here since
//! its last one), now and then a full copy (snapshot) so a new device need
//! not replay everything, and a small device file (its name, the devices it
//! no longer reads). Each file is written to a temporary name and renamed,
//! and no file is ever written by two journals, so a sync tool never has a
//! conflict to resolve; a conflict copy it makes anyway is read like any
//! file, and a file already applied (by a digest of its bytes) changes
//! nothing twice. Everything under a device folder is encrypted
//! (ChaCha20-Poly1305) under a key derived from the sync code, bound to the
//! folder, the device, the kind of file and its number, so a file moved or
//! renamed does not open. The folder's marker, `candor-sync.json`, holds
//! only the folder's uid, the salt of the key and a check of the code.
//!
//! What comes in is an export document from another journal and is checked
//! as an import is (`export::parse`), then merged by uid and version in one
//! transaction with the note that the file was applied. Private notes and
//! check-ins stay on the device they were written on.

mod error;
mod files;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use zeroize::Zeroizing;

use crate::crypto;
use crate::export;
use crate::store::{
    KeySlotDoc, MergeReport, PrivateOutcome, Sealed, SealedDoc, Store, SyncFile, SyncFolder,
};
use crate::text;
pub use error::SyncError;
pub use files::{Device, FileKind};
use files::{FolderFiles, Marker};

/// What a sealed file holds: an export document of the shared entries, and
/// between one person's devices the journal's wrapped key slots and its
/// private notes, sealed as they are.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    document: serde_json::Value,
    #[serde(default)]
    keys: Vec<KeySlotDoc>,
    #[serde(default)]
    sealed_notes: Vec<SealedDoc>,
    #[serde(default)]
    sealed_checkins: Vec<SealedDoc>,
}

/// A device writes a full copy of its journal after this many change files.
pub const SNAPSHOT_EVERY: u64 = 50;

/// What one sync did.
#[derive(Debug, Default)]
pub struct Round {
    /// The folder.
    pub folder: PathBuf,
    /// The sync code, the first time (shown once).
    pub new_code: Option<Zeroizing<String>>,
    /// This journal's device.
    pub device: String,
    /// The file written, if anything changed here: its name and how many
    /// pairs and deletions it holds.
    pub wrote: Option<(String, usize, usize)>,
    /// The files applied: which device wrote them, and what they changed.
    pub applied: Vec<(String, MergeReport)>,
    /// Files skipped, one sentence each.
    pub skipped: Vec<String>,
    /// The other devices read, by name.
    pub devices: Vec<String>,
    /// The device forgotten, by name.
    pub forgot: Option<String>,
    /// In a folder shared with a partner: the partner's name.
    pub partner: Option<String>,
    /// The device whose passphrase this journal took (it had none).
    pub key_from: Option<String>,
    /// How many sealed private notes were written.
    pub sealed_written: usize,
    /// Whether a copy of the journal was looked for before merging, and the
    /// copy made (at most one a day).
    pub copy: Option<Option<PathBuf>>,
    /// A device whose private text is sealed under another passphrase than
    /// this journal's, and its key slots (to take that passphrase instead).
    pub other_key: Option<(String, Vec<KeySlotDoc>)>,
}

impl Round {
    /// Everything the files applied changed, added up.
    pub fn total(&self) -> (usize, usize, usize) {
        self.applied.iter().fold((0, 0, 0), |(a, u, d), (_, r)| {
            (a + r.added, u + r.updated, d + r.deleted)
        })
    }
}

/// What `candor sync` was asked.
#[derive(Debug, Default)]
pub struct Ask<'a> {
    /// `--join`, with the code given (typed or `CANDOR_SYNC_CODE`).
    pub join: Option<&'a str>,
    /// `--forget DEVICE`.
    pub forget: Option<&'a str>,
    /// This device's name when it joins or starts the folder.
    pub device_name: Option<&'a str>,
    /// `--pair`: the pair (its id here) the folder shares with a partner.
    pub pair: Option<i64>,
    /// `--new-code`: change the folder's sync code (after `--forget` of a
    /// machine that knows it).
    pub new_code: bool,
}

/// The folder's path as the journal keeps it: absolute, links resolved.
pub fn folder_path(dir: &Path) -> Result<PathBuf, SyncError> {
    let missing = || SyncError::Missing {
        path: text::path(dir),
    };
    let path = dir.canonicalize().map_err(|_| missing())?;
    if !path.is_dir() {
        return Err(missing());
    }
    Ok(path)
}

/// Whether this journal syncs through `dir` already.
pub fn joined(store: &Store, dir: &Path) -> Result<bool, SyncError> {
    Ok(store.sync_folder(&folder_path(dir)?)?.is_some())
}

/// Whether this journal syncs through `dir` and its code was changed on
/// another device since (the key kept here no longer opens its marker).
pub fn code_changed(store: &Store, dir: &Path) -> Result<bool, SyncError> {
    let path = folder_path(dir)?;
    let Some(folder) = store.sync_folder(&path)? else {
        return Ok(false);
    };
    Ok(Marker::read(&path)?.is_some_and(|m| !m.opens_with(&folder.key)))
}

/// Whether `dir` holds a candor sync folder.
pub fn has_marker(dir: &Path) -> bool {
    dir.join(files::MARKER).is_file()
}

/// What a journal that is not made yet would be told about `dir` before
/// anything is made: a folder missing, one to `--join` (a new journal has
/// joined none), or nothing to join.
pub fn check_new_journal(dir: &Path, join: bool) -> Result<(), SyncError> {
    let path = folder_path(dir)?;
    let shown = text::path(&path);
    match (has_marker(&path), join) {
        (true, false) => Err(SyncError::NotJoined { path: shown }),
        (false, true) => Err(SyncError::NothingToJoin { path: shown }),
        _ => Ok(()),
    }
}

/// Syncs `store` through `dir`: starts the folder (the first time, with a
/// new sync code), joins it (`ask.join`), or syncs as a device of it;
/// writes what changed here, then reads and merges every other device's
/// files not applied yet.
pub fn sync(store: &mut Store, dir: &Path, ask: &Ask<'_>) -> Result<Round, SyncError> {
    let path = folder_path(dir)?;
    let shown = text::path(&path);
    let mut round = Round {
        folder: path.clone(),
        ..Round::default()
    };
    let folder = match store.sync_folder(&path)? {
        Some(folder) => folder,
        None => {
            let (marker, key, code) = match (Marker::read(&path)?, ask.join) {
                (None, Some(_)) => return Err(SyncError::NothingToJoin { path: shown }),
                (Some(_), None) => return Err(SyncError::NotJoined { path: shown }),
                (None, None) => {
                    let code = crypto::recovery_code().map_err(crypto_error)?;
                    let (marker, key) = Marker::create(&path, &code, ask.pair.is_some())?;
                    (marker, key, Some(code))
                }
                (Some(marker), Some(code)) => {
                    // A folder shares one person's journal or one pair with
                    // a partner; it is joined as what it is.
                    if marker.pair != ask.pair.is_some() {
                        return Err(SyncError::OtherScope {
                            path: shown,
                            shares: if marker.pair {
                                "one pair with a partner: join it with --pair and your pair of that relationship".into()
                            } else {
                                "one person's journal between their devices: join it without --pair"
                                    .into()
                            },
                        });
                    }
                    let key = marker.open(&path, code)?;
                    (marker, key, None)
                }
            };
            round.new_code = code;
            let device = uuid::Uuid::new_v4().to_string();
            let name = ask
                .device_name
                .map(str::to_owned)
                .unwrap_or_else(files::host_name);
            files::make_device_folder(&path, &device)?;
            store.add_sync_folder(&path, &marker.folder, (&device, &name), &key, ask.pair)?
        }
    };
    // A folder shares this person's journal or one pair with a partner,
    // and stays what it was made for.
    if ask.pair.is_some() && ask.pair != folder.pair_id {
        return Err(SyncError::OtherScope {
            path: shown,
            shares: match folder.pair_id {
                Some(id) => format!(
                    "your pair with {} with them",
                    text::one_line(store.pair(id)?.partner_name())
                ),
                None => "this journal with your other devices".into(),
            },
        });
    }
    let shared = match folder.pair_id {
        Some(id) => Some(store.pair(id)?),
        None => None,
    };
    round.partner = shared.as_ref().map(|p| text::one_line(p.partner_name()));
    // The code changed: on another device (this one joins again with the
    // new code), or here (`--new-code`).
    let mut folder = folder;
    let marker = Marker::read(&path)?.ok_or_else(|| SyncError::MarkerGone {
        path: shown.clone(),
    })?;
    if !marker.opens_with(&folder.key) {
        match ask.join.filter(|code| !code.is_empty()) {
            Some(code) => {
                let key = marker.open(&path, code)?;
                store.set_sync_key(&folder, &key)?;
            }
            None => return Err(SyncError::CodeChanged { path: shown }),
        }
    } else if ask.new_code {
        let code = crypto::recovery_code().map_err(crypto_error)?;
        let key = marker.change_code(&path, &code)?;
        store.set_sync_key(&folder, &key)?;
        round.new_code = Some(code);
    }
    if let Some(again) = store.sync_folder(&path)? {
        folder = again;
    }
    round.device = folder.device_name.clone();
    let files = FolderFiles::new(&folder);
    let mut forgotten = store.sync_forgotten(&folder)?;
    let others = files.devices(&forgotten, &mut round.skipped)?;
    if let Some(name) = ask.forget {
        let device = others
            .iter()
            .find(|d| d.uid == name || d.name == name || d.uid.starts_with(name))
            .ok_or_else(|| SyncError::NoSuchDevice {
                path: shown.clone(),
                name: text::one_line(name),
                known: others
                    .iter()
                    .map(|d| format!("{} ({})", d.name, &d.uid[..8]))
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        store.sync_forget(&folder, &device.uid)?;
        forgotten.push(device.uid.clone());
        round.forgot = Some(device.name.clone());
    }
    // What the others no longer read, this device no longer reads either.
    for d in &others {
        for f in &d.forgotten {
            if *f != folder.device_uid && !forgotten.contains(f) {
                store.sync_forget(&folder, f)?;
                forgotten.push(f.clone());
            }
        }
    }
    files.write_device(&Device {
        uid: folder.device_uid.clone(),
        name: folder.device_name.clone(),
        forgotten: forgotten.clone(),
    })?;
    write_changes(store, &folder, &files, &mut round)?;
    for device in others.iter().filter(|d| !forgotten.contains(&d.uid)) {
        round.devices.push(device.name.clone());
        for file in files.to_read(device, &mut round.skipped)? {
            let bytes = match std::fs::read(&file.path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    round
                        .skipped
                        .push(format!("{}: cannot be read ({e}); skipped", file.shown));
                    continue;
                }
            };
            let digest = files::digest(&bytes);
            // A sync tool's conflict copy of a file applied already changes
            // nothing twice; the same bytes under another number or device
            // were moved there, and are said.
            if let Some((uid, seq)) = store.sync_applied_as(&folder, &digest)? {
                if uid != device.uid || seq != file.seq {
                    let whose = others
                        .iter()
                        .find(|d| d.uid == uid)
                        .map_or_else(|| uid.clone(), |d| d.name.clone());
                    round.skipped.push(format!(
                        "{}: a copy of {whose}'s file {seq:08}, read already, under another name; skipped",
                        file.shown
                    ));
                }
                continue;
            }
            let json = match files.open(&bytes, &device.uid, file.kind, file.seq) {
                Ok(json) => json,
                Err(why) => {
                    round
                        .skipped
                        .push(format!("{}: {why}; skipped", file.shown));
                    continue;
                }
            };
            let payload = match serde_json::from_slice::<Payload>(&json) {
                Ok(payload) => payload,
                Err(e) => {
                    round.skipped.push(format!(
                        "{}: not what a candor sync file holds ({e}); skipped",
                        file.shown
                    ));
                    continue;
                }
            };
            let import = match export::parse(
                &payload.document.to_string(),
                &file.shown,
                store.clock().now(),
            ) {
                Ok(import) => import,
                Err(why) => {
                    round.skipped.push(format!("{why}; skipped"));
                    continue;
                }
            };
            if let Some(ours) = &shared
                && let Err(why) = partners_file(&import, ours)
            {
                round
                    .skipped
                    .push(format!("{}: {why}; skipped", file.shown));
                continue;
            }
            // Before the first change a sync makes today, a copy of the journal.
            if round.copy.is_none() {
                round.copy = Some(store.backup_before_sync()?);
            }
            let applied = SyncFile {
                digest,
                device_uid: device.uid.clone(),
                seq: file.seq,
            };
            let merged = store.merge_synced(
                &folder,
                &applied,
                (&import.bundles, &import.tombstones),
                (
                    &payload.keys,
                    &payload.sealed_notes,
                    &payload.sealed_checkins,
                ),
            )?;
            if let Some((report, private)) = merged {
                round.applied.push((device.name.clone(), report));
                match private {
                    PrivateOutcome::KeyTaken => round.key_from = Some(device.name.clone()),
                    PrivateOutcome::OtherKey => {
                        round.skipped.push(format!(
                            "{}: its private notes are sealed under {}'s passphrase, not this journal's; they were left out",
                            file.shown, device.name
                        ));
                        if round.other_key.is_none() {
                            round.other_key = Some((device.name.clone(), payload.keys.clone()));
                        }
                    }
                    PrivateOutcome::Merged | PrivateOutcome::OwnKeyKept => {}
                }
            }
        }
    }
    store.sync_done(&folder)?;
    Ok(round)
}

/// Writes what changed here since the last file, if anything did: a full
/// copy the first time, every [`SNAPSHOT_EVERY`] files, and after this
/// journal's key changed (older files then are read no more).
fn write_changes(
    store: &mut Store,
    folder: &SyncFolder,
    files: &FolderFiles<'_>,
    round: &mut Round,
) -> Result<(), SyncError> {
    let now: DateTime<Utc> = store.clock().now();
    let seq = folder.written_seq + 1;
    // A full copy the first time, every SNAPSHOT_EVERY files, and when
    // everything is to be written again (the key changed).
    let snapshot = folder.written_until.is_none() || seq - folder.snapshot_seq >= SNAPSHOT_EVERY;
    let since = if snapshot { None } else { folder.written_until };
    let (mut bundles, tombstones) = store.sync_changes(since, folder.pair_id)?;
    // Private notes travel sealed, with the key slots, between this
    // person's devices only; a journal without a passphrase keeps them.
    let (keys, sealed, checkins) = match folder.pair_id {
        None => (
            store.sync_key_slots()?,
            store.sync_sealed(Sealed::Notes, since)?,
            store.sync_sealed(Sealed::Checkins, since)?,
        ),
        Some(_) => (Vec::new(), Vec::new(), Vec::new()),
    };
    for (pair_id, _) in sealed.iter().chain(&checkins) {
        let pair = store.pair(*pair_id)?;
        if !bundles.iter().any(|b| b.pair.uid == pair.uid) {
            let aliases = store.pair_aliases(*pair_id)?;
            bundles.push(crate::store::PairBundle::new(pair, aliases));
        }
    }
    if !snapshot && bundles.is_empty() && tombstones.is_empty() {
        // Nothing changed here up to now: what is merged from the others
        // after this is theirs, and is not written back to them.
        store.sync_written(folder, folder.written_seq, now, false)?;
        return Ok(());
    }
    let doc = export::document(&bundles, &tombstones, now, false);
    let payload = Payload {
        document: serde_json::to_value(&doc).map_err(|e| SyncError::Crypto(e.to_string()))?,
        keys,
        sealed_notes: sealed.into_iter().map(|(_, n)| n).collect(),
        sealed_checkins: checkins.into_iter().map(|(_, c)| c).collect(),
    };
    round.sealed_written = payload.sealed_notes.len();
    let json =
        Zeroizing::new(serde_json::to_vec(&payload).map_err(|e| SyncError::Crypto(e.to_string()))?);
    let kind = if snapshot {
        FileKind::Snapshot
    } else {
        FileKind::Change
    };
    let name = files.write(kind, seq, &json)?;
    store.sync_written(folder, seq, now, snapshot)?;
    round.wrote = Some((name, bundles.len(), tombstones.len()));
    Ok(())
}

/// What a partner's file may hold: the one pair shared with them, written
/// from the other role, and nothing private.
fn partners_file(import: &export::Import, ours: &crate::domain::Pair) -> Result<(), String> {
    if import.includes_private {
        return Err("a partner's file that says it holds private entries".into());
    }
    match import.bundles.as_slice() {
        [] => Ok(()),
        [b] if b.pair.my_role != ours.my_role => Ok(()),
        [b] => Err(format!(
            "written by the {} of its pair, and you are the {} of this pair too: merging it would swap the two names",
            b.pair.my_role, ours.my_role
        )),
        more => Err(format!(
            "{} pairs in a folder that shares one pair with a partner",
            more.len()
        )),
    }
}

fn crypto_error(e: crypto::CryptoError) -> SyncError {
    SyncError::Crypto(e.to_string())
}
