//! The import window's slow work runs beside the screen: reading and
//! checking a file, the dry run of its preview, and the import itself. At
//! 100,000 entries each takes seconds; each runs on a thread of its own
//! with a connection of its own to the journal (as the background sync
//! does), telling an [`export::Progress`](crate::export::Progress) how far
//! it has come, while keys work and the screen draws. The window says how
//! far a reading has come; once Ctrl-s imports, the window closes and the
//! status line says it. An import is still one transaction: all of the
//! file or nothing of it.
//!
//! While an import runs: a save waits for it with the text kept, and is
//! made once it ends; any other write says that the import holds the
//! journal and changes nothing; a second import is refused; `q` asks once,
//! and a second `q` stops the import (rolled back, nothing of it kept) and
//! quits. When it ends, the lists reload and the status line says what
//! came in — or why nothing did, with the window back if nothing else is
//! open. Esc stops a reading; a new path or choice starts it again.

use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};

use super::form::Form;
use super::import::{self, Importing, Outcome};
use super::{App, Confirm, Effect, Overlay, Question};
use crate::export::{Progress, Stage};
use crate::store::{Store, StoreError};

/// What a piece of work beside the screen ends with.
#[derive(Debug)]
enum Done {
    /// The file read and checked, and what importing it would do.
    Read(Result<(Importing, Vec<String>), String>),
    /// What importing it would do with other choices.
    Notes(Result<Vec<String>, String>),
    /// The import.
    Imported(Outcome),
}

/// What runs beside the screen.
#[derive(Debug)]
enum Work {
    /// The file being read for its preview.
    Preview,
    /// The preview with other choices.
    Repreview,
    /// The import, with the window and the file it read, given back if it fails.
    Import {
        form: Box<Form>,
        importing: Box<Importing>,
    },
}

impl Work {
    fn failed(&self, why: String) -> Done {
        match self {
            Self::Preview => Done::Read(Err(why)),
            Self::Repreview => Done::Notes(Err(why)),
            Self::Import { .. } => Done::Imported(Err(why)),
        }
    }
}

/// Work under way beside the screen.
#[derive(Debug)]
pub(super) struct Running {
    work: Work,
    /// The file's name, as the screen says it.
    name: String,
    /// How far it has come, shared with its thread; also stops it.
    progress: Arc<Progress>,
    /// What it ended with; an error if its connection could not open.
    done: mpsc::Receiver<Result<Done, String>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// `q` was pressed once during an import: the next `q` stops it and quits.
    quit_asked: bool,
}

/// Stops the work running beside the screen from elsewhere: the shutdown
/// path, as a signal or a closed terminal ends candor, so that the journal
/// is free at once for the draft it keeps.
#[derive(Debug, Clone, Default)]
pub struct ImportStopper(Arc<Mutex<Option<Arc<Progress>>>>);

impl ImportStopper {
    /// Asks the work under way, if any, to stop; nothing of it is kept.
    pub fn stop(&self) {
        let held = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(progress) = held.as_ref() {
            progress.stop();
        }
    }

    fn track(&self, progress: &Arc<Progress>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(progress));
    }
}

impl Running {
    /// "Importing exp.json: 41,000 of 100,000 entries", or how far a
    /// reading for the preview has come.
    fn said(&self) -> String {
        let name = &self.name;
        let done = self.progress.done();
        match (&self.work, self.progress.stage()) {
            (Work::Import { importing, .. }, Stage::Checking | Stage::Merging) => {
                let total = importing.import.entries;
                format!(
                    "Importing {name}: {} of {} entries",
                    crate::text::grouped(done.min(total)),
                    crate::text::grouped(total)
                )
            }
            (Work::Import { .. }, Stage::Copying) => {
                format!("Importing {name}: copying the journal beside itself first")
            }
            (Work::Import { .. }, Stage::Saving) => {
                format!("Importing {name}: writing it into the journal")
            }
            (_, Stage::Checking) => format!(
                "Reading {name}: {} entries checked",
                crate::text::grouped(done)
            ),
            (_, _) => {
                let total = self.progress.total();
                format!(
                    "Reading {name}: what it would change, {} of {} entries",
                    crate::text::grouped(done.min(total)),
                    crate::text::grouped(total)
                )
            }
        }
    }

    fn is_import(&self) -> bool {
        matches!(self.work, Work::Import { .. })
    }
}

impl App {
    /// Enter in the import window: reads and checks the file `typed` and
    /// makes the dry run of its preview, beside the screen.
    pub(super) fn preview_beside(&mut self, typed: String) {
        let name = import::file_name(&typed);
        self.run_beside(Work::Preview, name, move |store, progress| {
            Done::Read(
                import::read_import(store, &typed, progress).and_then(|importing| {
                    let links = import::default_links(&importing);
                    let notes = import::preview_notes(store, &importing, &links, progress)
                        .map_err(|e| e.to_string())?;
                    Ok((importing, notes))
                }),
            )
        });
    }

