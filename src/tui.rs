//! The terminal session: set the terminal up, run the event loop, and give
//! the terminal back on every way out — quit, panic, SIGTERM, SIGHUP,
//! SIGINT or a terminal that went away — through one shutdown path.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::terminal::{self, LeaveAlternateScreen};
use crossterm::{cursor, execute};

use crate::app::{App, DraftMirror, Request, Settings};
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
        // Wait briefly for a frame being drawn; a panic inside drawing holds
        // the lock for good, so never wait forever.
        let mut frame = None;
        for _ in 0..50 {
            if let Ok(guard) = self.drawing.try_lock() {
                frame = Some(guard);
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if self.done.swap(true, Ordering::SeqCst) {
            return;
        }
        self.keep_draft();
        restore_terminal();
        drop(frame);
        if let Some(dir) = &self.scratch_dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    /// Saves the mirrored draft through a connection of its own.
    fn keep_draft(&self) {
        let draft = self
            .draft
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
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

fn session(store: Store, config: &Config, scratch_dir: Option<PathBuf>) -> Result<()> {
    let template = Template::load(config.config_dir.as_deref())?;
    let keymap = Keymap::load(config.config_dir.as_deref())?;
    let theme = Theme::new(config.no_color);
    let db = store.path().map(Path::to_owned).unwrap_or_default();
    let settings = Settings {
        autosave_after: config.autosave_after,
        lock_after: config.lock_after,
    };
    let mut app = App::with_settings(store, template, keymap, settings);

    let shutdown = Arc::new(Shutdown {
        done: AtomicBool::new(false),
        drawing: Mutex::new(()),
        db,
        clock: Arc::clone(&config.clock),
        draft: app.draft_mirror(),
        scratch_dir,
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
    app.resize(size.width, size.height);
    let mut dirty = true;
    while !app.state.quit {
        if let Some(Request::Editor(text)) = app.state.request.take() {
            let result = with_terminal_suspended(terminal, || {
                editor::edit(config.editor.as_deref(), &text)
            })?;
            app.editor_returned(result);
            dirty = true;
        }
        if dirty {
            let _frame = shutdown.drawing.lock();
            if shutdown.is_done() {
                break;
            }
            terminal.draw(|frame| ui::render(&app.state, theme, frame))?;
            dirty = false;
        }
        // A terminal that went away makes poll or read fail: leave through
        // the shutdown path like any other way out.
        if !event::poll(TICK)? {
            let before = app.state.status.clone();
            let busy = app.state.busy.is_some();
            app.tick();
            dirty = busy || app.state.status != before || app.state.request.is_some();
            continue;
        }
        match event::read()? {
            Event::Key(key) => app.handle_key(key),
            Event::Paste(text) => app.handle_paste(&text),
            Event::Mouse(mouse) => app.handle_mouse(mouse),
            Event::Resize(w, h) => app.resize(w, h),
            Event::FocusGained | Event::FocusLost => continue,
        }
        dirty = true;
    }
    Ok(())
}

/// Gives the terminal to another program (the editor) and takes it back.
fn with_terminal_suspended<T>(
    terminal: &mut ratatui::DefaultTerminal,
    f: impl FnOnce() -> T,
) -> Result<T> {
    restore_terminal();
    let result = f();
    terminal::enable_raw_mode().context("cannot take the terminal back")?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )
    .context("cannot take the terminal back")?;
    // A fresh terminal handle draws everything anew. `Terminal::clear` would
    // ask the terminal where its cursor is, and multiplexers and test
    // terminals never answer.
    execute!(io::stdout(), terminal::Clear(terminal::ClearType::All))
        .context("cannot take the terminal back")?;
    *terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))?;
    Ok(result)
}

fn spawn_signal_thread(shutdown: Arc<Shutdown>) -> Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])
        .context("cannot listen for signals")?;
    std::thread::Builder::new()
        .name("candor-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                shutdown.run();
                std::process::exit(128 + signal);
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
