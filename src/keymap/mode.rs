//! Where a binding applies: the modes the keymap file names.

use serde::Deserialize;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Anywhere outside forms and help.
    Browse,
    /// The pair list has the focus.
    Pairs,
    /// A tab other than First meeting has the focus.
    Tab,
    /// The First meeting tab has the focus.
    FirstMeeting,
    /// The Overview tab has the focus (on top of `tab`), or the pair list
    /// has it while the Overview is shown beside it (under `pairs`).
    Overview,
    /// The Meetings tab has the focus (on top of `entries`).
    Meetings,
    /// A tab listing entries (Meetings, Feedback, Notes) has the focus.
    Entries,
    /// A form is open.
    Form,
    /// A form that takes a passphrase is open: Enter submits, and nothing
    /// hands the field to `$EDITOR`.
    Prompt,
    /// The import window asks for the file (on top of `form`).
    ImportFile,
    /// The import window shows what the file would change (on top of `form`).
    ImportPreview,
    /// A long text is being read.
    Viewer,
    /// A yes/no question is asked.
    Confirm,
    /// The search window is open (other keys type the query).
    Search,
    /// Help is shown.
    Help,
}

impl Mode {
    /// The name on the help screen (the keymap file uses the snake-case
    /// name, such as `first_meeting`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Browse => "Anywhere",
            Self::Pairs => "Pair list",
            Self::Tab => "Tabs",
            Self::FirstMeeting => "First meeting",
            Self::Overview => {
                "Overview (also on the pair list beside it, for keys the list leaves free)"
            }
            Self::Meetings => "Meetings",
            Self::Entries => "Meetings, feedback, notes",
            Self::Form => "Forms",
            Self::Prompt => "Passphrase prompts",
            Self::ImportFile => "Import: the file",
            Self::ImportPreview => "Import: what it would change",
            Self::Viewer => "Reading",
            Self::Confirm => "Questions",
            Self::Search => "Search",
            Self::Help => "Help",
        }
    }
}
