//! The files of a sync folder: its marker (the folder's uid, the salt of
//! its key, a check of the code), each device's folder of numbered change
//! files, snapshots and its device file, each sealed under the folder's key
//! and bound to where it belongs; written whole (a temporary name, then a
//! rename) or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::error::SyncError;
use crate::crypto::{self, KdfParams};
use crate::store::SyncFolder;
use crate::text::{self, hex, unhex};

/// The marker file at the top of a sync folder.
pub(super) const MARKER: &str = "candor-sync.json";
/// The sync format this program writes and reads.
const FORMAT: u32 = 1;
/// What every sealed file starts with.
const MAGIC: &[u8] = b"candor-sync 1\n";
/// The name of a device's own file in its folder.
const DEVICE_FILE: &str = "device";
/// Argon2id for the sync code: the code is random (about 147 bits), so the
/// cost only has to keep a stolen marker from being a cheap check.
const KDF: KdfParams = KdfParams {
    m_kib: 19 * 1024,
    t: 2,
    p: 1,
};
/// What the marker's check seals.
const CHECK: &[u8] = b"candor sync folder";

/// The kinds of sealed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// What changed on a device since its last file.
    Change,
    /// A full copy of a device's journal.
    Snapshot,
    /// A device's name and the devices it no longer reads.
    Device,
}

impl FileKind {
    fn name(self) -> &'static str {
        match self {
            Self::Change => "change",
            Self::Snapshot => "snapshot",
            Self::Device => "device",
        }
    }
}

/// The marker of a sync folder.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Marker {
    candor_sync: u32,
    /// The folder's uid.
    pub(super) folder: String,
    /// The salt of the key, in hex.
    salt: String,
    /// Argon2id memory (KiB), passes, lanes.
    kdf: [u32; 3],
    /// [`CHECK`] sealed under the key, in hex.
    check: String,
    /// Whether the folder shares one pair with a partner (`--pair`), not
    /// one person's journal between their devices.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub(super) pair: bool,
}

/// A folder or file that could not be read.
fn io(path: &Path) -> impl Fn(std::io::Error) -> SyncError + use<> {
    let path = text::path(path);
    move |error| SyncError::Io {
        doing: "read",
        path: path.clone(),
        error,
    }
}

/// A folder that could not be written in.
fn io_write(dir: &Path) -> impl Fn(std::io::Error) -> SyncError + use<> {
    let path = text::path(dir);
    move |error| SyncError::Io {
        doing: "write in",
        path: path.clone(),
        error,
    }
}

fn crypto_error(e: crypto::CryptoError) -> SyncError {
    SyncError::Crypto(e.to_string())
}

/// What a sealed file is bound to.
fn aad(folder: &str, device: &str, kind: FileKind, seq: u64) -> Vec<u8> {
    format!(
        "candor-sync {FORMAT}\0{folder}\0{device}\0{}\0{seq}",
        kind.name()
    )
    .into_bytes()
}

/// Writes `bytes` to `path` whole or not at all: a temporary name beside
/// it, flushed to disk, then renamed over it.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), SyncError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(".tmp-{}", uuid::Uuid::new_v4()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_write(dir))
}

