//! The application: its state and `update(action)`. No terminal in here, so
//! every behaviour is tested by feeding actions or key events directly.
//! What needs the terminal (a redraw, clearing it, `$EDITOR`, a stop, the
//! end) is returned as [`Effects`] from every entry point, for the
//! terminal loop to carry out.

mod drafts;
mod effects;
mod entry_forms;
pub mod entry_list;
mod file_check;
pub mod first_meeting;
pub mod form;
pub mod front;
pub mod help;
pub mod home;
mod import;
mod import_run;
mod mouse;
pub mod overview;
pub mod pair_list;
mod privacy;
mod rows;
mod search;
pub mod secret;
mod state;
mod sync;
pub mod viewer;
mod windows;

use crossterm::event::{KeyEvent, KeyEventKind, MouseEvent};

use crate::action::Action;
use crate::keymap::{Keymap, Mode};
use crate::store::Store;
use crate::template::Template;
pub use drafts::DraftMirror;
pub use effects::{Effect, Effects};
pub use entry_list::{EntryList, Row, Section, SectionKind, TabList};
pub use front::{Front, Right};
pub use help::HelpView;
pub use import_run::ImportStopper;
pub use pair_list::{FEEDBACK_EVERY_MEETINGS, PairList};
pub use search::{PHRASE_CHECKS, SearchView};
pub use state::{
    Confirm, Detail, Focus, Overlay, Question, Settings, State, Status, StatusKind, Tab,
};
use viewer::Viewer;

/// The application: the store and the state it shows.
#[derive(Debug)]
pub struct App {
    store: Store,
    settings: Settings,
    drafts: drafts::Keeper,
    unlocking: Option<privacy::Unlocking>,
    /// The check of the whole journal file running beside the screen.
    file_check: Option<std::sync::mpsc::Receiver<crate::store::FileCheck>>,
    /// The sync through the journal's folders that runs beside the screen.
    syncing: sync::Syncing,
    /// The key an unlock opened while the journal's public key was replaced,
    /// held only until the question whether to repair is answered.
    pending_repair: Option<crate::store::RepairKey>,
    /// What asked for the unlock prompt (reading a locked note, the sealed
    /// check-ins), done once the unlock succeeds.
    after_unlock: Option<Action>,
    /// When a save began waiting for another running candor to finish writing.
    waiting_since: Option<chrono::DateTime<chrono::Utc>>,
    /// The file the import window has read, while it is open.
    importing: Option<import::Importing>,
    /// The import running beside the screen.
    running_import: Option<import_run::Running>,
    /// Searches wait for [`App::settle`] (the terminal loop) instead of
    /// running at each key.
    defer_searches: bool,
    /// What to say on the terminal once the screen is gone ([`App::parting`]).
    parting: Vec<String>,
    /// The second `q` during an import: the next tick stops it and quits.
    quit_after_stop: bool,
    import_stopper: ImportStopper,
    idle: privacy::IdleLock,
    /// What the call being handled asks of the terminal loop.
    effects: Vec<Effect>,
    /// What the screen shows.
    pub state: State,
}

impl App {
    /// An app on `store` with default settings.
    pub fn new(store: Store, template: Template, keymap: Keymap) -> Self {
        Self::with_settings(store, template, keymap, Settings::default())
    }

