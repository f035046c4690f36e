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

use crate::app::App;
use crate::config::Config;
use crate::keymap::Keymap;
use crate::store::Store;
use crate::template::Template;
use crate::ui::{self, Theme};
use crate::{demo, paths};

/// How long the loop waits for input before it wakes for timers.
const TICK: Duration = Duration::from_millis(250);

/// Opens the journal of `config` in the terminal.
pub fn run(config: Config) -> Result<()> {
    require_terminal()?;
    let store = Store::open(&config.db, config.clock.clone())?;
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
/// first (the event loop, the signal thread or the panic hook) restores the
/// terminal and cleans up; later callers do nothing.
#[derive(Debug)]
pub struct Shutdown {
    done: AtomicBool,
    /// Held while a frame is written, so a signal never restores the
    /// terminal halfway through a frame.
    drawing: Mutex<()>,
    scratch_dir: Option<PathBuf>,
}

impl Shutdown {
    fn new(scratch_dir: Option<PathBuf>) -> Self {
        Self {
            done: AtomicBool::new(false),
            drawing: Mutex::new(()),
            scratch_dir,
        }
    }

    /// Whether the session has been shut down.
    pub fn is_done(&self) -> bool {
        self.done.load(Ordering::SeqCst)
    }

    /// Restores the terminal and removes scratch files, once.
    pub fn run(&self) {
        let _frame = self.drawing.lock();
        if self.done.swap(true, Ordering::SeqCst) {
            return;
        }
        restore_terminal();
        if let Some(dir) = &self.scratch_dir {
            let _ = std::fs::remove_dir_all(dir);
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
    let mut app = App::new(store, template, keymap);

    let shutdown = Arc::new(Shutdown::new(scratch_dir));
    spawn_signal_thread(Arc::clone(&shutdown))?;
    install_panic_hook();
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)
        .context("cannot set up the terminal")?;

    let result = event_loop(&mut terminal, &mut app, &theme, &shutdown);
    shutdown.run();
    result
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    shutdown: &Shutdown,
) -> Result<()> {
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let mut dirty = true;
    while !app.state.quit {
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

/// Chains a hook that turns off mouse capture and bracketed paste before
/// the default hook prints the panic; ratatui's own hook, installed after
/// this one, leaves the alternate screen and raw mode first.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture);
        previous(info);
    }));
}

/// The path a demo session keeps its journal in, for tests.
pub fn demo_db(dir: &Path) -> PathBuf {
    dir.join(paths::DB_FILE)
}