impl Marker {
    /// The marker of the folder at `dir`, if it has one.
    pub(super) fn read(dir: &Path) -> Result<Option<Self>, SyncError> {
        let path = dir.join(MARKER);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(&path)(e)),
        };
        let bad = |reason: String| SyncError::BadMarker {
            path: text::path(&path),
            reason,
        };
        let marker: Self = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if marker.candor_sync != FORMAT {
            return Err(bad(format!(
                "it is of sync format {}, and this candor reads format {FORMAT} — upgrade candor",
                marker.candor_sync
            )));
        }
        if uuid::Uuid::parse_str(&marker.folder).is_err() {
            return Err(bad("its folder uid is not a uid".into()));
        }
        Ok(Some(marker))
    }

    /// A new sync folder at `dir` for `code`: its marker written (unless
    /// another journal wrote one first), and its key.
    pub(super) fn create(
        dir: &Path,
        code: &str,
        pair: bool,
    ) -> Result<(Self, Zeroizing<[u8; 32]>), SyncError> {
        let (mut marker, key) = Self::sealed_for(uuid::Uuid::new_v4().to_string(), code)?;
        marker.pair = pair;
        let path = dir.join(MARKER);
        let json =
            serde_json::to_vec_pretty(&marker).map_err(|e| SyncError::Crypto(e.to_string()))?;
        // Written beside it, then linked in: never over a marker another
        // journal wrote meanwhile.
        let tmp = dir.join(format!(".tmp-{}", uuid::Uuid::new_v4()));
        write_whole(&tmp, &json)?;
        let linked = std::fs::hard_link(&tmp, &path);
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok((marker, key)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(SyncError::NotJoined {
                path: text::path(dir),
            }),
            Err(e) => Err(io_write(dir)(e)),
        }
    }

    /// The marker of folder `folder` replaced by one for a new `code`: the
    /// old code opens nothing written after. The new key.
    pub(super) fn change_code(
        &self,
        dir: &Path,
        code: &str,
    ) -> Result<Zeroizing<[u8; 32]>, SyncError> {
        let (mut marker, key) = Self::sealed_for(self.folder.clone(), code)?;
        marker.pair = self.pair;
        let json =
            serde_json::to_vec_pretty(&marker).map_err(|e| SyncError::Crypto(e.to_string()))?;
        write_whole(&dir.join(MARKER), &json)?;
        Ok(key)
    }

    /// Whether `key` is the key this marker's code makes.
    pub(super) fn opens_with(&self, key: &[u8; 32]) -> bool {
        unhex(&self.check)
            .and_then(|check| crypto::open_bytes(key, self.folder.as_bytes(), &check).ok())
            .is_some_and(|opened| opened.as_slice() == CHECK)
    }

    /// A marker of folder `folder` for `code`, and its key.
    fn sealed_for(folder: String, code: &str) -> Result<(Self, Zeroizing<[u8; 32]>), SyncError> {
        let salt = crypto::random(16).map_err(crypto_error)?;
        let key = crypto::derive(crypto::normalize_code(code).as_bytes(), &salt, KDF)
            .map_err(crypto_error)?;
        let check = crypto::seal_bytes(&key, folder.as_bytes(), CHECK).map_err(crypto_error)?;
        let marker = Self {
            candor_sync: FORMAT,
            folder,
            salt: hex(&salt),
            kdf: [KDF.m_kib, KDF.t, KDF.p],
            check: hex(&check),
            pair: false,
        };
        Ok((marker, key))
    }

    /// The key `code` opens this folder with.
    pub(super) fn open(&self, dir: &Path, code: &str) -> Result<Zeroizing<[u8; 32]>, SyncError> {
        let bad = |reason: &str| SyncError::BadMarker {
            path: text::path(&dir.join(MARKER)),
            reason: reason.to_owned(),
        };
        let salt = unhex(&self.salt).ok_or_else(|| bad("its salt is not hex"))?;
        let check = unhex(&self.check).ok_or_else(|| bad("its check is not hex"))?;
        let [m_kib, t, p] = self.kdf;
        if m_kib > 1024 * 1024 || t > 16 || p > 16 {
            return Err(bad("its key parameters are out of range"));
        }
        let key = crypto::derive(
            crypto::normalize_code(code).as_bytes(),
            &salt,
            KdfParams { m_kib, t, p },
        )
        .map_err(crypto_error)?;
        match crypto::open_bytes(&key, self.folder.as_bytes(), &check) {
            Ok(opened) if opened.as_slice() == CHECK => Ok(key),
            _ => Err(SyncError::WrongCode {
                path: text::path(dir),
            }),
        }
    }
}

/// This computer's name, for a device that was given none.
pub(super) fn host_name() -> String {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| text::one_line(s.trim()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "this computer".into())
}

/// Makes this device's folder in the sync folder.
pub(super) fn make_device_folder(dir: &Path, device: &str) -> Result<(), SyncError> {
    let path = dir.join(device);
    std::fs::create_dir_all(&path).map_err(io_write(dir))
}

/// A digest of a file's bytes, by which it is applied once.
pub(super) fn digest(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

/// A device of the folder, as its device file says.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Its uid (its folder's name).
    pub uid: String,
    /// Its name.
    pub name: String,
    /// The devices it no longer reads.
    pub forgotten: Vec<String>,
}

/// A sealed file of another device, to read.
pub(super) struct ToRead {
    pub(super) path: PathBuf,
    /// Its path as a person reads it.
    pub(super) shown: String,
    pub(super) kind: FileKind,
    pub(super) seq: u64,
}

/// The files of one sync folder, seen from one device of it.
pub(super) struct FolderFiles<'a> {
    folder: &'a SyncFolder,
}

impl<'a> FolderFiles<'a> {
    pub(super) fn new(folder: &'a SyncFolder) -> Self {
        Self { folder }
    }

    fn own(&self) -> PathBuf {
        self.folder.path.join(&self.folder.device_uid)
    }

    fn seal(&self, kind: FileKind, seq: u64, plain: &[u8]) -> Result<Vec<u8>, SyncError> {
        let aad = aad(&self.folder.folder_uid, &self.folder.device_uid, kind, seq);
        let sealed = crypto::seal_bytes(&self.folder.key, &aad, plain).map_err(crypto_error)?;
        Ok([MAGIC, &sealed].concat())
    }