    /// An app on `store`, with the first pair selected and its Overview open,
    /// offering back any draft an earlier run kept.
    pub fn with_settings(
        store: Store,
        template: Template,
        keymap: Keymap,
        settings: Settings,
    ) -> Self {
        let today = store.clock().today();
        let clock = store.shared_clock();
        // A write that meets another candor writing gives up after a moment,
        // so the screen can say it waits, stay responsive, and try again.
        let _ = store.set_busy_timeout(entry_forms::WAIT_PER_TRY);
        let idle = privacy::IdleLock {
            after: settings.lock_after,
            last_input: store.clock().now(),
        };
        let mut app = Self {
            store,
            settings,
            drafts: drafts::Keeper::default(),
            unlocking: None,
            file_check: None,
            syncing: sync::Syncing::new(),
            pending_repair: None,
            after_unlock: None,
            waiting_since: None,
            importing: None,
            running_import: None,
            defer_searches: false,
            parting: Vec::new(),
            quit_after_stop: false,
            import_stopper: ImportStopper::default(),
            idle,
            effects: Vec::new(),
            state: State {
                keymap,
                template,
                pairs: PairList::default(),
                focus: Focus::Pairs,
                right: Right::default(),
                detail: Detail::default(),
                overlay: None,
                status: Status::default(),
                today,
                clock,
                size: (80, 24),
                busy: None,
                spinner: 0,
                read_only: false,
            },
        };
        app.state.read_only = app.store.is_read_only();
        app.reload();
        app.offer_next_draft();
        app
    }

    /// The store, for callers that need to read it after a run.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, to set up data directly (tests, the demo).
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The draft of the form being edited, shared with the shutdown path so a
    /// signal can keep it on its own connection.
    pub fn draft_mirror(&self) -> DraftMirror {
        self.drafts.mirror()
    }

    /// Asks the terminal loop for `effect` (once, however often asked).
    fn emit(&mut self, effect: Effect) {
        if !self.effects.contains(&effect) {
            self.effects.push(effect);
        }
    }

    /// What this call asked for, handed to the loop.
    fn effects(&mut self) -> Effects {
        Effects(std::mem::take(&mut self.effects))
    }

    /// Handles one key press: forms take typing, everything else goes
    /// through the keymap. Ctrl-z stops the program, whatever is open.
    pub fn handle_key(&mut self, key: KeyEvent) -> Effects {
        if key.kind != KeyEventKind::Release {
            if is_suspend_key(&key) {
                self.emit(Effect::Suspend);
            } else {
                self.key(key);
            }
            self.emit(Effect::Redraw);
        }
        self.effects()
    }

    fn key(&mut self, key: KeyEvent) {
        self.touch();
        // A message answers the key before; the next key starts afresh
        // (the time of the last save stays).
        self.state.status.text.clear();
        let resolved = self.state.keymap.resolve_in(&self.state.modes(), key);
        let action = resolved.map(|(_, a)| a);
        if action != Some(Action::Quit) {
            self.carry_on_importing();
        }
        // Only y throws a draft away; any other key, typed or not, keeps it.
        if let Some(Overlay::Confirm(c)) = &self.state.overlay
            && matches!(c.question, Question::DiscardDraft(_))
        {
            return self.answer(action == Some(Action::Yes));
        }
        // A save that waits (for an import, or another candor writing)
        // keeps the text as it was when Ctrl-s was pressed: keys typed
        // meanwhile, thinking the form done with, must not go into it.
        if self.save_waits(action) {
            return;
        }
        if let Some(Overlay::Form(form)) = &mut self.state.overlay {
            let kept = form.confirm_discard && action != Some(Action::Cancel);
            if kept {
                form.confirm_discard = false;
            }
            let before = form.values();
            let submit = action.is_none() && form.key(key);
            let changed = form.values() != before;
            if kept {
                self.info("Kept your text; carry on.");
            }
            if changed {
                self.form_changed();
            }
            match action {
                Some(a) => self.act(a),
                None if submit => self.act(Action::Save),
                None => {}
            }
            return;
        }
        if matches!(self.state.overlay, Some(Overlay::Search(_))) {
            match action {
                Some(a) => self.act(a),
                None => self.search_key(key),
            }
            return;
        }
        match resolved {
            // A key of the Overview's, pressed on the pair list beside it,
            // acts on the Overview (the list's own keys were found first).
            Some((Mode::Overview, a)) if matches!(self.state.front(), Front::Pairs { .. }) => {
                self.act_on_overview(a);
            }
            Some((_, a)) => self.act(a),
            None => {}
        }
    }

