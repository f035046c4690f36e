//! What the screen shows: the state the views draw from, and the words
//! for its parts (the tabs, the focus, the windows over the screen, the
//! status line).

use std::time::Duration;

use crate::action::Action;
use crate::domain::{CheckIn, ChecklistItem, Experience, Goal, Pair, PairSummary, Strength};
use crate::keymap::{Keymap, Mode};
use crate::store::{Draft, FeedbackSummary};
use crate::template::Template;

use super::form::{Form, FormKind};
use super::{HelpView, PairList, Right, Row, SearchView, Viewer};

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The pair list on the left.
    Pairs,
    /// The open tab on the right.
    Tab,
}

/// The tabs of a pair, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Summary of the pair.
    Overview,
    /// The five trust-building steps.
    FirstMeeting,
    /// Meetings held and planned, and action items.
    Meetings,
    /// Feedback both ways.
    Feedback,
    /// Notes, shared and private.
    Notes,
}

impl Tab {
    /// All tabs in order.
    pub const ALL: [Tab; 5] = [
        Tab::Overview,
        Tab::FirstMeeting,
        Tab::Meetings,
        Tab::Feedback,
        Tab::Notes,
    ];

    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::FirstMeeting => "First meeting",
            Tab::Meetings => "Meetings",
            Tab::Feedback => "Feedback",
            Tab::Notes => "Notes",
        }
    }

    /// A shorter title for narrow terminals.
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::FirstMeeting => "First mtg",
            Tab::Meetings => "Meets",
            Tab::Feedback => "Fdbk",
            other => other.title(),
        }
    }

    fn index(self) -> usize {
        match self {
            Tab::Overview => 0,
            Tab::FirstMeeting => 1,
            Tab::Meetings => 2,
            Tab::Feedback => 3,
            Tab::Notes => 4,
        }
    }

    /// The tab after `tab` in the cycle; Home (`None`) sits outside it,
    /// just before the Overview.
    pub fn after(tab: Option<Tab>) -> Tab {
        match tab {
            Some(t) => Self::ALL[(t.index() + 1) % Self::ALL.len()],
            None => Self::ALL[0],
        }
    }

    /// The tab before `tab`; from Home, the last tab.
    pub fn before(tab: Option<Tab>) -> Tab {
        match tab {
            Some(t) => Self::ALL[(t.index() + Self::ALL.len() - 1) % Self::ALL.len()],
            None => Self::ALL[Self::ALL.len() - 1],
        }
    }

    /// Whether the tab lists entries (meetings, feedback, notes).
    pub fn has_list(self) -> bool {
        matches!(self, Tab::Meetings | Tab::Feedback | Tab::Notes)
    }
}

/// What a yes/no question leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Delete the entry in this row of the tab list.
    DeleteEntry(Row),
    /// Erase this pair and everything in it.
    DeletePair(i64),
    /// Delete this goal and its progress.
    DeleteGoal(i64),
    /// Put this pair on a break.
    PausePair(i64),
    /// Reopen (yes) a draft kept from an earlier run; no asks
    /// [`Question::DiscardDraft`] before anything is thrown away.
    Draft(Box<Draft>),
    /// Throw that draft away for good (yes); any other key keeps it.
    DiscardDraft(Box<Draft>),
    /// Put the journal's own public key back (yes) after an unlock found it replaced.
    RepairKey,
}

/// A yes/no question shown over the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    /// What is asked, in full.
    pub text: String,
    /// What a yes (or no) does.
    pub question: Question,
}

/// A window over the main screen.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The list of keys.
    Help(HelpView),
    /// A form being filled in.
    Form(Box<Form>),
    /// A long text, read a screen at a time.
    Viewer(Box<Viewer>),
    /// A yes/no question.
    Confirm(Box<Confirm>),
    /// Searching everything.
    Search(Box<SearchView>),
}

/// Whether the status message is news or a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusKind {
    /// Something happened as asked.
    #[default]
    Info,
    /// Something was refused or failed.
    Error,
}

/// The bottom line's message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// The message.
    pub text: String,
    /// News or problem.
    pub kind: StatusKind,
    /// Local time of the last save, such as "14:02".
    pub saved_at: Option<String>,
}

