//! Where the journal and the user's configuration live.
//!
//! The database is `--db PATH`, else `$CANDOR_DB`, else `journal.db` in the
//! platform's data directory. Configuration (keymap, checklist template) is
//! read from the platform's config directory, or `$CANDOR_CONFIG_DIR`.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use directories::ProjectDirs;

/// File name of the journal inside the data directory.
pub const DB_FILE: &str = "journal.db";

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "candor")
}

/// The database path: the flag, else the environment value, else the data dir.
pub fn database(flag: Option<PathBuf>, env: Option<OsString>) -> io::Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p);
    }
    if let Some(p) = env.filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    project_dirs()
        .map(|d| d.data_dir().join(DB_FILE))
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                "no home directory to keep the journal in; pass --db PATH or set CANDOR_DB",
            )
        })
}

/// The configuration directory: the environment value, else the platform's.
pub fn config_dir(env: Option<OsString>) -> Option<PathBuf> {
    if let Some(p) = env.filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    project_dirs().map(|d| d.config_dir().to_owned())
}

/// Creates the missing folders of `dir` with mode 0700; existing ones are left alone.
pub fn create_private_dirs(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_private_dirs(parent)?;
    }
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => fs::set_permissions(dir, fs::Permissions::from_mode(0o700)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates `path` as an empty file with mode 0600 whatever the umask; fails if it exists.
pub fn create_private_file(path: &Path) -> io::Result<fs::File> {
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    // The umask can only remove bits, but be explicit so a 0177-style umask
    // cannot leave the owner without write access either.
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    Ok(file)
}
