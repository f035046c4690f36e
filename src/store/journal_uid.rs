//! The journal's own uid: none until its first JSON export, then kept, so
//! that an export names the journal that wrote it.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store};

/// The `journal_fact` holding the journal's uid.
const JOURNAL_UID: &str = "journal_uid";

/// A uid in its usual text form.
fn is_uid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

impl Store {
    /// This journal's uid, if it has one yet: a journal gets one at its
    /// first export, and keeps it. Reading it never writes.
    pub fn journal_uid(&self) -> Result<Option<String>> {
        let uid: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM journal_fact WHERE name = ?1",
                [JOURNAL_UID],
                |r| r.get(0),
            )
            .optional()?;
        Ok(uid.filter(|u| is_uid(u)))
    }

    /// This journal's uid, made and stored now if it has none yet; `None`
    /// when the journal is read-only and has none.
    pub fn journal_uid_for_export(&self) -> Result<Option<String>> {
        if let Some(uid) = self.journal_uid()? {
            return Ok(Some(uid));
        }
        let made = (|| -> Result<String> {
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            // Another copy may have made one meanwhile: the first one stays.
            let uid = match self.journal_uid()? {
                Some(uid) => uid,
                None => {
                    let uid = super::new_uid();
                    tx.execute(
                        "INSERT INTO journal_fact (name, value) VALUES (?1, ?2)
                         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                        params![JOURNAL_UID, uid],
                    )?;
                    uid
                }
            };
            tx.commit()?;
            Ok(uid)
        })();
        match made {
            Ok(uid) => Ok(Some(uid)),
            Err(super::StoreError::ReadOnly) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
