//! A passphrase being typed: one buffer, wiped when it grows, when it is
//! cleared and when it is dropped. It keeps no undo history, is never shown
//! (not even its length), and has no way out to a draft or to `$EDITOR`.

use zeroize::{Zeroize, Zeroizing};

/// The bytes reserved up front, so that an ordinary passphrase never moves.
const START: usize = 128;

/// Typed secret text. Growing past its room copies it into a larger buffer
/// and wipes the old one, so no stale copy is left in freed memory.
pub struct SecretText(Zeroizing<String>);

impl SecretText {
    /// An empty buffer.
    pub fn new() -> Self {
        Self(Zeroizing::new(String::with_capacity(START)))
    }

    /// Adds a typed character.
    pub fn push(&mut self, c: char) {
        if self.0.len() + c.len_utf8() > self.0.capacity() {
            let mut bigger = Zeroizing::new(String::with_capacity(self.0.capacity() * 2 + START));
            bigger.push_str(&self.0);
            // The old buffer is wiped as it drops here.
            self.0 = bigger;
        }
        self.0.push(c);
    }

    /// Removes the last character (Backspace).
    pub fn pop(&mut self) {
        if let Some(c) = self.0.pop() {
            // `pop` leaves the character's bytes in the spare room: write
            // zeros over them (the room is there, so nothing moves) and cut.
            let len = self.0.len();
            for _ in 0..c.len_utf8() {
                self.0.push('\0');
            }
            self.0.truncate(len);
        }
    }

    /// Wipes everything typed.
    pub fn clear(&mut self) {
        self.0.zeroize();
    }

    /// Whether nothing is typed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text, for the key derivation only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Hands the text over, leaving this buffer empty; the caller's copy is
    /// wiped when it drops.
    pub fn take(&mut self) -> Zeroizing<String> {
        std::mem::replace(&mut self.0, Zeroizing::new(String::with_capacity(START)))
    }
}

impl Default for SecretText {
    fn default() -> Self {
        Self::new()
    }
}

impl Clone for SecretText {
    /// A copy that is wiped in its turn; forms are cloned for snapshots.
    fn clone(&self) -> Self {
        let mut copy = Self::new();
        for c in self.0.chars() {
            copy.push(c);
        }
        copy
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretText(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_growing_and_backspace_keep_the_text_right() {
        let mut s = SecretText::new();
        for c in "correct horse".chars() {
            s.push(c);
        }
        s.pop();
        assert_eq!(s.expose(), "correct hors");
        for _ in 0..300 {
            s.push('é');
        }
        assert_eq!(s.expose().chars().count(), 312);
        let taken = s.take();
        assert!(taken.starts_with("correct horsé"));
        assert!(s.is_empty());
        assert_eq!(format!("{s:?}"), "SecretText(…)");
    }
}
