//! The list of keys (`?`), scrolled a line or a page at a time.

use super::{App, Overlay};
use crate::action::Action;

/// Help's state: how far it is scrolled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpView {
    /// First line shown.
    pub scroll: u16,
}

/// The furthest help scrolls.
const MAX_SCROLL: isize = 500;

impl App {
    /// An action while help is shown.
    pub(super) fn act_on_help(&mut self, action: Action) {
        let delta = self.delta(action);
        if let Some(Overlay::Help(help)) = &mut self.state.overlay {
            match action {
                Action::Cancel | Action::Help => self.state.overlay = None,
                _ if delta != 0 => {
                    let next = (help.scroll as isize)
                        .saturating_add(delta)
                        .clamp(0, MAX_SCROLL);
                    help.scroll = next as u16;
                }
                _ => {}
            }
        }
    }
}
