//! The terminal session: set the terminal up, run the event loop, and give
//! the terminal back on every way out — quit, panic, SIGTERM, SIGHUP,
//! SIGINT, SIGQUIT or a terminal that went away — through one shutdown
//! path. Ctrl-z and SIGTSTP stop the program with the terminal given back;
//! SIGCONT takes it again and draws the whole screen anew.

use std::collections::VecDeque;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};

use crate::app::{App, DraftMirror, Effect, Settings};
use crate::config::Config;
use crate::keymap::Keymap;
use crate::store::Store;
use crate::template::Template;
use crate::ui::{self, Theme};
use crate::{demo, editor, paths};

/// How long the loop waits for input before it wakes for timers.
const TICK: Duration = Duration::from_millis(250);

/// Opens the journal of `config` in the terminal.
pub fn run(config: Config) -> Result<()> {
    require_terminal()?;
    let store = Store::open(&config.db, config.clock.clone())?;
    // Opening reads the header pages only; the pairs the first frame lists
    // are read here, so damage there is one sentence naming the file
    // instead of a welcome screen over a journal that has pairs.
    store.pairs().map_err(|e| e.in_file(&config.db))?;
    // Private text may come into memory (U unlocks): no core file.
    if store.has_passphrase()? {
        crate::hardening::guard_private_text()?;
    }
    session(store, &config, None)
}

