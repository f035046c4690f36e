//! The terminal session: set the terminal up, run the event loop, and give
//! the terminal back on every way out — quit, panic, SIGTERM, SIGHUP,
//! SIGINT, SIGQUIT or a terminal that went away — through one shutdown
//! path. Ctrl-z and SIGTSTP stop the program with the terminal given back;
//! SIGCONT takes it again and draws the whole screen anew.

use std::collections::VecDeque;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use crossterm::event::{self, EnableBracketedPaste, EnableMouseCapture, Event};
use crossterm::execute;
use crossterm::terminal;

use crate::app::{App, Effect, Settings};
use crate::config::Config;
use crate::keymap::Keymap;
use crate::store::Store;
use crate::template::Template;
use crate::ui::{self, Theme};
use crate::{demo, editor};

mod shutdown;

use shutdown::{
    Shutdown, install_panic_hook, restore_terminal, spawn_signal_thread, spawn_terminal_watch,
    take_terminal,
};

/// How long the loop waits for input before it wakes for timers.
const TICK: Duration = Duration::from_millis(250);

/// Opens the journal of `config` in the terminal.
pub fn run(config: Config) -> Result<()> {
    require_terminal()?;
    let store = Store::open(&config.db, config.clock.clone())?;
    // Opening reads the header pages only; the pairs the first frame lists
    // are read here, so damage there is one sentence naming the file
    // instead of a welcome screen over a journal that has pairs.
    store
        .pairs_without_next_meeting()
        .map_err(|e| e.in_file(&config.db))?;
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
    demo::throwaway(&config, |dir, store| {
        session(store, &config, Some(dir.to_owned()))
    })
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
        week_start: config.week_start,
    };
    let mut app = App::with_settings(store, template, keymap, settings);
    if let Some(spec) = &config.default_pair {
        app.open_on_pair(spec);
    }
    if let Some(e) = keymap_error {
        app.show_error(&format!("{e}; the default keys are in use"));
    }
    if let Some(warning) = &config.config_warning {
        app.show_error(warning);
    }

    let shutdown = Arc::new(Shutdown {
        done: AtomicBool::new(false),
        drawing: Mutex::new(()),
        db,
        clock: Arc::clone(&config.clock),
        draft: app.draft_mirror(),
        import: app.import_stopper(),
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
    // Said on the terminal the screen gave back, so the shell shows it.
    for line in app.parting() {
        eprintln!("candor: {line}");
    }
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
    let mut checked = false;
    let mut redraw = false;
    app.defer_searches();
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
        // Keys typed ahead are read first: what they change is searched
        // once for them all, and drawn in one frame.
        let typed_ahead = event::poll(Duration::ZERO)?;
        if !typed_ahead {
            let settled: Vec<Effect> = app.settle().into_iter().collect();
            if !settled.is_empty() {
                effects.extend(settled);
                continue;
            }
        }
        if redraw && !typed_ahead {
            redraw = false;
            let _frame = shutdown.drawing.lock();
            if shutdown.is_done() {
                return Ok(());
            }
            terminal.draw(|frame| ui::render(&app.state, theme, frame))?;
            // Once the first frame is up, every page of the file is read on
            // another thread; damage is said when found, and no one waits.
            if !checked {
                checked = true;
                app.check_file_in_background();
                // A journal that syncs through a folder syncs now, and
                // every few minutes after (`App::tick`).
                app.sync_in_background();
            }
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
