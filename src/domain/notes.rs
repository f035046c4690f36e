//! Notes, shared or private, what they say, and their tags.

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};
use zeroize::Zeroize;

use super::sealing::{Readable, SealedText, Sealing};
use super::validation::Invalid;

/// What a note says: its text and its tags (sealed together when private).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteText {
    /// The text.
    pub body: String,
    /// Tags, such as `next`.
    pub tags: Vec<String>,
}

impl Zeroize for NoteText {
    fn zeroize(&mut self) {
        self.body.zeroize();
        self.tags.zeroize();
    }
}

/// Who may read a note, and whether its text can be read now. A shared
/// note is never sealed: only a private one is, once a passphrase is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteContent {
    /// Shared: in clear, and part of exports.
    Shared(NoteText),
    /// Private: never leaves this journal unless asked; in clear, or sealed
    /// and then opened, locked or damaged.
    Private(Sealing<NoteText>),
}

/// A note, shared or private.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// What it says, who may read it, and whether it can be read now.
    pub content: NoteContent,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

impl Note {
    /// Whether it is private: never shared, never handed to an editor.
    pub fn is_private(&self) -> bool {
        matches!(self.content, NoteContent::Private(_))
    }

    /// What it says as it can be read now: a shared note always can.
    pub fn readable(&self) -> Readable<'_, NoteText> {
        match &self.content {
            NoteContent::Shared(text) => Readable::Open(text),
            NoteContent::Private(sealing) => sealing.readable(),
        }
    }

    /// What it says, if it can be read now (`None` when sealed and locked,
    /// or damaged).
    pub fn text(&self) -> Option<&NoteText> {
        match &self.content {
            NoteContent::Shared(text) => Some(text),
            NoteContent::Private(sealing) => sealing.text(),
        }
    }

    /// The private text and its state, if it is private.
    pub fn sealing(&self) -> Option<&Sealing<NoteText>> {
        match &self.content {
            NoteContent::Shared(_) => None,
            NoteContent::Private(sealing) => Some(sealing),
        }
    }

    /// Whether it is stored sealed under the passphrase.
    pub fn is_sealed(&self) -> bool {
        self.sealing().is_some_and(Sealing::is_sealed)
    }

    /// Whether it is sealed and not opened (the journal is locked).
    pub fn is_locked(&self) -> bool {
        self.sealing().is_some_and(Sealing::is_locked)
    }

    /// Whether it is sealed but damaged or moved: it cannot be opened even unlocked.
    pub fn is_damaged(&self) -> bool {
        self.sealing().is_some_and(Sealing::is_damaged)
    }

    /// The sealed text as stored, kept so an undo puts it back unchanged.
    pub fn sealed_text(&self) -> Option<&SealedText> {
        self.sealing().and_then(Sealing::sealed)
    }

    /// Overwrites the opened text of a private note in memory, so that
    /// locking leaves no copy behind (an opened one is locked again); a
    /// shared note is left as it is.
    pub fn wipe_if_private(&mut self) {
        if let NoteContent::Private(sealing) = &mut self.content {
            sealing.wipe();
        }
    }
}

/// As `candor list PAIR notes --json` writes it: one flat object, whose
/// `body` and `tags` are empty when the text cannot be read (`locked` or
/// `damaged` says why). The sealed bytes are never written.
impl Serialize for Note {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Listed<'a> {
            id: i64,
            uid: &'a str,
            pair_id: i64,
            body: &'a str,
            private: bool,
            tags: &'a [String],
            sealed: bool,
            locked: bool,
            damaged: bool,
            created_at: DateTime<Utc>,
            updated_at: DateTime<Utc>,
            version: i64,
        }
        let text = self.text();
        Listed {
            id: self.id,
            uid: &self.uid,
            pair_id: self.pair_id,
            body: text.map_or("", |t| &t.body),
            private: self.is_private(),
            tags: text.map_or(&[], |t| &t.tags),
            sealed: self.is_sealed(),
            locked: self.is_locked(),
            damaged: self.is_damaged(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
        .serialize(serializer)
    }
}

/// Longest single tag.
pub const MAX_TAG_CHARS: usize = 40;

