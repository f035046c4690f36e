//! The check of every page of the journal that runs beside the screen
//! after its first frame: damage is said in the status line with what to
//! do; a sound file, or a check that could not run, says nothing.

use std::sync::mpsc::TryRecvError;

use super::App;
use crate::store::FileCheck;

impl App {
    /// Starts the check of the whole journal file on another thread (for a
    /// journal on disk); [`App::tick`] hears what it found.
    pub fn check_file_in_background(&mut self) {
        if self.file_check.is_none() {
            self.file_check = self.store.check_file_in_background();
        }
    }

    /// Whether a check started by [`App::check_file_in_background`] is still reading.
    pub fn file_check_running(&self) -> bool {
        self.file_check.is_some()
    }

    /// On each tick: has the check finished, and what did it find?
    pub(super) fn poll_file_check(&mut self) {
        let Some(rx) = &self.file_check else { return };
        let found = match rx.try_recv() {
            Ok(found) => found,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => FileCheck::NotRun("the check stopped".into()),
        };
        self.file_check = None;
        if let FileCheck::Damaged(problems) = found {
            let first = problems
                .first()
                .map(|p| crate::text::one_line(p))
                .unwrap_or_default();
            self.error(&format!(
                "A check of the whole journal file found damage ({first}); nothing was changed — `candor doctor` says more, and `candor backup` copies what can be read."
            ));
        }
    }
}
