//! Bringing a journal's schema up to [`SCHEMA_VERSION`], one transaction
//! per migration, after copying a journal of an earlier release beside
//! itself.

use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior, params};

use super::error::{Result, StoreError};
use super::file::set_wal;
use super::file_copy::automatic_copy;
use super::schema::{APPLICATION_ID, MIGRATIONS, PAGE_SIZE, SCHEMA_VERSION};
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
    let mut copied = false;
    if let Some(db) = path
        && found > 0
        && found < SCHEMA_VERSION
    {
        let bytes = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
        // A copy of a large journal takes a moment (about 250 MB a second
        // here; said with room): it is said, with what follows.
        if bytes >= ANNOUNCED_FROM {
            eprintln!(
                "candor: upgrading {} from schema {found} to {SCHEMA_VERSION}, after copying it beside itself ({:.0} MB, about {} s)…",
                crate::text::path(db),
                bytes as f64 / 1e6,
                bytes / 125_000_000 + 1
            );
        }
        automatic_copy(conn, db, &format!("before-v{SCHEMA_VERSION}"), *now)?;
        copied = true;
    }
    migrate_schema(conn, found, path, clock)?;
    if let Some(db) = path {
        // Schema 10 built the search index again, smaller: the old index's
        // pages stay in the file, unused, until it is rewritten.
        let index_rebuilt = found > 0 && found < SMALLER_INDEX;
        rewrite(conn, db, copied, index_rebuilt, clock)?;
    }
    Ok(())
}

/// A journal file at least this large says that it is being upgraded,
/// since its copy beside itself takes a moment.
const ANNOUNCED_FROM: u64 = 32_000_000;

/// The migrations themselves, each in its own transaction.
fn migrate_schema(
    conn: &mut Connection,
    found: i64,
    path: Option<&Path>,
    clock: &dyn Clock,
) -> Result<()> {
    // A journal `found` at this schema (read without a transaction) is
    // only read: a command opening it while another candor writes (a long
    // import) does not wait for the write lock. Versions only rise, so
    // that read is final.
    if found == SCHEMA_VERSION {
        return Ok(());
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

/// The schema whose migration rebuilds the search index without word
/// positions (0010_search_columns.sql).
const SMALLER_INDEX: i64 = 10;

/// Rewrites a journal of smaller pages in [`PAGE_SIZE`] pages (schema 8),
/// or one whose search index was just built again (schema 10), so it takes
/// no more room than it needs: outside any transaction, as SQLite requires: out of WAL mode, VACUUM,
/// back to WAL. A copy is kept beside it first (the one the migration just
/// made, or a new one). While another connection has the journal open it
/// cannot leave WAL mode: then it stays as it is and the next open tries
/// again. Killed midway, the rollback journal of the VACUUM brings the file
/// back whole, in its old pages.
fn rewrite(
    conn: &mut Connection,
    db: &Path,
    copied: bool,
    index_rebuilt: bool,
    clock: &dyn Clock,
) -> Result<()> {
    let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
    if page_size >= PAGE_SIZE && !index_rebuilt {
        return Ok(());
    }
    let bytes = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
    // Measured at about 80 MB/s on a busy two-core machine; said with room.
    let seconds = bytes / 40_000_000 + 1;
    eprintln!(
        "candor: rewriting {}{} so it takes less room (once, with a copy kept beside it; {:.0} MB, about {seconds} s)…",
        db.display(),
        if page_size < PAGE_SIZE {
            format!(" in {} KiB pages", PAGE_SIZE / 1024)
        } else {
            String::new()
        },
        bytes as f64 / 1e6,
    );
    if !copied {
        automatic_copy(conn, db, "before-larger-pages", clock.now())?;
    }
    let left_wal = match conn.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>(0)
    }) {
        Ok(mode) => mode.eq_ignore_ascii_case("delete"),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) =>
        {
            false
        }
        Err(e) => return Err(e.into()),
    };
    if !left_wal {
        eprintln!(
            "candor: another candor has the journal open; it is rewritten the next time it opens alone."
        );
        set_wal(conn)?;
        return Ok(());
    }
    let rewritten = conn.execute_batch(&format!(
        "PRAGMA page_size = {}; VACUUM;",
        PAGE_SIZE.max(page_size)
    ));
    // Back to WAL whether or not the rewrite went through.
    let mode = set_wal(conn)?;
    rewritten?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Sqlite(rusqlite::Error::InvalidQuery));
    }
    Ok(())
}

/// What the program does inside the transaction of migration `version`,
/// before its SQL: what needs the clock, which SQL cannot know.
fn before(tx: &Transaction<'_>, version: i64, clock: &dyn Clock) -> Result<()> {
    if version == 6 {
        plan_next_meetings(tx, clock)?;
    }
    if version == SMALLER_INDEX || version == INDEX_IN_ORDER {
        announce_index(tx, version)?;
    }
    Ok(())
}

/// The schema whose migration numbers the search index's rows in the
/// order entries were written (0012_search_order.sql).
const INDEX_IN_ORDER: i64 = 12;

/// Says, for a journal large enough to wait on, that schema `version` (10
/// or 12) builds the search index again, why, and about how long it takes.
fn announce_index(tx: &Transaction<'_>, version: i64) -> Result<()> {
    let entries: i64 = tx.query_row(
        "SELECT (SELECT count(*) FROM note) + (SELECT count(*) FROM meeting)
              + (SELECT count(*) FROM feedback) + (SELECT count(*) FROM action_item)",
        [],
        |r| r.get(0),
    )?;
    // Measured at about 40,000 entries a second (schema 10) and 60,000
    // (schema 12) on a busy two-core machine; said with room.
    if entries >= 20_000 {
        let (why, per_second) = if version == SMALLER_INDEX {
            ("without word positions, a third smaller", 20_000)
        } else {
            (
                "in the order entries were written, so a common word's newest matches are of every kind",
                40_000,
            )
        };
        eprintln!(
            "candor: building the search index again {why} (once, for {} entries; about {} s)…",
            crate::text::grouped(entries),
            entries / per_second + 1
        );
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