/// Splits tags given as words (spaces or commas) into a clean, de-duplicated list.
pub fn parse_tags<'a>(words: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, Invalid> {
    let mut tags: Vec<String> = Vec::new();
    for word in words {
        // Any whitespace separates tags, as it does when they are read back.
        for tag in word
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(|t| t.trim_start_matches('#'))
        {
            if tag.is_empty() {
                continue;
            }
            if tag.chars().count() > MAX_TAG_CHARS || tag.chars().any(char::is_control) {
                return Err(Invalid::Choice {
                    what: "a tag",
                    got: tag.to_owned(),
                    allowed: "words of up to 40 letters without control characters",
                });
            }
            let tag = tag.to_lowercase();
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    Ok(tags)
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_split_lowered_and_unique() {
        assert_eq!(
            parse_tags(["next, Career", "#next"]).unwrap_or_default(),
            ["next", "career"]
        );
    }

    fn sealed() -> SealedText {
        SealedText {
            bytes: vec![7; 40],
            binding: 2,
            pair_uid: Some("p".into()),
            old_binding_accepted: false,
        }
    }

    fn text() -> NoteText {
        NoteText {
            body: "ask about the ladder".into(),
            tags: vec!["career".into()],
        }
    }

    fn note(content: NoteContent) -> Note {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        Note {
            id: 3,
            uid: "n".into(),
            pair_id: 1,
            content,
            created_at: t,
            updated_at: t,
            version: 1,
        }
    }

    /// (private, sealed, locked, damaged, has a text)
    fn facts(n: &Note) -> (bool, bool, bool, bool, bool) {
        (
            n.is_private(),
            n.is_sealed(),
            n.is_locked(),
            n.is_damaged(),
            n.text().is_some(),
        )
    }

    #[test]
    fn every_state_a_note_can_be_in_and_only_those() {
        use NoteContent::{Private, Shared};
        let opened = Sealing::Opened {
            text: text(),
            sealed: sealed(),
        };
        let cases = [
            (Shared(text()), (false, false, false, false, true)),
            (
                Private(Sealing::Clear(text())),
                (true, false, false, false, true),
            ),
            (Private(opened), (true, true, false, false, true)),
            (
                Private(Sealing::Locked(sealed())),
                (true, true, true, false, false),
            ),
            (
                Private(Sealing::Damaged(sealed())),
                (true, true, false, true, false),
            ),
        ];
        for (content, expected) in cases {
            let n = note(content);
            assert_eq!(facts(&n), expected, "{n:?}");
            // Locked or damaged means no text, and each comes with its sealed copy.
            assert_eq!(n.text().is_none(), n.is_locked() || n.is_damaged());
            assert_eq!(n.sealed_text().is_some(), n.is_sealed());
            assert!(
                n.is_private() || !n.is_sealed(),
                "a shared note is never sealed"
            );
        }
    }

    #[test]
    fn a_locked_or_damaged_note_says_so_where_its_text_would_be() {
        let locked = note(NoteContent::Private(Sealing::Locked(sealed())));
        let damaged = note(NoteContent::Private(Sealing::Damaged(sealed())));
        let open = note(NoteContent::Shared(text()));
        assert_eq!(locked.readable(), Readable::Locked);
        assert_eq!(damaged.readable(), Readable::Damaged);
        assert_eq!(open.readable(), Readable::Open(&text()));
    }

    #[test]
    fn its_json_is_the_flat_object_candor_list_has_always_written() {
        let json = |content| serde_json::to_value(note(content)).expect("JSON");
        let locked = json(NoteContent::Private(Sealing::Locked(sealed())));
        assert_eq!(
            locked,
            serde_json::json!({
                "id": 3, "uid": "n", "pair_id": 1, "body": "", "private": true, "tags": [],
                "sealed": true, "locked": true, "damaged": false,
                "created_at": "1970-01-01T00:00:00Z", "updated_at": "1970-01-01T00:00:00Z",
                "version": 1
            })
        );
        let damaged = json(NoteContent::Private(Sealing::Damaged(sealed())));
        assert_eq!(
            (&damaged["body"], &damaged["locked"], &damaged["damaged"]),
            (&"".into(), &false.into(), &true.into())
        );
        let opened = json(NoteContent::Private(Sealing::Opened {
            text: text(),
            sealed: sealed(),
        }));
        assert_eq!(opened["body"], "ask about the ladder");
        assert_eq!(opened["tags"], serde_json::json!(["career"]));
        assert_eq!(
            (&opened["sealed"], &opened["locked"]),
            (&true.into(), &false.into())
        );
        let shared = json(NoteContent::Shared(text()));
        assert_eq!(
            (&shared["private"], &shared["sealed"]),
            (&false.into(), &false.into())
        );
        // The order of the fields, as the text is written.
        let written = serde_json::to_string(&note(NoteContent::Shared(text()))).expect("JSON");
        assert!(
            written.starts_with(
                r#"{"id":3,"uid":"n","pair_id":1,"body":"ask about the ladder","private":false,"tags":["career"],"sealed":false,"locked":false,"damaged":false,"created_at""#
            ),
            "{written}"
        );
        assert!(
            !written.contains("bytes"),
            "the sealed bytes are never written"
        );
    }

    #[test]
    fn wiping_locks_an_opened_private_note_and_leaves_a_shared_one() {
        let mut private = note(NoteContent::Private(Sealing::Opened {
            text: text(),
            sealed: sealed(),
        }));
        private.wipe_if_private();
        assert!(private.is_locked() && private.text().is_none());
        assert_eq!(
            private.sealed_text(),
            Some(&sealed()),
            "the sealed copy stays"
        );
        let mut shared = note(NoteContent::Shared(text()));
        shared.wipe_if_private();
        assert_eq!(shared.text(), Some(&text()));
    }
}
