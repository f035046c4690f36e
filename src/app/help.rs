//! The list of keys (`?`), scrolled a line or a page at a time.

use super::{App, Overlay};
use crate::action::Action;

/// Help's state: how far it is scrolled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpView {
    /// First line shown.
    pub scroll: u16,
}

impl App {
    /// An action while help is shown.
    pub(super) fn act_on_help(&mut self, action: Action) {
        let delta = self.delta(action);
        // No further than the last line at the bottom of the window (help
        // is drawn 4 rows shorter than the terminal, inside a border).
        let shown = usize::from(self.state.size.1.saturating_sub(6));
        let last = self.state.keymap.help_lines().saturating_sub(shown) as isize;
        if let Some(Overlay::Help(help)) = &mut self.state.overlay {
            match action {
                Action::Cancel | Action::Help => self.state.overlay = None,
                _ if delta != 0 => {
                    let next = (help.scroll as isize).saturating_add(delta).clamp(0, last);
                    help.scroll = next as u16;
                }
                _ => {}
            }
        }
    }
}
