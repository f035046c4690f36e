//! A private text and whether it can be read: stored in clear, or sealed
//! under the passphrase and then opened, locked or damaged ([`Sealing`]);
//! and a sealed text as it is stored ([`SealedText`]). Notes and check-ins
//! both keep their private texts so.

use zeroize::Zeroize;

/// A private text as stored sealed, with what it was bound to when sealed
/// and what it must be bound to now to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedText {
    /// The sealed bytes.
    pub bytes: Vec<u8>,
    /// The associated data it was sealed with: 1, the row alone (before
    /// 0.6); 2, the pair and the row.
    pub binding: u8,
    /// The uid of the pair its row is in now (`None` for a draft with no
    /// pair); under binding 2 it opens only if this is the pair it was sealed in.
    pub pair_uid: Option<String>,
    /// Whether binding 1 is still accepted: until every old text was sealed
    /// again at an unlock, the journal's `binding_floor` is below 2.
    pub old_binding_accepted: bool,
}

/// A private text `T` and whether it can be read now.
///
/// What cannot be read is not there to read: a locked or damaged text
/// holds no `T`, only its sealed copy, so whoever reads the text has to
/// say what happens when there is none ([`Sealing::readable`]). A text in
/// clear has no sealed copy, and a sealed one always has its own (kept so
/// that an undo puts it back unchanged).
///
/// ```
/// use candor::domain::{Readable, SealedText, Sealing};
/// let sealed = SealedText { bytes: vec![1], binding: 2, pair_uid: None, old_binding_accepted: false };
/// let locked: Sealing<String> = Sealing::Locked(sealed);
/// assert_eq!(locked.readable(), Readable::Locked);
/// assert_eq!(locked.text(), None);
/// ```
///
/// A locked text with words in it cannot be built:
///
/// ```compile_fail
/// use candor::domain::Sealing;
/// let locked = Sealing::Locked(String::from("the words"));
/// ```
///
/// nor a note's text read as if it were always there:
///
/// ```compile_fail
/// fn body(note: &candor::domain::Note) -> &str {
///     &note.body
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sealing<T> {
    /// Stored in clear (no passphrase was set when it was written).
    Clear(T),
    /// Stored sealed, and opened with the key: readable, and sealed still.
    Opened {
        /// The opened text.
        text: T,
        /// The sealed copy it was opened from.
        sealed: SealedText,
    },
    /// Stored sealed, and the key is not here: the journal is locked.
    Locked(SealedText),
    /// Stored sealed, and it does not open with the key: damaged, or moved
    /// to a row or pair it was not sealed for.
    Damaged(SealedText),
}

/// A private text as it can be read now: a `match` on it says what is
/// done when it is locked or damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readable<'a, T> {
    /// In clear, or sealed and opened.
    Open(&'a T),
    /// Sealed, and the journal is locked.
    Locked,
    /// Sealed, and it cannot be opened even unlocked.
    Damaged,
}

impl<T> Sealing<T> {
    /// A text as read from a row: locked if it is stored sealed, else the
    /// text in the clear columns. Opening it is [`Sealing::open_with`].
    pub fn stored(sealed: Option<SealedText>, clear: T) -> Self {
        match sealed {
            Some(s) => Self::Locked(s),
            None => Self::Clear(clear),
        }
    }

    /// Opens a locked text with `open`: opened if it gives the text,
    /// damaged if it does not. Any other state is left as it is.
    #[must_use]
    pub fn open_with(self, open: impl FnOnce(&SealedText) -> Option<T>) -> Self {
        match self {
            Self::Locked(sealed) => match open(&sealed) {
                Some(text) => Self::Opened { text, sealed },
                None => Self::Damaged(sealed),
            },
            other => other,
        }
    }