    /// A choice changed on the preview: the dry run again, beside the screen.
    pub(super) fn repreview_beside(&mut self, importing: Importing, links: Vec<(String, i64)>) {
        let name = import::file_name(&importing.typed);
        self.run_beside(Work::Repreview, name, move |store, progress| {
            Done::Notes(
                import::preview_notes(store, &importing, &links, progress)
                    .map_err(|e| e.to_string()),
            )
        });
    }

    /// Ctrl-s on the preview: the import, beside the screen; the window
    /// closes meanwhile.
    pub(super) fn import_beside(
        &mut self,
        importing: Importing,
        links: Vec<(String, i64)>,
        form: Box<Form>,
    ) {
        let name = import::file_name(&importing.typed);
        let import = importing.import.clone();
        let work = Work::Import {
            form,
            importing: Box::new(importing),
        };
        self.run_beside(work, name, move |store, progress| {
            Done::Imported(
                import
                    .import_with(store, &links, progress)
                    .map_err(|e| e.to_string()),
            )
        });
    }

    /// Runs `job` on a thread of its own with its own connection to the
    /// journal, after stopping any work still running. A journal in memory
    /// (tests) has no file for another connection: `job` runs at once.
    fn run_beside(
        &mut self,
        work: Work,
        name: String,
        job: impl FnOnce(&mut Store, &Progress) -> Done + Send + 'static,
    ) {
        self.stop_import();
        let progress = Arc::new(Progress::default());
        let Some(path) = self.store.path().map(std::path::Path::to_owned) else {
            let done = job(&mut self.store, &progress);
            return self.work_done(work, done);
        };
        let clock = self.store.clock_arc();
        let (tx, rx) = mpsc::channel();
        self.import_stopper.track(&progress);
        let shared = Arc::clone(&progress);
        let spawned = std::thread::Builder::new()
            .name("candor-import".into())
            .spawn(move || {
                let done = Store::open(&path, clock)
                    .map(|mut store| job(&mut store, &shared))
                    .map_err(|e| format!("nothing was imported: {e}"));
                let _ = tx.send(done);
            });
        match spawned {
            Ok(thread) => {
                let running = Running {
                    work,
                    name,
                    progress,
                    done: rx,
                    thread: Some(thread),
                    quit_asked: false,
                };
                self.running_import = Some(running);
                self.show_progress();
                if self.running_import.as_ref().is_some_and(Running::is_import) {
                    self.info("");
                }
            }
            Err(e) => {
                let failed = work.failed(format!("cannot start reading the file: {e}"));
                self.work_done(work, failed);
            }
        }
    }

    /// What stops the work beside the screen from the shutdown path.
    pub fn import_stopper(&self) -> ImportStopper {
        self.import_stopper.clone()
    }

    /// Whether the import window's work, or an import, runs beside the screen.
    pub fn import_running(&self) -> bool {
        self.running_import.is_some()
    }

    /// On each tick: how far the work has come, or what it ended with.
    pub(super) fn poll_import(&mut self) {
        let Some(running) = &self.running_import else {
            return;
        };
        let done = match running.done.try_recv() {
            Ok(Ok(done)) => done,
            Ok(Err(why)) => running.work.failed(why),
            Err(TryRecvError::Empty) => {
                self.state.spinner = self.state.spinner.wrapping_add(1);
                return self.show_progress();
            }
            Err(TryRecvError::Disconnected) => running
                .work
                .failed("the import stopped unexpectedly; nothing was imported".into()),
        };
        let Some(mut running) = self.running_import.take() else {
            return;
        };
        if let Some(thread) = running.thread.take() {
            let _ = thread.join();
        }
        self.clear_progress();
        self.work_done(running.work, done);
    }

    fn work_done(&mut self, work: Work, done: Done) {
        match (work, done) {
            (Work::Import { form, importing }, Done::Imported(outcome)) => {
                self.import_ended(outcome, form, *importing);
                // A search open meanwhile looks again, in what came in too.
                self.search_again();
            }
            (_, Done::Read(read)) => self.previewed(read),
            (_, Done::Notes(notes)) => self.repreviewed(notes),
            (_, Done::Imported(_)) => {}
        }
        self.emit(Effect::Redraw);
    }

