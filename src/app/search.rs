//! `/`: search everything as you type; Enter jumps to the hit.

use crossterm::event::KeyEvent;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use super::{App, Effect, Effects, Focus, Overlay, Tab};
use crate::domain::Kind;
use crate::store::{Hit, SearchFilter};

/// The search window: the query being typed and its hits.
#[derive(Debug, Clone)]
pub struct SearchView {
    /// The query.
    pub input: TextArea<'static>,
    /// The hits, best first.
    pub hits: Vec<Hit>,
    /// The selected hit.
    pub cursor: usize,
    /// Whether private notes are searched (started from the Notes tab).
    pub include_private: bool,
    /// Private notes would be searched but are locked: only shared text is.
    pub private_locked: bool,
    /// The query changed since the hits were found: they are found again
    /// once no key is waiting ([`App::settle`]).
    pub stale: bool,
    /// A phrase was looked for in the newest [`PHRASE_CHECKS`] entries
    /// holding its words only.
    pub cut_short: bool,
    /// More matched than the window holds ([`SearchView::hits`] are the best).
    pub more: bool,
}

/// The most entries holding a phrase's words that the screen checks for
/// the phrase as it is typed (about 50 ms at 100,000 entries); `candor
/// search` checks them all.
pub const PHRASE_CHECKS: usize = 5_000;

impl SearchView {
    /// The query as typed.
    pub fn query(&self) -> String {
        self.input.lines().join(" ")
    }
}

impl App {
    /// Opens the search window; private notes are searched only from the Notes tab.
    pub(super) fn open_search(&mut self) {
        let mut input = TextArea::default();
        input.set_cursor_line_style(Style::default());
        input.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        let include_private =
            self.state.focus == Focus::Tab && self.state.tab() == Some(Tab::Notes);
        let private_locked = include_private
            && !self.store.is_unlocked()
            && self.store.has_passphrase().unwrap_or(false);
        self.state.overlay = Some(Overlay::Search(Box::new(SearchView {
            input,
            hits: Vec::new(),
            cursor: 0,
            include_private,
            private_locked,
            stale: false,
            cut_short: false,
            more: false,
        })));
    }

    /// A key typed into the search field: search again.
    pub(super) fn search_key(&mut self, key: KeyEvent) {
        let Some(Overlay::Search(view)) = &mut self.state.overlay else {
            return;
        };
        if key.code == crossterm::event::KeyCode::Enter {
            return;
        }
        let before = view.query();
        view.input.input(key);
        if view.query() != before {
            view.stale = true;
            if !self.defer_searches {
                self.run_search();
            }
        }
    }

    /// Finds the hits of a query typed since the last search, if any: the
    /// terminal loop calls it once no key is waiting, so keys typed faster
    /// than a search runs are answered by one search, not one each.
    pub fn settle(&mut self) -> Effects {
        if matches!(&self.state.overlay, Some(Overlay::Search(view)) if view.stale) {
            self.run_search();
            self.emit(Effect::Redraw);
        }
        self.effects()
    }

    /// Text pasted into the search field, on one line (line breaks, tabs
    /// and other control characters become spaces): searched as if typed.
    pub(super) fn search_paste(&mut self, text: &str) {
        let Some(Overlay::Search(view)) = &mut self.state.overlay else {
            return;
        };
        let line: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if line.is_empty() {
            return;
        }
        view.input.insert_str(&line);
        self.search_again();
        self.emit(Effect::Redraw);
    }

    /// Finds the open search window's hits again (the journal changed
    /// under it): at once, or at the next [`App::settle`].
    pub(super) fn search_again(&mut self) {
        if let Some(Overlay::Search(view)) = &mut self.state.overlay {
            view.stale = true;
            if !self.defer_searches {
                self.run_search();
            }
        }
    }

    /// From now on a key typed into the search window only marks its hits
    /// stale, and [`App::settle`] finds them (the terminal loop does this);
    /// otherwise each key searches at once.
    pub fn defer_searches(&mut self) {
        self.defer_searches = true;
    }

    fn run_search(&mut self) {
        let Some(Overlay::Search(view)) = &mut self.state.overlay else {
            return;
        };
        view.stale = false;
        let filter = SearchFilter {
            include_private: view.include_private,
            prefix_last: true,
            check_at_most: Some(PHRASE_CHECKS),
            ..SearchFilter::default()
        };
        let result = self.store.search_reporting(&view.query(), &filter);
        match result {
            Ok(found) => {
                if let Some(Overlay::Search(view)) = &mut self.state.overlay {
                    view.hits = found.hits;
                    view.cut_short = found.cut_short;
                    view.more = found.more;
                    view.cursor = 0;
                }
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    pub(super) fn move_in_search(&mut self, delta: isize) {
        if let Some(Overlay::Search(view)) = &mut self.state.overlay
            && !view.hits.is_empty()
        {
            let last = view.hits.len() as isize - 1;
            view.cursor = (view.cursor as isize).saturating_add(delta).clamp(0, last) as usize;
        }
    }

    /// Enter on a hit: its pair, its tab, and the entry selected.
    pub(super) fn open_hit(&mut self) {
        let Some(Overlay::Search(view)) = &self.state.overlay else {
            return;
        };
        let Some(hit) = view.hits.get(view.cursor).cloned() else {
            return;
        };
        self.state.overlay = None;
        let Some(index) = self.state.pairs.position(hit.pair_id) else {
            return;
        };
        self.state.focus = Focus::Pairs;
        self.select_pair(index);
        let tab = match hit.kind {
            Kind::Pair | Kind::Goal | Kind::GoalProgress | Kind::Checkin => Tab::Overview,
            Kind::ChecklistItem | Kind::Strength | Kind::Experience => Tab::FirstMeeting,
            Kind::Meeting | Kind::Action => Tab::Meetings,
            Kind::Feedback => Tab::Feedback,
            Kind::Note => Tab::Notes,
        };
        self.show_tab(tab);
        if tab == Tab::FirstMeeting {
            self.select_first_meeting_entry(hit.kind, hit.id);
        }
        if tab.has_list() {
            self.select_row(hit.kind, hit.id);
        }
        self.info(&format!("Found in {}.", tab.title()));
    }

    /// Selects the row of `kind` and `id`, loading only the rows around it.
    fn select_row(&mut self, kind: Kind, id: i64) {
        self.select_entry_row(kind, id);
    }
}
