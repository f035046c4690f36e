//! Bringing a journal's schema up to [`SCHEMA_VERSION`], one transaction
//! per migration, after copying a journal of an earlier release beside
//! itself.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

use super::error::{Result, StoreError};
use super::file_copy::automatic_copy;
use super::schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};

/// Brings the schema up to [`SCHEMA_VERSION`], one transaction per migration.
/// The version is read inside each transaction, so two copies starting at once
/// never apply a migration twice.
pub(super) fn migrate(
    conn: &mut Connection,
    path: Option<&Path>,
    now: &DateTime<Utc>,
) -> Result<()> {
    // A journal of an earlier release is copied beside itself before it
    // changes. (A new journal is made in one transaction below, so no copy
    // ever sees one half made and takes a needless backup.)
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if let Some(db) = path
        && found > 0
        && found < SCHEMA_VERSION
    {
        automatic_copy(conn, db, &format!("before-v{SCHEMA_VERSION}"), *now)?;
    }
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.map(Path::to_owned).unwrap_or_default(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        if version == 0 {
            for sql in MIGRATIONS {
                tx.execute_batch(sql)?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.commit()?;
            return Ok(());
        }
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}
