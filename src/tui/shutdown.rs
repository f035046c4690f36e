//! The one way out of a terminal session, whoever takes it first: the event
//! loop, a signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT; SIGTSTP and SIGCONT for
//! job control), a terminal that went away, or a panic. Also how the
//! terminal is taken and given back.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use anyhow::{Context, Result};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};

use crate::app::{DraftMirror, ImportStopper};
use crate::editor;
use crate::store::Store;

/// The one way out of a terminal session. Whoever calls [`Shutdown::run`]
/// first (the event loop, the signal thread or the panic hook) keeps the
/// draft being edited, restores the terminal and cleans up; later callers
/// do nothing.
pub(super) struct Shutdown {
    pub(super) done: AtomicBool,
    /// Held while a frame is written, so a signal never restores the
    /// terminal halfway through a frame.
    pub(super) drawing: Mutex<()>,
    /// The journal, opened again on the shutdown path's own connection.
    pub(super) db: PathBuf,
    pub(super) clock: Arc<dyn crate::clock::Clock>,
    pub(super) draft: DraftMirror,
    /// An import running beside the screen: stopped (nothing of it kept)
    /// before the draft is kept, so the journal is free for it.
    pub(super) import: ImportStopper,
    pub(super) scratch_dir: Option<PathBuf>,
    /// Set when the terminal was taken back after a stop: the event loop
    /// then draws the whole screen anew.
    pub(super) retaken: AtomicBool,
    /// Set while `$EDITOR` has the terminal: a stop then leaves the
    /// terminal to the editor, which stops and goes on with candor.
    pub(super) editing: AtomicBool,
}

impl std::fmt::Debug for Shutdown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shutdown")
            .field("db", &self.db)
            .finish_non_exhaustive()
    }
}

impl Shutdown {
    /// Whether the session has been shut down.
    pub fn is_done(&self) -> bool {
        self.done.load(Ordering::SeqCst)
    }

    /// Keeps the draft, restores the terminal and removes scratch files, once.
    pub fn run(&self) {
        let frame = self.wait_for_frame();
        if self.done.swap(true, Ordering::SeqCst) {
            return;
        }
        self.import.stop();
        self.keep_draft(true);
        restore_terminal();
        drop(frame);
        // The text handed to `$EDITOR`, if it is open, goes with candor.
        editor::remove_open_sessions();
        if let Some(dir) = &self.scratch_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    /// Waits briefly for a frame being drawn to be finished and holds off
    /// the next one; a panic inside drawing holds the lock for good, so
    /// this never waits forever.
    fn wait_for_frame(&self) -> Option<MutexGuard<'_, ()>> {
        for _ in 0..50 {
            match self.drawing.try_lock() {
                Ok(guard) => return Some(guard),
                Err(std::sync::TryLockError::Poisoned(p)) => return Some(p.into_inner()),
                Err(std::sync::TryLockError::WouldBlock) => {}
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    }

    /// SIGTSTP (also what Ctrl-z sends): keeps the draft, gives the
    /// terminal back and stops the process. Returns the drawing lock, to be
    /// held until [`Shutdown::resume`] has taken the terminal again.
    fn stop(&self) -> Option<MutexGuard<'_, ()>> {
        let frame = self.wait_for_frame();
        if self.is_done() {
            return None;
        }
        let editing = self.editing.load(Ordering::SeqCst);
        if !editing {
            self.keep_draft(false);
            restore_terminal();
        }
        // SIGTSTP is handled here, so its default action (stopping) is
        // gone: stop with the signal that cannot be handled. The thread
        // that sends it stops with the rest before the call returns.
        let _ =
            rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::STOP);
        if editing { None } else { frame }
    }

    /// SIGCONT: takes the terminal back (a shell may have reset it while
    /// candor was stopped) and has the event loop draw everything anew.
    fn resume(&self, held: Option<MutexGuard<'_, ()>>) {
        let frame = held.or_else(|| self.wait_for_frame());
        if self.is_done() || self.editing.load(Ordering::SeqCst) {
            return;
        }
        // A terminal that cannot be taken back is left to the terminal
        // watch and the event loop, which leave through the shutdown path.
        let _ = take_terminal();
        self.retaken.store(true, Ordering::SeqCst);
        drop(frame);
    }

    /// Saves the mirrored draft through a connection of its own; on the
    /// way out (`last`) the mirror is emptied so it is saved only once.
    fn keep_draft(&self, last: bool) {
        let draft = {
            let mut mirror = self
                .draft
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if last { mirror.take() } else { mirror.clone() }
        };
        if let Some(draft) = draft
            && let Ok(mut store) = Store::open(&self.db, Arc::clone(&self.clock))
        {
            let _ = store.save_draft(&draft);
        }
    }
}

/// Undoes everything the session turned on; errors are ignored because the
/// terminal may already be gone.
pub(super) fn restore_terminal() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Sets the terminal up as the session uses it: raw mode, the alternate
/// screen cleared, mouse reporting and bracketed paste. Raw mode is set
/// afresh even when candor believes it on, because a shell may have reset
/// the terminal while candor was stopped.
pub(super) fn take_terminal() -> io::Result<()> {
    terminal::disable_raw_mode()?;
    terminal::enable_raw_mode()?;
    // A cleared screen that the next frame draws whole. `Terminal::clear`
    // would ask the terminal where its cursor is, and multiplexers and
    // test terminals never answer.
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        terminal::Clear(terminal::ClearType::All)
    )
}

/// Listens for the signals that end the session (SIGTERM, SIGHUP, SIGINT,
/// SIGQUIT: the shutdown path, then exit with 128 + the signal) and for
/// job control (SIGTSTP stops with the terminal given back, SIGCONT takes
/// it again).
pub(super) fn spawn_signal_thread(shutdown: Arc<Shutdown>) -> Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])
            .context("cannot listen for signals")?;
    std::thread::Builder::new()
        .name("candor-signals".into())
        .spawn(move || {
            let shutdown = &*shutdown;
            // The drawing lock, held from a stop until the terminal is back.
            let mut held = None;
            for signal in signals.forever() {
                match signal {
                    SIGTSTP => held = shutdown.stop(),
                    SIGCONT => shutdown.resume(held.take()),
                    _ => {
                        drop(held.take());
                        shutdown.run();
                        std::process::exit(128 + signal);
                    }
                }
            }
        })
        .context("cannot start the signal thread")?;
    Ok(())
}

/// Watches for a terminal that went away without a hang-up signal (a shell
/// that ignores SIGHUP for its children): crossterm's poll then spins on
/// reads of zero bytes and never returns, so the event loop cannot notice.
pub(super) fn spawn_terminal_watch(shutdown: Arc<Shutdown>) -> Result<()> {
    std::thread::Builder::new()
        .name("candor-terminal-watch".into())
        .spawn(move || {
            while !shutdown.is_done() {
                std::thread::sleep(Duration::from_millis(300));
                if !io::stdin().is_terminal() {
                    shutdown.run();
                    std::process::exit(129);
                }
            }
        })
        .context("cannot start the terminal watch")?;
    Ok(())
}

/// Chains a hook that keeps the draft and gives the terminal back before
/// the default hook prints the panic; ratatui's own hook, installed after
/// this one, leaves the alternate screen and raw mode first.
pub(super) fn install_panic_hook(shutdown: Arc<Shutdown>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        shutdown.run();
        previous(info);
    }));
}