    /// Pasted text goes into the focused form field.
    pub fn handle_paste(&mut self, text: &str) -> Effects {
        if self.save_waits(None) {
            self.emit(Effect::Redraw);
            return self.effects();
        }
        match &mut self.state.overlay {
            Some(Overlay::Form(form)) => {
                form.paste(text);
                self.form_changed();
                self.emit(Effect::Redraw);
            }
            Some(Overlay::Search(_)) => self.search_paste(text),
            _ => {}
        }
        self.effects()
    }

    /// A click selects a pair or a row; the wheel moves the selection.
    pub fn handle_mouse(&mut self, ev: MouseEvent) -> Effects {
        self.mouse(ev);
        self.effects()
    }

    /// The terminal changed size.
    pub fn resize(&mut self, width: u16, height: u16) -> Effects {
        self.state.size = (width, height);
        self.count_shown_pairs();
        if let Some(Overlay::Viewer(v)) = &mut self.state.overlay {
            v.layout(viewer::width_for(width));
        }
        self.emit(Effect::Redraw);
        self.effects()
    }

    /// Time passed: keeps text being edited as a draft once typing pauses,
    /// finishes an unlock, and locks private notes after the idle time.
    /// Asks for a redraw only when something on screen changed.
    pub fn tick(&mut self) -> Effects {
        if self.quit_once_stopped() {
            return self.effects();
        }
        let now = self.store.clock().now();
        // While an import holds the journal, the draft waits in memory.
        if self.drafts.due(now, self.settings.autosave_after) && !self.import_running() {
            self.save_draft_now();
        }
        self.poll_unlock();
        self.poll_file_check();
        self.poll_sync();
        self.poll_import();
        self.check_idle_lock();
        self.retry_waiting_save();
        // What another candor or the command line wrote shows here too.
        if self.store.changed_elsewhere().unwrap_or(false) {
            self.reload();
            self.emit(Effect::Redraw);
        }
        if self.state.busy.is_some() {
            // The spinner turns.
            self.emit(Effect::Redraw);
        }
        self.effects()
    }

    /// Carries out one action, as a key bound to it would.
    pub fn update(&mut self, action: Action) -> Effects {
        self.act(action);
        self.emit(Effect::Redraw);
        self.effects()
    }

    /// Routes `action` to the view in front. Locking and quitting mean the
    /// same whatever is in front.
    fn act(&mut self, action: Action) {
        if matches!(action, Action::Lock | Action::Quit) {
            return self.act_anywhere(action);
        }
        match self.state.front() {
            Front::Help => self.act_on_help(action),
            Front::Form { .. } => self.act_on_form(action),
            Front::Viewer => self.act_on_viewer(action),
            Front::Confirm => self.act_on_confirm(action),
            Front::Search => self.act_on_search(action),
            Front::Pairs { .. } => self.act_on_pairs(action),
            Front::Home => self.act_on_home(action),
            Front::Overview => self.act_on_overview(action),
            Front::FirstMeeting => self.act_on_first_meeting(action),
            Front::Entries(_) => self.act_on_entries(action),
        }
    }

