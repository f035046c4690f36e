//! Drafts: text being edited, kept so a crash, a closed terminal or a kill
//! loses at most the last few seconds of typing.

use rusqlite::{Row, Transaction, params};

use super::binding::{self, bound_columns};
use super::error::crypto_error;
use super::{Result, Store, StoreError, row, timestamp};
use crate::crypto::{PublicKey, SecretKey};
use crate::domain::{Kind, SealedText};

/// A form's text as it was when last saved as a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Stable id of this editing session; saving again replaces it.
    pub uid: String,
    /// The pair being written about, if any.
    pub pair_id: Option<i64>,
    /// What kind of entry the form writes; none for a word this release
    /// does not know (such as "first-meeting entry", which an earlier
    /// release kept for a strength or a challenge ↔ experience alike).
    pub kind: Option<Kind>,
    /// The uid of the entry being edited, if it is not new.
    pub target_uid: Option<String>,
    /// Whether the text belongs to a private note.
    pub private: bool,
    /// The fields' texts, as JSON.
    pub text: String,
    /// When it was saved.
    pub saved_at: chrono::DateTime<chrono::Utc>,
    /// Stored sealed and not opened: `text` is empty until the journal is unlocked.
    pub locked: bool,
}

/// The kind a draft's row names: the kind's word, or the noun that
/// earlier releases kept there ("action item", "check-in", "new pair", …).
fn kind_of(word: &str) -> Option<Kind> {
    word.parse().ok().or(match word {
        "new pair" => Some(Kind::Pair),
        "checklist note" => Some(Kind::ChecklistItem),
        "action item" => Some(Kind::Action),
        "check-in" => Some(Kind::Checkin),
        "goal progress" => Some(Kind::GoalProgress),
        _ => None,
    })
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<(Draft, Option<SealedText>)> {
    let sealed = binding::sealed_text(r, 7, 8)?;
    Ok((
        Draft {
            uid: r.get(0)?,
            pair_id: r.get(1)?,
            kind: kind_of(&r.get::<_, String>(2)?),
            target_uid: r.get(3)?,
            private: r.get(4)?,
            text: r.get(5)?,
            saved_at: row::time(r, 6)?,
            locked: sealed.is_some(),
        },
        sealed,
    ))
}

/// Seals a draft's text, row `uid` in the pair with uid `pair_uid` if any (binding 2).
fn seal(public: &PublicKey, pair_uid: Option<&str>, uid: &str, text: &str) -> Result<Vec<u8>> {
    binding::seal(public, pair_uid, uid, "draft", text.as_bytes())
}

/// Seals every draft still in clear: once a passphrase is set no draft is
/// kept in clear, whatever its form's fields say, since a field such as a
/// note's Private may not have been chosen yet when the text was typed.
pub(super) fn seal_all(tx: &Transaction<'_>, public: &PublicKey) -> Result<()> {
    let plain: Vec<(String, Option<String>, String)> = {
        let mut stmt = tx.prepare(
            "SELECT uid, (SELECT uid FROM pair WHERE pair.id = draft.pair_id), text
             FROM draft WHERE sealed IS NULL",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (uid, pair_uid, text) in plain {
        let sealed = seal(public, pair_uid.as_deref(), &uid, &text)?;
        tx.execute(
            "UPDATE draft SET text = '', sealed = ?2, binding = ?3 WHERE uid = ?1",
            params![uid, sealed, binding::CURRENT],
        )?;
    }
    Ok(())
}

/// Opens every sealed draft back into clear.
pub(super) fn unseal_all(tx: &Transaction<'_>, key: &SecretKey) -> Result<()> {
    for (_, uid, sealed) in binding::sealed_rows(tx, "draft")? {
        let plain = binding::open(key, &sealed, &uid, "draft").map_err(crypto_error)?;
        let text =
            String::from_utf8(plain.to_vec()).map_err(|e| StoreError::Crypto(e.to_string()))?;
        tx.execute(
            "UPDATE draft SET text = ?2, sealed = NULL WHERE uid = ?1",
            params![uid, text],
        )?;
    }
    Ok(())
}

impl Store {
    /// Saves (or replaces, by uid) a draft. Once a passphrase is set every
    /// draft is sealed before it is written, private or not.
    pub fn save_draft(&mut self, d: &Draft) -> Result<()> {
        let now = self.now();
        let (text, sealed) = match self.public_key()? {
            Some(public) => {
                let pair_uid = d
                    .pair_id
                    .map(|id| binding::pair_uid(&self.conn, id))
                    .transpose()?;
                (
                    String::new(),
                    Some(seal(&public, pair_uid.as_deref(), &d.uid, &d.text)?),
                )
            }
            None => (d.text.clone(), None),
        };
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO draft (uid, pair_id, kind, target_uid, private, text, sealed, binding, saved_at,
                 created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?9, ?10, ?7, ?8, ?8)
             ON CONFLICT (uid) DO UPDATE SET pair_id = excluded.pair_id, kind = excluded.kind,
                 target_uid = excluded.target_uid, private = excluded.private, text = excluded.text,
                 sealed = excluded.sealed, binding = excluded.binding,
                 saved_at = excluded.saved_at, updated_at = excluded.updated_at, version = version + 1",
            params![d.uid, d.pair_id, d.kind.map_or("", Kind::as_str), d.target_uid, d.private, text, timestamp(d.saved_at), now,
                sealed, binding::CURRENT],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every kept draft, newest first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT uid, pair_id, kind, target_uid, private, text, saved_at, sealed, ",
            bound_columns!("draft"),
            " FROM draft ORDER BY saved_at DESC, id DESC"
        ))?;
        let rows: Vec<(Draft, Option<SealedText>)> = stmt
            .query_map([], from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut drafts = Vec::with_capacity(rows.len());
        for (mut d, sealed) in rows {
            if let (Some(key), Some(sealed)) = (self.key.as_ref(), sealed)
                && let Ok(plain) = binding::open(key, &sealed, &d.uid, "draft")
            {
                d.text = String::from_utf8_lossy(&plain).into_owned();
                d.locked = false;
            }
            drafts.push(d);
        }
        Ok(drafts)
    }

    /// Forgets a draft (after it was saved for real or discarded).
    pub fn discard_draft(&mut self, uid: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM draft WHERE uid = ?1", [uid])?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_a_draft_was_kept_under_still_reads() {
        // The nouns releases before Kind kept, and the words kept since.
        let read: Vec<(&str, Option<Kind>)> = [
            "new pair",
            "pair",
            "first-meeting entry",
            "checklist note",
            "meeting",
            "feedback",
            "note",
            "action item",
            "check-in",
            "goal",
            "goal progress",
        ]
        .into_iter()
        .map(|w| (w, kind_of(w)))
        .collect();
        assert_eq!(
            read,
            [
                ("new pair", Some(Kind::Pair)),
                ("pair", Some(Kind::Pair)),
                ("first-meeting entry", None),
                ("checklist note", Some(Kind::ChecklistItem)),
                ("meeting", Some(Kind::Meeting)),
                ("feedback", Some(Kind::Feedback)),
                ("note", Some(Kind::Note)),
                ("action item", Some(Kind::Action)),
                ("check-in", Some(Kind::Checkin)),
                ("goal", Some(Kind::Goal)),
                ("goal progress", Some(Kind::GoalProgress)),
            ]
        );
        for k in Kind::ALL {
            assert_eq!(kind_of(k.as_str()), Some(k));
        }
        assert_eq!(kind_of(""), None);
    }
}