/// What the selected pair's First meeting and Overview tabs show.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    /// Meetings held in each of the last twelve weeks, oldest first.
    pub meetings_per_week: Vec<u64>,
    /// How feedback went.
    pub feedback: FeedbackSummary,
    /// The checklist by step and position.
    pub checklist: Vec<ChecklistItem>,
    /// Both people's strengths.
    pub strengths: Vec<Strength>,
    /// Challenge ↔ experience pairs.
    pub experiences: Vec<Experience>,
    /// Goals, open ones first (the first page).
    pub goals: Vec<Goal>,
    /// The latest trust check-ins, oldest first, for the chart.
    pub checkins: Vec<CheckIn>,
    /// How many check-ins the pair holds in all.
    pub checkin_count: usize,
    /// When the pair first met (its first meeting logged as held).
    pub first_met_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The pair's closing reflection, if one was written.
    pub reflection: Option<crate::domain::Note>,
    /// Whether three meetings have passed since feedback to the mentor was
    /// last asked for.
    pub feedback_unasked: bool,
}

/// Settings the app takes from the program's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Idle time after which text being edited is kept as a draft.
    pub autosave_after: Duration,
    /// Idle time after which unlocked private notes lock again.
    pub lock_after: Duration,
    /// The first day of a week: the meetings chart counts weeks from it.
    pub week_start: chrono::Weekday,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            autosave_after: Duration::from_secs(3),
            lock_after: Duration::from_secs(300),
            week_start: chrono::Weekday::Mon,
        }
    }
}

/// Everything the screen shows; render functions read only this.
#[derive(Debug, Clone)]
pub struct State {
    /// The key bindings, for help and hints.
    pub keymap: Keymap,
    /// The checklist template, for step titles.
    pub template: Template,
    /// The pair list on the left.
    pub pairs: PairList,
    /// Which pane has the keyboard.
    pub focus: Focus,
    /// Home or the selected pair's open tab, on the right.
    pub right: Right,
    /// The selected pair's checklist, strengths, experiences and goals,
    /// which the Overview and First meeting tabs show.
    pub detail: Detail,
    /// Help, a form, a viewer or a question, if open.
    pub overlay: Option<Overlay>,
    /// The bottom line's message.
    pub status: Status,
    /// Today in local time.
    pub today: chrono::NaiveDate,
    /// The clock, for showing stored times in local time.
    pub clock: crate::clock::SharedClock,
    /// The terminal's size, for mouse hits and paging.
    pub size: (u16, u16),
    /// Work running in the background, such as "Unlocking", shown with a spinner.
    pub busy: Option<String>,
    /// Turns of the spinner.
    pub spinner: usize,
    /// The journal cannot be written here: a banner says so.
    pub read_only: bool,
}

impl State {
    /// The selected pair, if there is one.
    pub fn pair(&self) -> Option<&Pair> {
        self.pairs.selected().map(|s| &s.pair)
    }

    /// The selected pair with its counts (checklist, meetings, action
    /// items), if there is one.
    pub fn pair_summary(&self) -> Option<&PairSummary> {
        self.pairs.selected()
    }

    /// The selected pair's tab shown on the right, or `None` on Home.
    pub fn tab(&self) -> Option<Tab> {
        self.right.tab()
    }

    /// The keymap modes in force, most specific first.
    pub fn modes(&self) -> Vec<Mode> {
        self.front().modes()
    }

    /// The status-line hints for what is in front: a private form does not
    /// offer `$EDITOR`, since it would refuse, and the import window has no
    /// text worth an editor.
    pub fn hints(&self) -> Vec<(String, String)> {
        let hidden: &[Action] = match &self.overlay {
            Some(Overlay::Form(f))
                if f.keeps_from_editor() || matches!(f.kind, FormKind::Import { .. }) =>
            {
                &[Action::ExternalEditor]
            }
            // A goal or the check-ins read in full have no entry to edit here.
            Some(Overlay::Viewer(v)) if v.row.is_none() => &[Action::Edit],
            _ => &[],
        };
        self.keymap.hints_except(&self.front().hint_modes(), hidden)
    }

    /// How many rows the open tab's list has (loaded or not).
    pub fn row_count(&self) -> usize {
        match &self.right {
            Right::Entries(view) => view.list.len(),
            _ => 0,
        }
    }

    /// The selected row of the open tab's list.
    pub fn row(&self) -> Option<&Row> {
        match &self.right {
            Right::Entries(view) => view.row(),
            _ => None,
        }
    }
}
