//! What a command is given, made ready to use: the pair a PAIR argument
//! names (and whether an entry is that pair's), a time given with --at,
//! and text or standard input.

use anyhow::{Result, bail};

use crate::domain::{self, Kind, Pair};
use crate::store::Store;
use crate::text;

/// The time given with `--at`, or now.
pub(super) fn when(store: &Store, at: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>> {
    Ok(match at {
        Some(at) => domain::parse_datetime(at, store.clock())?,
        None => store.clock().now(),
    })
}

/// The one pair `spec` names.
pub(super) fn find(store: &Store, spec: &str) -> Result<Pair> {
    // Found among the pairs as stored, then read whole: only the pair found
    // has its next meeting looked up.
    let pairs = store.pairs_without_next_meeting()?;
    let id = domain::find_pair(&pairs, spec)?.id;
    Ok(store.pair(id)?)
}

/// `text`, or standard input when it is `-`.
pub(super) fn text_or_stdin(text: String) -> Result<String> {
    if text != "-" {
        return Ok(text);
    }
    read_stdin()
}

/// All of standard input, as UTF-8, at most the journal's text limit.
pub(super) fn read_stdin() -> Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(domain::MAX_TEXT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("standard input is not UTF-8 text"))?;
    Ok(domain::bounded_text("the text from standard input", &text)?)
}

/// Refuses entry `id` of `kind` unless `owner`, the pair it is in, is `pair`.
pub(super) fn owned_by(pair: &Pair, kind: Kind, owner: i64, id: i64) -> Result<()> {
    if owner != pair.id {
        bail!(
            "the pair {} has no {} with id {id}",
            text::one_line(pair.partner_name()),
            kind.noun()
        );
    }
    Ok(())
}