    /// The plain bytes of a file `device` wrote as its `kind` number `seq`,
    /// or why it cannot be read.
    pub(super) fn open(
        &self,
        bytes: &[u8],
        device: &str,
        kind: FileKind,
        seq: u64,
    ) -> Result<Zeroizing<Vec<u8>>, String> {
        let Some(sealed) = bytes.strip_prefix(MAGIC) else {
            let head = &bytes[..bytes.len().min(24)];
            if let Some(rest) = head.strip_prefix(b"candor-sync ") {
                let version: String = rest
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .map(|&b| char::from(b))
                    .collect();
                if !version.is_empty() {
                    return Err(format!(
                        "written by a newer candor (sync format {version}; this one reads {FORMAT})"
                    ));
                }
            }
            return Err("not a candor sync file".into());
        };
        let aad = aad(&self.folder.folder_uid, device, kind, seq);
        crypto::open_bytes(&self.folder.key, &aad, sealed).map_err(|_| {
            "cannot be opened with this folder's key: it is damaged, cut short, written under another sync code, or moved from another place".into()
        })
    }

    /// Writes this device's file of `kind` number `seq`; returns its name.
    pub(super) fn write(
        &self,
        kind: FileKind,
        seq: u64,
        plain: &[u8],
    ) -> Result<String, SyncError> {
        let path = self.own().join(format!("{seq:08}.{}", kind.name()));
        write_whole(&path, &self.seal(kind, seq, plain)?)?;
        Ok(text::path(&path))
    }

    /// Writes this device's device file.
    pub(super) fn write_device(&self, device: &Device) -> Result<(), SyncError> {
        let json = serde_json::to_vec(device).map_err(|e| SyncError::Crypto(e.to_string()))?;
        let path = self.own().join(DEVICE_FILE);
        std::fs::create_dir_all(self.own()).map_err(io_write(&self.folder.path))?;
        write_whole(&path, &self.seal(FileKind::Device, 0, &json)?)
    }

    /// The other devices of the folder (not this one, not those in
    /// `forgotten`); a device whose file does not open is said in `skipped`
    /// and not read.
    pub(super) fn devices(
        &self,
        forgotten: &[String],
        skipped: &mut Vec<String>,
    ) -> Result<Vec<Device>, SyncError> {
        let dir = &self.folder.path;
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let entry = entry.map_err(io(dir))?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let canonical =
                uuid::Uuid::parse_str(&name).is_ok_and(|u| u.hyphenated().to_string() == name);
            if !canonical
                || name == self.folder.device_uid
                || forgotten.contains(&name)
                || !entry.path().is_dir()
            {
                continue;
            }
            let file = entry.path().join(DEVICE_FILE);
            let device = match std::fs::read(&file) {
                Err(_) => Device {
                    name: name[..8].to_owned(),
                    uid: name,
                    forgotten: Vec::new(),
                },
                Ok(bytes) => match self
                    .open(&bytes, &name, FileKind::Device, 0)
                    .and_then(|json| {
                        serde_json::from_slice::<Device>(&json).map_err(|e| e.to_string())
                    }) {
                    Ok(d) if d.uid == name => Device {
                        name: text::one_line(&d.name),
                        ..d
                    },
                    Ok(_) => {
                        skipped.push(format!(
                            "{}: names another device; skipped",
                            text::path(&file)
                        ));
                        continue;
                    }
                    Err(why) => {
                        skipped.push(format!(
                            "{}: {why}; its device is not read",
                            text::path(&file)
                        ));
                        continue;
                    }
                },
            };
            out.push(device);
        }
        out.sort_by(|a, b| (&a.name, &a.uid).cmp(&(&b.name, &b.uid)));
        Ok(out)
    }

    /// The files of `device` to read, in order: its latest snapshot (and any
    /// copy of it a sync tool made), then every change file after it.
    pub(super) fn to_read(
        &self,
        device: &Device,
        skipped: &mut Vec<String>,
    ) -> Result<Vec<ToRead>, SyncError> {
        let dir = self.folder.path.join(&device.uid);
        let mut files = Vec::new();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                skipped.push(format!(
                    "{}: cannot be read ({e}); skipped",
                    text::path(&dir)
                ));
                return Ok(files);
            }
        };
        for entry in entries {
            let entry = entry.map_err(io(&dir))?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            // `00000012.change`, and a sync tool's copy of it such as
            // `00000012 (conflicted copy).change` or
            // `00000012.sync-conflict-20261129-101500-ABC.change`.
            let digits = name.bytes().take_while(u8::is_ascii_digit).count();
            let Ok(seq) = name[..digits].parse::<u64>() else {
                continue;
            };
            let kind = if name.contains("snapshot") {
                FileKind::Snapshot
            } else if name.contains("change") {
                FileKind::Change
            } else {
                continue;
            };
            files.push(ToRead {
                shown: text::path(&entry.path()),
                path: entry.path(),
                kind,
                seq,
            });
        }
        let last_snapshot = files
            .iter()
            .filter(|f| f.kind == FileKind::Snapshot)
            .map(|f| f.seq)
            .max()
            .unwrap_or(0);
        files.retain(|f| match f.kind {
            FileKind::Snapshot => f.seq == last_snapshot,
            _ => f.seq > last_snapshot,
        });
        files.sort_by(|a, b| {
            (a.seq, a.kind != FileKind::Snapshot, &a.shown).cmp(&(
                b.seq,
                b.kind != FileKind::Snapshot,
                &b.shown,
            ))
        });
        Ok(files)
    }
}