    /// The text as it can be read now.
    pub fn readable(&self) -> Readable<'_, T> {
        match self {
            Self::Clear(text) | Self::Opened { text, .. } => Readable::Open(text),
            Self::Locked(_) => Readable::Locked,
            Self::Damaged(_) => Readable::Damaged,
        }
    }

    /// The text, if it can be read now (`None` when locked or damaged).
    pub fn text(&self) -> Option<&T> {
        match self.readable() {
            Readable::Open(text) => Some(text),
            Readable::Locked | Readable::Damaged => None,
        }
    }

    /// The sealed copy as stored, if it is stored sealed.
    pub fn sealed(&self) -> Option<&SealedText> {
        match self {
            Self::Clear(_) => None,
            Self::Opened { sealed, .. } | Self::Locked(sealed) | Self::Damaged(sealed) => {
                Some(sealed)
            }
        }
    }

    /// Whether it is stored sealed under the passphrase (opened or not).
    pub fn is_sealed(&self) -> bool {
        !matches!(self, Self::Clear(_))
    }

    /// Whether it is sealed and the journal is locked.
    pub fn is_locked(&self) -> bool {
        matches!(self, Self::Locked(_))
    }

    /// Whether it is sealed and cannot be opened even unlocked.
    pub fn is_damaged(&self) -> bool {
        matches!(self, Self::Damaged(_))
    }
}

impl<T: Zeroize> Sealing<T> {
    /// Overwrites the text in memory, so that locking leaves no copy
    /// behind: an opened text is locked again (only its sealed copy stays);
    /// a text in clear is overwritten where it is, until it is read again.
    pub fn wipe(&mut self) {
        match self {
            Self::Clear(text) => text.zeroize(),
            Self::Opened { text, sealed } => {
                text.zeroize();
                let sealed = sealed.clone();
                *self = Self::Locked(sealed);
            }
            Self::Locked(_) | Self::Damaged(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed() -> SealedText {
        SealedText {
            bytes: vec![1, 2, 3],
            binding: 2,
            pair_uid: Some("pair".into()),
            old_binding_accepted: false,
        }
    }

    #[test]
    fn a_text_stored_sealed_is_locked_until_opened_and_has_nothing_to_read() {
        let read = Sealing::stored(Some(sealed()), "ignored".to_owned());
        assert_eq!(
            read,
            Sealing::Locked(sealed()),
            "the clear columns are not read"
        );
        assert_eq!(read.readable(), Readable::Locked);
        assert_eq!(read.text(), None);
        assert!(read.is_sealed() && read.is_locked() && !read.is_damaged());
        assert_eq!(read.sealed(), Some(&sealed()));
    }

    #[test]
    fn opening_gives_the_text_and_keeps_the_sealed_copy_or_marks_it_damaged() {
        let opened = Sealing::Locked(sealed()).open_with(|s| {
            assert_eq!(s.bytes, [1, 2, 3]);
            Some("words".to_owned())
        });
        assert_eq!(opened.readable(), Readable::Open(&"words".to_owned()));
        assert!(opened.is_sealed() && !opened.is_locked() && !opened.is_damaged());
        assert_eq!(opened.sealed(), Some(&sealed()));

        let damaged = Sealing::<String>::Locked(sealed()).open_with(|_| None);
        assert_eq!(damaged.readable(), Readable::Damaged);
        assert_eq!(damaged.text(), None);
        assert!(damaged.is_sealed() && damaged.is_damaged() && !damaged.is_locked());
        assert_eq!(
            damaged.sealed(),
            Some(&sealed()),
            "kept, so an undo puts it back"
        );
    }

    #[test]
    fn a_text_in_clear_has_no_sealed_copy_and_is_never_opened() {
        let clear = Sealing::stored(None, "plain".to_owned());
        assert_eq!(clear.text().map(String::as_str), Some("plain"));
        assert!(!clear.is_sealed() && !clear.is_locked() && !clear.is_damaged());
        assert_eq!(clear.sealed(), None);
        let still = clear
            .clone()
            .open_with(|_| panic!("a text in clear is not opened"));
        assert_eq!(still, clear);
        // Opening twice does nothing either.
        let opened = Sealing::Locked(sealed()).open_with(|_| Some("a".to_owned()));
        assert_eq!(opened.clone().open_with(|_| None), opened);
    }

    #[test]
    fn wiping_an_opened_text_locks_it_again_and_keeps_only_the_sealed_copy() {
        let mut opened = Sealing::Opened {
            text: "secret".to_owned(),
            sealed: sealed(),
        };
        opened.wipe();
        assert_eq!(opened, Sealing::Locked(sealed()));
        let mut clear = Sealing::Clear("secret".to_owned());
        clear.wipe();
        assert_eq!(clear, Sealing::Clear(String::new()));
        let mut damaged = Sealing::<String>::Damaged(sealed());
        damaged.wipe();
        assert_eq!(damaged, Sealing::Damaged(sealed()));
    }
}
