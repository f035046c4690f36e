//! Which view is in front, decided once from what is open: it has the
//! keyboard, its keymap modes resolve the keys, and it gets the actions.

use super::entry_list::EntryList;
use super::first_meeting::FirstMeetingView;
use super::form::{FormKind, ImportStep};
use super::home::HomeView;
use super::overview::OverviewView;
use super::{Focus, Overlay, State, Tab};
use crate::keymap::Mode;

/// The right-hand side of the screen: Home across every pair, or one tab
/// of the selected pair. Each holds its own cursor.
#[derive(Debug, Clone)]
pub enum Right {
    /// What is due across every pair (`0`).
    Home(HomeView),
    /// The pair at a glance, and its goals.
    Overview(OverviewView),
    /// The five trust-building steps.
    FirstMeeting(FirstMeetingView),
    /// Meetings, feedback or notes.
    Entries(EntryList),
}

impl Default for Right {
    fn default() -> Self {
        Right::Overview(OverviewView::default())
    }
}

impl Right {
    /// The view showing `tab`, its cursor at the top.
    pub fn for_tab(tab: Tab) -> Self {
        match tab {
            Tab::Overview => Right::Overview(OverviewView::default()),
            Tab::FirstMeeting => Right::FirstMeeting(FirstMeetingView::default()),
            Tab::Meetings | Tab::Feedback | Tab::Notes => Right::Entries(EntryList::new(tab)),
        }
    }

    /// The pair's tab shown, or `None` on Home.
    pub fn tab(&self) -> Option<Tab> {
        match self {
            Right::Home(_) => None,
            Right::Overview(_) => Some(Tab::Overview),
            Right::FirstMeeting(_) => Some(Tab::FirstMeeting),
            Right::Entries(list) => Some(list.tab),
        }
    }
}

/// The view that has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Front {
    /// The list of keys.
    Help,
    /// A form; `secret` when it takes a passphrase.
    Form {
        /// The form takes a passphrase.
        secret: bool,
        /// The import window's step, if it is the import window.
        import: Option<ImportStep>,
    },
    /// A long text being read.
    Viewer,
    /// A yes/no question.
    Confirm,
    /// The search window.
    Search,
    /// The pair list; `overview` when the Overview is shown beside it, whose
    /// keys then work from the list too (those the list does not bind).
    Pairs {
        /// The Overview is shown beside the list.
        overview: bool,
    },
    /// Home.
    Home,
    /// The Overview tab.
    Overview,
    /// The First meeting tab.
    FirstMeeting,
    /// A tab listing entries.
    Entries(Tab),
}

impl Front {
    /// The keymap modes in force, most specific first.
    pub fn modes(self) -> Vec<Mode> {
        match self {
            Front::Help => vec![Mode::Help],
            Front::Form { secret: true, .. } => vec![Mode::Prompt],
            Front::Form {
                import: Some(ImportStep::File),
                ..
            } => vec![Mode::ImportFile, Mode::Form],
            Front::Form {
                import: Some(ImportStep::Preview),
                ..
            } => vec![Mode::ImportPreview, Mode::Form],
            Front::Form { .. } => vec![Mode::Form],
            Front::Viewer => vec![Mode::Viewer],
            Front::Confirm => vec![Mode::Confirm],
            Front::Search => vec![Mode::Search],
            Front::Pairs { overview: false } => vec![Mode::Pairs, Mode::Browse],
            Front::Pairs { overview: true } => vec![Mode::Pairs, Mode::Overview, Mode::Browse],
            Front::FirstMeeting => vec![Mode::FirstMeeting, Mode::Browse],
            Front::Entries(Tab::Meetings) => {
                vec![Mode::Meetings, Mode::Entries, Mode::Tab, Mode::Browse]
            }
            Front::Entries(_) => vec![Mode::Entries, Mode::Tab, Mode::Browse],
            Front::Overview => vec![Mode::Overview, Mode::Tab, Mode::Browse],
            Front::Home => vec![Mode::Tab, Mode::Browse],
        }
    }
}

impl Front {
    /// The keymap modes whose keys the status line offers, in its order: on
    /// the pair list, the Overview's keys come after those that work
    /// everywhere, so a narrow line still shows how to quit and get help.
    pub fn hint_modes(self) -> Vec<Mode> {
        match self {
            Front::Pairs { overview: true } => vec![Mode::Pairs, Mode::Browse, Mode::Overview],
            other => other.modes(),
        }
    }
}

impl State {
    /// The view that has the keyboard: an open window, else the pane with
    /// the focus.
    pub fn front(&self) -> Front {
        match &self.overlay {
            Some(Overlay::Help(_)) => Front::Help,
            Some(Overlay::Form(f)) => Front::Form {
                secret: f.is_secret(),
                import: match f.kind {
                    FormKind::Import { step } => Some(step),
                    _ => None,
                },
            },
            Some(Overlay::Viewer(_)) => Front::Viewer,
            Some(Overlay::Confirm(_)) => Front::Confirm,
            Some(Overlay::Search(_)) => Front::Search,
            None if self.focus == Focus::Pairs => Front::Pairs {
                overview: matches!(self.right, Right::Overview(_)) && self.pair().is_some(),
            },
            None => match &self.right {
                Right::Home(_) => Front::Home,
                Right::Overview(_) => Front::Overview,
                Right::FirstMeeting(_) => Front::FirstMeeting,
                Right::Entries(list) => Front::Entries(list.tab),
            },
        }
    }
}

/// `current` moved by `delta` within `len` rows.
pub fn moved(current: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    (current as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize
}