    /// The actions that mean the same in every view of the main screen.
    fn act_anywhere(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit(),
            Action::Help => self.state.overlay = Some(Overlay::Help(HelpView::default())),
            Action::FocusPairs => self.state.focus = Focus::Pairs,
            // Home has nothing to select: from it, the pair's Overview opens.
            Action::FocusTab if matches!(self.state.right, Right::Home(_)) => {
                self.show_tab(Tab::Overview);
            }
            Action::FocusTab if self.state.pair().is_some() => self.state.focus = Focus::Tab,
            Action::NextTab => self.show_tab(Tab::after(self.state.tab())),
            Action::PrevTab => self.show_tab(Tab::before(self.state.tab())),
            Action::ShowOverview => self.show_tab(Tab::Overview),
            Action::ShowFirstMeeting => self.show_tab(Tab::FirstMeeting),
            Action::ShowMeetings => self.show_tab(Tab::Meetings),
            Action::ShowFeedback => self.show_tab(Tab::Feedback),
            Action::ShowNotes => self.show_tab(Tab::Notes),
            Action::ShowHome => self.show_home(),
            Action::Search => self.open_search(),
            Action::Unlock => self.open_unlock_form(),
            Action::Lock => self.lock_now("Private notes locked."),
            Action::Export => self.open_export_form(),
            Action::Import => self.open_import_form(),
            Action::Undo => self.undo_delete(),
            // What a view does not take does nothing there.
            _ => {}
        }
    }

    /// How far a movement action moves a cursor; 0 for any other action.
    fn delta(&self, action: Action) -> isize {
        let page = self.state.size.1.saturating_sub(8).max(1) as isize;
        match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => 0,
        }
    }

    fn quit(&mut self) {
        if !self.may_quit_while_importing() {
            return;
        }
        // A form with typing in it is kept as a draft, so quitting loses nothing.
        if matches!(&self.state.overlay, Some(Overlay::Form(f)) if f.is_dirty()) {
            self.save_draft_now();
        }
        self.wipe_opened_texts();
        self.emit(Effect::Quit);
    }

    /// Shows the selected pair's `tab`, its cursor at the top.
    fn show_tab(&mut self, tab: Tab) {
        self.state.right = Right::for_tab(tab);
        if self.state.pair().is_some() {
            self.state.focus = Focus::Tab;
        }
        self.load_list();
    }

    fn saved(&mut self, message: &str) {
        let now = self.store.clock().now();
        let time = self.store.clock().local(now).format("%H:%M").to_string();
        self.state.status = Status {
            text: message.to_owned(),
            kind: StatusKind::Info,
            saved_at: Some(time),
        };
        self.emit(Effect::Redraw);
    }

    fn info(&mut self, message: &str) {
        self.state.status.text = message.to_owned();
        self.state.status.kind = StatusKind::Info;
        self.emit(Effect::Redraw);
    }

    fn error(&mut self, message: &str) {
        self.state.status.text = sentence(&self.while_importing(message.to_owned()));
        self.state.status.kind = StatusKind::Error;
        self.emit(Effect::Redraw);
    }

    /// Shows `message` as a problem on the status line: one found before the
    /// app started, such as a keymap it could not use.
    pub fn show_error(&mut self, message: &str) {
        self.error(message);
    }
}

/// Ctrl-z, which reaches candor as a key while the terminal is raw.
fn is_suspend_key(key: &KeyEvent) -> bool {
    key.modifiers
        .contains(crossterm::event::KeyModifiers::CONTROL)
        && matches!(key.code, crossterm::event::KeyCode::Char('z' | 'Z'))
}

/// `s` as a sentence: first letter upper-case, ending in a full stop.
fn sentence(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    // A sentence may start with a file's name ("ben.json is not …"), which
    // keeps its case: only a plain word is given a capital.
    let first_word = s.split_whitespace().next().unwrap_or_default();
    let plain = first_word
        .trim_end_matches([',', ':', ';'])
        .chars()
        .all(|c| c.is_alphabetic() || c == '\'' || c == '-');
    let mut out: String = if plain {
        first.to_uppercase().chain(chars).collect()
    } else {
        s.to_owned()
    };
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sentence_starts_with_a_capital_unless_it_starts_with_a_name_of_a_file() {
        assert_eq!(super::sentence("nothing was saved"), "Nothing was saved.");
        assert_eq!(super::sentence(" can't read it "), "Can't read it.");
        assert_eq!(
            super::sentence("ben.json is not a candor export"),
            "ben.json is not a candor export."
        );
        assert_eq!(super::sentence("Done?"), "Done?");
        assert_eq!(super::sentence(""), "");
    }
}