/// Opens the terminal journal on a throwaway database of sample pairs,
/// removed again when candor stops.
pub fn run_demo(config: Config) -> Result<()> {
    require_terminal()?;
    let dir = std::env::temp_dir().join(format!("candor-demo-{}", uuid::Uuid::new_v4()));
    paths::create_private_dirs(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let result = (|| {
        let mut store = Store::open(&dir.join(paths::DB_FILE), config.clock.clone())?;
        let template = Template::load(config.config_dir.as_deref())?;
        demo::fill(&mut store, &template)?;
        session(store, &config, Some(dir.clone()))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn require_terminal() -> Result<()> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        bail!(
            "the journal opens in a terminal, but standard input or output is not one; \
             in scripts use a command such as `candor pair list`"
        );
    }
    Ok(())
}

/// The one way out of a terminal session. Whoever calls [`Shutdown::run`]
/// first (the event loop, the signal thread or the panic hook) keeps the
/// draft being edited, restores the terminal and cleans up; later callers
/// do nothing.
pub struct Shutdown {
    done: AtomicBool,
    /// Held while a frame is written, so a signal never restores the
    /// terminal halfway through a frame.
    drawing: Mutex<()>,
    /// The journal, opened again on the shutdown path's own connection.
    db: PathBuf,
    clock: Arc<dyn crate::clock::Clock>,
    draft: DraftMirror,
    scratch_dir: Option<PathBuf>,
    /// Set when the terminal was taken back after a stop: the event loop
    /// then draws the whole screen anew.
    retaken: AtomicBool,
    /// Set while `$EDITOR` has the terminal: a stop then leaves the
    /// terminal to the editor, which stops and goes on with candor.
    editing: AtomicBool,
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
fn restore_terminal() {
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
fn take_terminal() -> io::Result<()> {
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

/// A fresh terminal handle, which draws everything anew at its first frame.
fn fresh_terminal() -> io::Result<ratatui::DefaultTerminal> {
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))
}

/// Does what the terminal does for Ctrl-z when it is not raw: SIGTSTP to
/// the foreground process group (candor, and a wrapper script it runs in).
/// The signal thread then stops candor cleanly.
fn suspend_from_key() {
    if rustix::process::kill_current_process_group(rustix::process::Signal::TSTP).is_err() {
        let _ =
            rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::TSTP);
    }
}

fn session(store: Store, config: &Config, scratch_dir: Option<PathBuf>) -> Result<()> {
    let template = Template::load(config.config_dir.as_deref())?;
    // A keymap that cannot be used leaves the default keys, and says so
    // once the screen is up, rather than keeping candor from starting.
    let (keymap, keymap_error) = match Keymap::load(config.config_dir.as_deref()) {
        Ok(keymap) => (keymap, None),
        Err(e) => (Keymap::built_in(), Some(e)),
    };
    let theme = Theme::new(config.no_color);
    let db = store.path().map(Path::to_owned).unwrap_or_default();
    let settings = Settings {
        autosave_after: config.autosave_after,
        lock_after: config.lock_after,
    };
    let mut app = App::with_settings(store, template, keymap, settings);
    if let Some(e) = keymap_error {
        app.show_error(&format!("{e}; the default keys are in use"));
    }

    let shutdown = Arc::new(Shutdown {
        done: AtomicBool::new(false),
        drawing: Mutex::new(()),
        db,
        clock: Arc::clone(&config.clock),
        draft: app.draft_mirror(),
        scratch_dir,
        retaken: AtomicBool::new(false),
        editing: AtomicBool::new(false),
    });
    spawn_signal_thread(Arc::clone(&shutdown))?;
    spawn_terminal_watch(Arc::clone(&shutdown))?;
    install_panic_hook(Arc::clone(&shutdown));
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)
        .context("cannot set up the terminal")?;

    let result = event_loop(&mut terminal, &mut app, &theme, &shutdown, config);
    shutdown.run();
    // The terminal is restored already; dropping ratatui's handle would try
    // to show the cursor again and, on a terminal that is gone, panic while
    // reporting that it could not.
    std::mem::forget(terminal);
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    shutdown: &Shutdown,
    config: &Config,
) -> Result<()> {
    let size = terminal.size()?;
    let mut effects: VecDeque<Effect> = app.resize(size.width, size.height).into_iter().collect();
    loop {
        if shutdown.retaken.swap(false, Ordering::SeqCst) {
            // Back from a stop: everything is drawn anew, at the size the
            // terminal has now.
            *terminal = fresh_terminal().context("cannot take the terminal back")?;
            let size = terminal.size()?;
            effects.extend(app.resize(size.width, size.height));
        }
        // Carry out what the app asked for; a redraw waits until the rest is
        // done, so that one frame shows the outcome of them all.
        let mut redraw = false;
        while let Some(effect) = effects.pop_front() {
            match effect {
                Effect::Redraw => redraw = true,
                Effect::ClearScreen => {
                    // Not `Terminal::clear`, which first asks the terminal
                    // where its cursor is and fails where no answer comes.
                    let _frame = shutdown.drawing.lock();
                    execute!(io::stdout(), terminal::Clear(terminal::ClearType::All))?;
                    *terminal = fresh_terminal()?;
                    redraw = true;
                }
                Effect::Editor(text) => {
                    let journal = app.store().path().map(Path::to_owned);
                    let result = with_terminal_suspended(terminal, shutdown, || {
                        editor::edit(config.editor.as_deref(), &text, journal.as_deref())
                    })?;
                    effects.extend(app.editor_returned(result));
                }
                Effect::Suspend => suspend_from_key(),
                Effect::Quit => return Ok(()),
            }
        }
        if redraw {
            let _frame = shutdown.drawing.lock();
            if shutdown.is_done() {
                return Ok(());
            }
            terminal.draw(|frame| ui::render(&app.state, theme, frame))?;
        }
        // A terminal that went away makes poll or read fail: leave through
        // the shutdown path like any other way out.
        if !event::poll(TICK)? {
            effects.extend(app.tick());
            continue;
        }
        effects.extend(match event::read()? {
            Event::Key(key) => app.handle_key(key),
            Event::Paste(text) => app.handle_paste(&text),
            Event::Mouse(mouse) => app.handle_mouse(mouse),
            Event::Resize(w, h) => app.resize(w, h),
            Event::FocusGained | Event::FocusLost => continue,
        });
    }
}

/// Gives the terminal to another program (the editor) and takes it back.
/// Meanwhile a stop (Ctrl-z typed into the editor reaches candor too)
/// leaves the terminal to the editor.
fn with_terminal_suspended<T>(
    terminal: &mut ratatui::DefaultTerminal,
    shutdown: &Shutdown,
    f: impl FnOnce() -> T,
) -> Result<T> {
    {
        let _frame = shutdown.drawing.lock();
        shutdown.editing.store(true, Ordering::SeqCst);
        restore_terminal();
    }
    let result = f();
    let _frame = shutdown.drawing.lock();
    shutdown.editing.store(false, Ordering::SeqCst);
    take_terminal().context("cannot take the terminal back")?;
    *terminal = fresh_terminal()?;
    Ok(result)
}

/// Listens for the signals that end the session (SIGTERM, SIGHUP, SIGINT,
/// SIGQUIT: the shutdown path, then exit with 128 + the signal) and for
/// job control (SIGTSTP stops with the terminal given back, SIGCONT takes
/// it again).
fn spawn_signal_thread(shutdown: Arc<Shutdown>) -> Result<()> {
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
fn spawn_terminal_watch(shutdown: Arc<Shutdown>) -> Result<()> {
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
fn install_panic_hook(shutdown: Arc<Shutdown>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        shutdown.run();
        previous(info);
    }));
}
