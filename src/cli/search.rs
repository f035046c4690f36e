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
        // A phrase is looked for in every entry holding its words.
        check_at_most: None,
    };
    let hits = store.search(query, &filter)?;
    if !private && kind.is_none_or(|k| k == Kind::Note) {
        say_what_private_notes_hold_back(store, query, &filter, hits.len())?;
    }
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
            clock.show_date(clock.local(h.date).date()),
            text::one_line(&h.pair),
            h.snippet
        )?;
    }
    Ok(())
}

/// On standard error (standard output stays as it was): how many private
/// notes matched and are not shown, or, when they are sealed and so were
/// not searched, that they were not; and that `--private` shows them.
fn say_what_private_notes_hold_back(
    store: &Store,
    query: &str,
    filter: &SearchFilter,
    shown: usize,
) -> Result<()> {
    if !store.has_private_notes(filter.pair_id)? {
        return Ok(());
    }
    if store.has_passphrase()? {
        eprintln!(
            "candor: private notes are sealed and were not searched; --private searches them too (it asks for the passphrase)."
        );
        return Ok(());
    }
    let with_private = SearchFilter {
        include_private: true,
        ..filter.clone()
    };
    let hidden = store
        .search(query, &with_private)?
        .len()
        .saturating_sub(shown);
    if hidden > 0 {
        let notes = if hidden == 1 { "note" } else { "notes" };
        let verb = if hidden == 1 { "matches" } else { "match" };
        eprintln!(
            "candor: {hidden} private {notes} also {verb} and {} not shown; --private shows them.",
            if hidden == 1 { "is" } else { "are" }
        );
    }
    Ok(())
}
