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
    let found = store.search_reporting(query, &filter)?;
    let hits = found.hits;
    if !private && kind.is_none_or(|k| k == Kind::Note) {
        say_what_private_notes_hold_back(store, &filter, found.held_back, found.held_back_all)?;
    }
    if found.more {
        eprintln!(
            "candor: the best {} hits are shown and more match; --pair, --kind or more words narrow the search.",
            hits.len()
        );
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
            "{} #{}{}  {}  {}\n    {}",
            hit_word(h.kind),
            h.id,
            if h.private { " (private)" } else { "" },
            clock.show_date(clock.local(h.date).date()),
            text::one_line(&h.pair),
            h.snippet
        )?;
    }
    Ok(())
}

/// On standard error (standard output stays as it was): how many private
/// notes matched and are not shown, or, when they are sealed and so were
/// not searched, that they were not; and that `--private` shows them. The
/// count comes from the search itself: every one when `all`, else those
/// among the newest matches it ranked, as "at least".
fn say_what_private_notes_hold_back(
    store: &Store,
    filter: &SearchFilter,
    held_back: usize,
    all: bool,
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
    if held_back > 0 {
        let notes = if held_back == 1 { "note" } else { "notes" };
        let (verb, be, them) = if held_back == 1 {
            ("matches", "is", "it")
        } else {
            ("match", "are", "them")
        };
        let count = text::grouped(held_back);
        let count = if all {
            count
        } else {
            format!("at least {count}")
        };
        eprintln!(
            "candor: {count} private {notes} also {verb} and {be} not shown; --private shows {them}."
        );
    }
    Ok(())
}
