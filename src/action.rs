//! Every user intent, as one enum. Key bindings in `assets/keymap.toml` name
//! these by their serde name; the help screen shows the binding's `desc`.

use serde::{Deserialize, Serialize};

/// What the user asked for, independent of the key that asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave candor.
    Quit,
    /// Show or hide the list of keys.
    Help,
    /// Move the selection up one row.
    Up,
    /// Move the selection down one row.
    Down,
    /// Move the selection up one page.
    PageUp,
    /// Move the selection down one page.
    PageDown,
    /// Jump to the first row.
    Top,
    /// Jump to the last row.
    Bottom,
    /// Put the focus on the pair list.
    FocusPairs,
    /// Put the focus on the open tab.
    FocusTab,
    /// Open the next tab.
    NextTab,
    /// Open the previous tab.
    PrevTab,
    /// Open the home view across all pairs.
    ShowHome,
    /// Open the Overview tab.
    ShowOverview,
    /// Open the First meeting tab.
    ShowFirstMeeting,
    /// Open the Meetings tab.
    ShowMeetings,
    /// Open the Feedback tab.
    ShowFeedback,
    /// Open the Notes tab.
    ShowNotes,
    /// Create something here: a pair on the pair list, a strength or experience on First meeting.
    New,
    /// Add a strength or a challenge ↔ experience pair (First meeting).
    Add,
    /// Add an action item (Meetings).
    NewAction,
    /// Add a private trust check-in (Overview).
    Checkin,
    /// Read the pair's trust check-ins (Overview).
    ShowCheckins,
    /// Add a goal (Overview).
    NewGoal,
    /// Record progress on the selected goal (Overview).
    GoalProgress,
    /// Tick or untick the selected checklist item or action item.
    Toggle,
    /// Edit the selected entry or pair.
    Edit,
    /// Read the selected entry in full.
    Open,
    /// Delete the selected entry or pair, after a confirmation.
    Delete,
    /// Bring back the entry deleted last.
    Undo,
    /// Pause the selected pair, or make it active again.
    PauseResume,
    /// Close the selected pair, or reopen it.
    CloseReopen,
    /// Search everything; Enter jumps to the hit.
    Search,
    /// Export the selected pair or all pairs, after showing what leaves.
    Export,
    /// Import a JSON export (pair list): the file's path, then what it would
    /// add, update or remove, then the import itself.
    Import,
    /// Unlock private notes with the passphrase.
    Unlock,
    /// Lock private notes again and clear the screen.
    Lock,
    /// Answer yes to the question shown.
    Yes,
    /// Answer no to the question shown.
    No,
    /// In a form: edit the focused text in $EDITOR (never private text).
    ExternalEditor,
    /// Close the dialog or form; asks first if typed text would be lost.
    Cancel,
    /// In a form: go to the next field.
    NextField,
    /// In a form: go to the previous field.
    PrevField,
    /// In a form: save.
    Save,
}
