//! The screen syncs by itself when the journal syncs through a folder
//! (`candor sync DIR` once): after its first frame and every few minutes,
//! on a thread of its own with a connection of its own, so no one waits.
//! What came in is said in the status line; the lists reload as they do
//! for any write from elsewhere.

use std::sync::mpsc::{self, TryRecvError};

use chrono::{DateTime, Utc};

use super::App;
use crate::store::Store;
use crate::sync::{self, Ask};

/// Marks a line that says only when the journal last synced.
const QUIET: &str = "\u{0}";

/// How often the screen syncs while it is open.
pub const SYNC_EVERY: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// A background sync: what it will say, once done.
#[derive(Debug)]
pub(super) struct Syncing {
    started: DateTime<Utc>,
    done: Option<mpsc::Receiver<Vec<Result<String, String>>>>,
}

impl Syncing {
    pub(super) fn new() -> Self {
        Self {
            started: DateTime::<Utc>::MIN_UTC,
            done: None,
        }
    }
}

impl App {
    /// Starts a sync through every folder the journal syncs through, on
    /// another thread, unless one runs or the journal syncs through none.
    pub fn sync_in_background(&mut self) {
        if self.syncing.done.is_some() {
            return;
        }
        let clock = self.store.clock_arc();
        self.syncing.started = clock.now();
        let Some(path) = self.store.path().map(std::path::Path::to_owned) else {
            return;
        };
        if self.store.sync_folders().map_or(true, |f| f.is_empty()) {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("candor-sync".into())
            .spawn(move || {
                let _ = tx.send(sync_all(&path, clock));
            });
        if spawned.is_ok() {
            self.syncing.done = Some(rx);
        }
    }

    /// Whether a background sync is under way.
    pub fn sync_running(&self) -> bool {
        self.syncing.done.is_some()
    }

    /// On each tick: says what a finished sync did, and starts the next one
    /// when it is time.
    pub(super) fn poll_sync(&mut self) {
        if let Some(rx) = &self.syncing.done {
            let lines = match rx.try_recv() {
                Ok(lines) => lines,
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => vec![Err("the sync stopped".into())],
            };
            self.syncing.done = None;
            for line in lines {
                match line {
                    // When it last synced, where no other news is shown.
                    Ok(said) => match said.strip_prefix(QUIET) {
                        Some(quiet)
                            if self.state.status.text.is_empty()
                                || self.state.status.text.starts_with("Synced ") =>
                        {
                            self.info(quiet);
                        }
                        Some(_) => {}
                        None => self.info(&said),
                    },
                    Err(why) => self.error(&why),
                }
            }
            return;
        }
        if self.store.clock().now() - self.syncing.started >= SYNC_EVERY {
            self.sync_in_background();
        }
    }
}

/// Syncs the journal at `path` through each of its folders; a line for
/// each that brought something in or failed.
fn sync_all(
    path: &std::path::Path,
    clock: std::sync::Arc<dyn crate::clock::Clock>,
) -> Vec<Result<String, String>> {
    let mut store = match Store::open(path, clock) {
        Ok(store) => store,
        Err(e) => return vec![Err(format!("Sync did not run: {e}"))],
    };
    let folders = match store.sync_folders() {
        Ok(folders) => folders,
        Err(e) => return vec![Err(format!("Sync did not run: {e}"))],
    };
    folders
        .iter()
        .map(|f| {
            let shown = crate::text::path(&f.path);
            match sync::sync(&mut store, &f.path, &Ask::default()) {
                Ok(round) => {
                    let (added, updated, deleted) = round.total();
                    let at = store.clock().local(store.clock().now()).format("%H:%M");
                    if added + updated + deleted == 0 && round.skipped.is_empty() {
                        // Said only where it hides nothing (see poll_sync).
                        return Ok(format!("{QUIET}Synced {shown} at {at}: nothing new"));
                    }
                    let [added, updated, deleted] =
                        [added, updated, deleted].map(crate::text::grouped);
                    let mut said = format!(
                        "Synced {shown} at {at}: {added} added, {updated} updated, {deleted} removed"
                    );
                    if !round.skipped.is_empty() {
                        let n = round.skipped.len();
                        said.push_str(&format!(
                            "; {n} file{} skipped (`candor sync` names them)",
                            if n == 1 { "" } else { "s" }
                        ));
                    }
                    Ok(said)
                }
                Err(e) => Err(format!("Sync through {shown} did not run: {e}")),
            }
        })
        .collect()
}
