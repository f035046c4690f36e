//! Writing command output: JSON documents, aligned tables and indented text.
//! Human output is stripped of terminal control sequences; JSON keeps every
//! character but writes the ones a terminal could act on as `\u` escapes.

use std::io::Write;

use anyhow::{Context, Result};
use unicode_width::UnicodeWidthStr;

use crate::store::{Cursor, Page, Store};
use crate::text;

/// Rows read per query when a command walks a whole list.
pub const PAGE: usize = 500;

/// Writes `value` as one pretty JSON document.
pub fn json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).context("cannot write the JSON")?;
    writeln!(out, "{}", text::json_escapes(&text))?;
    Ok(())
}

/// Streams every page of a list (or its first `limit` items) as one JSON
/// array, so a long list is never held in memory whole.
pub fn json_pages<T, F, C>(
    out: &mut dyn Write,
    limit: Option<usize>,
    mut fetch: F,
    cursor: C,
) -> Result<()>
where
    T: serde::Serialize,
    F: FnMut(&Page) -> Result<Vec<T>>,
    C: Fn(&T) -> Cursor,
{
    write!(out, "[")?;
    let mut any = false;
    each_page(limit, &mut fetch, cursor, |item| {
        let text = serde_json::to_string_pretty(item)?;
        write!(
            out,
            "{}\n  {}",
            if any { "," } else { "" },
            text::json_escapes(&text.replace('\n', "\n  "))
        )?;
        any = true;
        Ok(())
    })?;
    writeln!(out, "{}]", if any { "\n" } else { "" })?;
    Ok(())
}

/// Calls `each` on every item of every page, or on the first `limit` items:
/// a page is read only if it is needed.
pub fn each_page<T, F, C>(
    limit: Option<usize>,
    mut fetch: F,
    cursor: C,
    mut each: impl FnMut(&T) -> Result<()>,
) -> Result<()>
where
    F: FnMut(&Page) -> Result<Vec<T>>,
    C: Fn(&T) -> Cursor,
{
    let mut left = limit.unwrap_or(usize::MAX);
    let mut page = Page::first(PAGE.min(left));
    while page.limit > 0 {
        let items = fetch(&page)?;
        for item in &items {
            each(item)?;
        }
        left -= items.len();
        match items.last() {
            Some(last) if items.len() == page.limit => {
                page = Page {
                    after: Some(cursor(last)),
                    limit: PAGE.min(left),
                }
            }
            _ => break,
        }
    }
    Ok(())
}

/// Writes rows as left-aligned columns, padding by display width.
pub fn table(out: &mut dyn Write, rows: &[Vec<String>]) -> Result<()> {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < columns {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Writes `label` and a stored text, cleaned, every line indented.
pub fn field(out: &mut dyn Write, label: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Ok(());
    }
    let cleaned = text::clean(value);
    let mut lines = cleaned.lines();
    writeln!(out, "    {label}: {}", lines.next().unwrap_or(""))?;
    let pad = " ".repeat(label.width() + 6);
    for line in lines {
        writeln!(out, "{pad}{line}")?;
    }
    Ok(())
}

/// A stored time in the journal's local time, to the minute.
pub(super) fn local(store: &Store, t: chrono::DateTime<chrono::Utc>) -> String {
    store.clock().show_time(t)
}
