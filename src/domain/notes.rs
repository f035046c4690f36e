//! Notes, shared or private, their tags, and a private text as it is
//! stored sealed (notes and check-ins both).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::validation::Invalid;

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

/// A note, shared or private.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// The text.
    pub body: String,
    /// Private notes never leave this journal.
    pub private: bool,
    /// Tags, such as `next`.
    pub tags: Vec<String>,
    /// Whether it is stored sealed under the passphrase.
    pub sealed: bool,
    /// Sealed and not opened (the journal is locked): `body` and `tags` are empty.
    pub locked: bool,
    /// Sealed but damaged or moved: it cannot be opened even unlocked.
    pub damaged: bool,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
    /// The sealed text as stored, kept so an undo puts it back unchanged.
    #[serde(skip)]
    pub sealed_bytes: Option<SealedText>,
}

impl Note {
    /// Overwrites the opened text of a private note in memory, so that
    /// locking leaves no copy behind; a shared note is left as it is.
    pub fn wipe_if_private(&mut self) {
        if self.private {
            zeroize::Zeroize::zeroize(&mut self.body);
            zeroize::Zeroize::zeroize(&mut self.tags);
        }
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
}
