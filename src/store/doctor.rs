//! What `candor doctor` checks: integrity, orphaned rows (each named), the
//! search index's numbering of entries, the counts of feedback the
//! Overview's chart reads, the schema, the application id,
//! the journal mode, and the permissions of the file, its side files and
//! its folder.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use super::file::sibling;
use super::schema::{APPLICATION_ID, SCHEMA_VERSION};
use super::{Result, Store};
use crate::domain::Noun;

/// One line of `candor doctor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// What was checked.
    pub name: &'static str,
    /// Whether it is as it should be.
    pub ok: bool,
    /// What was found.
    pub detail: String,
}

impl Store {
    /// Integrity, orphaned rows, schema and file permissions, one check each
    /// (one per orphaned row).
    pub fn doctor(&self) -> Result<Vec<Check>> {
        let mut checks = Vec::new();
        let integrity: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        checks.push(Check {
            name: "integrity",
            ok: integrity == "ok",
            detail: integrity,
        });
        checks.extend(self.foreign_key_checks());
        let (ok, detail) = self.search_index_check()?;
        checks.push(Check {
            name: "search index",
            ok,
            detail,
        });
        let (ok, detail) = self.feedback_tally_check()?;
        checks.push(Check {
            name: "feedback counts",
            ok,
            detail,
        });
        let version = self.schema_version()?;
        checks.push(Check {
            name: "schema",
            ok: version == SCHEMA_VERSION,
            detail: format!("version {version} (this candor writes {SCHEMA_VERSION})"),
        });
        let app: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        checks.push(Check {
            name: "application id",
            ok: app == APPLICATION_ID,
            detail: format!("{app:#x}"),
        });
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        checks.push(Check {
            name: "journal mode",
            ok: mode.eq_ignore_ascii_case("wal") || self.path.is_none(),
            detail: mode,
        });
        if let Some(db) = &self.path {
            for file in [db.clone(), sibling(db, "-wal"), sibling(db, "-shm")] {
                if let Ok(meta) = fs::metadata(&file) {
                    let bits = meta.permissions().mode() & 0o777;
                    checks.push(Check {
                        name: "file permissions",
                        ok: bits & 0o077 == 0,
                        detail: format!(
                            "{} is {bits:04o}{}",
                            crate::text::path(&file),
                            loose(bits, "chmod 600")
                        ),
                    });
                }
            }
            let dir = match db.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
                _ => PathBuf::from("."),
            };
            if let Ok(meta) = fs::metadata(&dir) {
                let bits = meta.permissions().mode() & 0o777;
                // Others seeing the file's name is not a leak; others writing there is.
                let writable = bits & 0o022 != 0;
                let note = if writable {
                    ": others can replace the journal; chmod 700 it"
                } else if bits & 0o077 != 0 {
                    " (others can see the file names, not the journal)"
                } else {
                    ""
                };
                checks.push(Check {
                    name: "folder permissions",
                    ok: !writable,
                    detail: format!("{} is {bits:04o}{note}", crate::text::path(&dir)),
                });
            }
        }
        Ok(checks)
    }
}

/// The most orphaned rows `doctor` names one by one; the rest are counted.
const ORPHANS_NAMED: usize = 50;

/// One row whose foreign key points to a row that does not exist.
#[derive(Debug)]
struct Orphan {
    table: String,
    rowid: Option<i64>,
    parent: String,
    /// The key's columns and the values they hold, such as `pair_id = 7`.
    points: String,
}

impl Store {
    /// `PRAGMA foreign_key_check`: one failing check per orphaned row (up
    /// to [`ORPHANS_NAMED`], then one line counting the rest), else one ok.
    fn foreign_key_checks(&self) -> Vec<Check> {
        let name = "foreign keys";
        let orphans = match self.orphans() {
            Ok(o) => o,
            Err(e) => {
                return vec![Check {
                    name,
                    ok: false,
                    detail: format!("could not be checked: {e}"),
                }];
            }
        };
        if orphans.is_empty() {
            return vec![Check {
                name,
                ok: true,
                detail: "every reference points to a row that exists".into(),
            }];
        }
        let mut checks: Vec<Check> = orphans
            .iter()
            .take(ORPHANS_NAMED)
            .map(|o| Check {
                name,
                ok: false,
                detail: format!(
                    "{} {} points to a {} that does not exist ({})",
                    o.table,
                    o.rowid.map_or("(no rowid)".into(), |r| format!("row {r}")),
                    o.parent,
                    o.points
                ),
            })
            .collect();
        if orphans.len() > ORPHANS_NAMED {
            checks.push(Check {
                name,
                ok: false,
                detail: format!(
                    "and {} ({} in all)",
                    Noun::new("a", "more orphaned row", "more orphaned rows")
                        .count(orphans.len() - ORPHANS_NAMED),
                    orphans.len()
                ),
            });
        }
        checks
    }

    fn orphans(&self) -> Result<Vec<Orphan>> {
        let mut found = Vec::new();
        let mut check = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = check.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        for row in rows {
            let (table, rowid, parent, fkid) = row?;
            let columns = self.key_columns(&table, fkid)?;
            let points = match rowid {
                Some(rowid) => self.key_values(&table, rowid, &columns)?,
                None => columns.join(", "),
            };
            found.push(Orphan {
                table,
                rowid,
                parent,
                points,
            });
        }
        Ok(found)
    }

    /// The child columns of foreign key `fkid` of `table`.
    fn key_columns(&self, table: &str, fkid: i64) -> Result<Vec<String>> {
        let mut list = self
            .conn
            .prepare("SELECT id, \"from\" FROM pragma_foreign_key_list(?1) ORDER BY seq")?;
        let rows = list.query_map([table], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut columns = Vec::new();
        for row in rows {
            let (id, from) = row?;
            if id == fkid {
                columns.push(from);
            }
        }
        Ok(columns)
    }

    /// `column = value, …` for the row `rowid` of `table`.
    fn key_values(&self, table: &str, rowid: i64, columns: &[String]) -> Result<String> {
        let mut parts = Vec::new();
        for column in columns {
            let value: rusqlite::types::Value = self.conn.query_row(
                &format!(
                    "SELECT {} FROM {} WHERE rowid = ?1",
                    quoted(column),
                    quoted(table)
                ),
                [rowid],
                |r| r.get(0),
            )?;
            let shown = match value {
                rusqlite::types::Value::Null => "null".to_owned(),
                rusqlite::types::Value::Integer(i) => i.to_string(),
                rusqlite::types::Value::Real(f) => f.to_string(),
                rusqlite::types::Value::Text(t) => format!("'{t}'"),
                rusqlite::types::Value::Blob(b) => format!("a blob of {} bytes", b.len()),
            };
            parts.push(format!("{column} = {shown}"));
        }
        Ok(parts.join(", "))
    }
}

/// An SQL identifier in double quotes.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn loose(bits: u32, fix: &str) -> String {
    if bits & 0o077 == 0 {
        String::new()
    } else {
        format!(": others can read it; {fix} it")
    }
}
