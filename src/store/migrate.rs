//! Bringing a journal's schema up to [`SCHEMA_VERSION`], one transaction
//! per migration, after copying a journal of an earlier release beside
//! itself.

use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior, params};

use super::error::{Result, StoreError};
use super::file_copy::automatic_copy;
use super::schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use crate::clock::Clock;

/// Brings the schema up to [`SCHEMA_VERSION`], one transaction per migration.
/// The version is read inside each transaction, so two copies starting at once
/// never apply a migration twice.
pub(super) fn migrate(conn: &mut Connection, path: Option<&Path>, clock: &dyn Clock) -> Result<()> {
    let now = &clock.now();
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
            for (version, sql) in (1..).zip(MIGRATIONS) {
                before(&tx, version, clock)?;
                tx.execute_batch(sql)?;
            }
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            tx.commit()?;
            return Ok(());
        }
        before(&tx, version + 1, clock)?;
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

/// What the program does inside the transaction of migration `version`,
/// before its SQL: what needs the clock, which SQL cannot know.
fn before(tx: &Transaction<'_>, version: i64, clock: &dyn Clock) -> Result<()> {
    if version == 6 {
        plan_next_meetings(tx, clock)?;
    }
    Ok(())
}

/// Schema 6 drops a pair's own next meeting date: the next meeting is its
/// earliest planned meeting from then on. Each pair whose date is today or
/// later, and that has no meeting on that day yet, gets a meeting planned
/// on it (at [`crate::domain::PLANNED_HOUR`], or the next hour still to
/// come today). A date gone by names no meeting still to come and is left
/// behind (the copy made before the upgrade keeps it).
fn plan_next_meetings(tx: &Transaction<'_>, clock: &dyn Clock) -> Result<()> {
    let dated: Vec<(i64, String)> = {
        let mut stmt =
            tx.prepare("SELECT id, next_meeting_on FROM pair WHERE next_meeting_on IS NOT NULL")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let now = super::row::timestamp(clock.now());
    for (pair_id, date) in dated {
        let Ok(day) = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
            continue;
        };
        let Some(when) = crate::domain::planned_at(day, None, clock) else {
            continue;
        };
        if meets_on(tx, pair_id, day, clock)? {
            continue;
        }
        tx.execute(
            "INSERT INTO meeting (uid, pair_id, held_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![
                super::row::new_uid(),
                pair_id,
                super::row::timestamp(when),
                now
            ],
        )?;
    }
    Ok(())
}

/// Whether pair `pair_id` has a meeting (held or planned) on local day `day`.
pub(super) fn meets_on(
    conn: &Connection,
    pair_id: i64,
    day: chrono::NaiveDate,
    clock: &dyn Clock,
) -> Result<bool> {
    let bound = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| clock.utc_of_local(t))
            .map(super::timestamp)
    };
    let (Some(from), Some(to)) = (bound(day), day.succ_opt().and_then(bound)) else {
        return Ok(false);
    };
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM meeting WHERE pair_id = ?1 AND held_at >= ?2 AND held_at < ?3)",
        params![pair_id, from, to],
        |r| r.get(0),
    )?)
}
