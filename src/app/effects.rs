//! What the app asks of the terminal loop: every entry point of the app
//! returns the effects to carry out, and the loop matches them all.

/// Something only the terminal loop can do, returned by the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// What the screen shows changed: draw it again.
    Redraw,
    /// Clear every cell of the terminal, then draw anew: after locking, no
    /// private text may stay in cells the next frame would not overwrite.
    ClearScreen,
    /// Hand this text to `$EDITOR` and give the result to [`App::editor_returned`].
    Editor(String),
    /// Give the terminal back and stop, as Ctrl-z does in a shell; taken
    /// back and redrawn on `fg`.
    Suspend,
    /// Leave: the session is over.
    Quit,
}

/// The effects one call into the app asks for, in the order asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use = "the terminal loop must carry out what the app asks for"]
pub struct Effects(pub(super) Vec<Effect>);

impl Effects {
    /// Whether `effect` was asked for.
    pub fn contains(&self, effect: &Effect) -> bool {
        self.0.contains(effect)
    }

    /// Whether nothing was asked for.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Effects {
    type Item = Effect;
    type IntoIter = std::vec::IntoIter<Effect>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