    /// How far it has come: in the status line, with a spinner, and in the
    /// window while a reading runs.
    fn show_progress(&mut self) {
        let Some(running) = &self.running_import else {
            return;
        };
        let said = running.said();
        if !running.is_import()
            && let Some(Overlay::Form(form)) = &mut self.state.overlay
        {
            form.notes = vec![format!("{said}…"), "Esc stops reading it.".into()];
        }
        // An unlock shows its own spinner; the import's comes back after it.
        if self.unlocking.is_none() {
            self.state.busy = Some(said);
        }
        self.emit(Effect::Redraw);
    }

    fn clear_progress(&mut self) {
        if self.unlocking.is_none() {
            self.state.busy = None;
        }
    }

    /// Asks `text` before a change that writes (`question`'s yes), unless
    /// an import holds the journal: then says so at once, instead of
    /// asking first and refusing after the yes.
    pub(super) fn ask_before_writing(&mut self, text: String, question: Question) {
        if let Some(running) = self.running_import.as_ref().filter(|r| r.is_import()) {
            let said = format!(
                "The import of {} holds the journal until it ends; nothing was changed, try again then.",
                running.name
            );
            return self.error(&said);
        }
        self.state.overlay = Some(Overlay::Confirm(Box::new(Confirm { text, question })));
    }

    /// `i` while an import runs: one sentence, and no second window.
    pub(super) fn refuse_second_import(&mut self) -> bool {
        let Some(running) = &self.running_import else {
            return false;
        };
        let said = format!(
            "an import of {} is under way; another can start once it ends",
            running.name
        );
        self.error(&said);
        true
    }

    /// `q` while an import runs: the first asks, the second says the
    /// import is being stopped (drawn at once) and leaves the stop itself,
    /// which waits for its rollback, to the next tick, which then quits
    /// ([`App::quit_once_stopped`]). Whether to quit now: at once when no
    /// import runs, or only a reading for a preview, which simply stops.
    pub(super) fn may_quit_while_importing(&mut self) -> bool {
        let Some(running) = &mut self.running_import else {
            return true;
        };
        if !running.is_import() {
            self.stop_import();
            return true;
        }
        if !running.quit_asked {
            running.quit_asked = true;
            let said = format!(
                "an import of {} is under way: q again stops it and quits, keeping nothing of it",
                running.name
            );
            self.error(&said);
            return false;
        }
        let name = running.name.clone();
        self.quit_after_stop = true;
        self.info(&format!(
            "Stopping the import of {name}; nothing of it is kept. candor quits once it has stopped…"
        ));
        false
    }

    /// On the tick after the second `q` (its sentence drawn by then): stop
    /// the import, waiting for its rollback, and quit.
    /// The terminal is then told what became of the import: stopped with
    /// nothing kept, or, if it had ended by then, what came in.
    pub(super) fn quit_once_stopped(&mut self) -> bool {
        if !std::mem::take(&mut self.quit_after_stop) {
            return false;
        }
        if let Some(mut running) = self.running_import.take() {
            running.progress.stop();
            if let Some(thread) = running.thread.take() {
                let _ = thread.join();
            }
            self.clear_progress();
            let said = match (&running.work, running.done.try_recv()) {
                (Work::Import { importing, .. }, Ok(Ok(Done::Imported(Ok((merged, saved)))))) => {
                    import::imported(&importing.typed, &merged, saved.as_deref())
                }
                _ => format!(
                    "the import of {} was stopped when candor quit; nothing of it was imported.",
                    running.name
                ),
            };
            self.parting.push(said);
        }
        self.quit();
        true
    }

    /// What the terminal says once the screen is gone: what quitting did
    /// that the screen can no longer show (an import it stopped).
    pub fn parting(&self) -> &[String] {
        &self.parting
    }

    /// Any key but `q`: the import carries on, and a later `q` asks again.
    pub(super) fn carry_on_importing(&mut self) {
        if let Some(running) = &mut self.running_import {
            running.quit_asked = false;
        }
    }

    /// Stops the work beside the screen and waits until its transaction is
    /// rolled back (it stops at its next entry; a commit under way ends
    /// first). Nothing of a stopped import is kept.
    pub fn stop_import(&mut self) {
        let Some(mut running) = self.running_import.take() else {
            return;
        };
        running.progress.stop();
        if let Some(thread) = running.thread.take() {
            let _ = thread.join();
        }
        self.clear_progress();
    }

    /// A store's message while an import holds the journal: its "busy"
    /// said as what it is, the import here, not another candor.
    pub(super) fn while_importing(&self, message: String) -> String {
        let busy = StoreError::Busy.to_string();
        match &self.running_import {
            Some(running) if message.contains(&busy) => message.replace(
                &busy,
                &format!(
                    "the import of {} holds the journal until it ends; nothing was changed, try again then",
                    running.name
                ),
            ),
            _ => message,
        }
    }
}
