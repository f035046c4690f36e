//! `candor search`.

use std::io::Write;

use anyhow::Result;

use super::input::find;
use super::output;
use crate::domain::Kind;
use crate::store::{SearchFilter, Store, hit_word};
use crate::text;

pub(super) fn search(
    store: &Store,
    query: &str,
    pair: Option<&str>,
    kind: Option<Kind>,
    private: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let pair_id = pair.map(|p| find(store, p)).transpose()?.map(|p| p.id);
    let filter = SearchFilter {
        pair_id,
        kind,
        include_private: private,
        limit: 200,
        // A query given whole: its words match whole words, as before.
        prefix_last: false,
    };
    let hits = store.search(query, &filter)?;
    if json {
        return output::json(out, &hits);
    }
    if hits.is_empty() {
        writeln!(out, "Nothing matches '{}'.", text::one_line(query))?;
    }
    let clock = store.clock();
    for h in hits {
        writeln!(
            out,
            "{} #{}  {}  {}\n    {}",
            hit_word(h.kind),
            h.id,
            clock.local(h.date).format("%Y-%m-%d"),
            text::one_line(&h.pair),
            h.snippet
        )?;
    }
    Ok(())
}
