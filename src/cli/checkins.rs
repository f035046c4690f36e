//! `candor checkin add`, and listing trust check-ins.

use std::io::Write;

use anyhow::Result;

use super::input::{find, text_or_stdin};
use super::output::{self, local};
use crate::domain::{self, CheckIn, Kind, Pair, Readable};
use crate::store::{NewCheckIn, Store};
use crate::text;

/// The free texts of a check-in, as given on the command line.
pub(super) struct CheckinText {
    pub helped: Option<String>,
    pub in_the_way: Option<String>,
    pub note: Option<String>,
}

pub(super) fn checkin_add(
    store: &mut Store,
    spec: &str,
    trust: &str,
    texts: CheckinText,
    at: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let trust = domain::parse_trust(trust)?;
    let checked_at = at
        .map(|a| domain::parse_datetime(a, store.clock()))
        .transpose()?;
    let pair = find(store, spec)?;
    let c = store.add_checkin(
        pair.id,
        &NewCheckIn {
            trust,
            helped: texts.helped.unwrap_or_default(),
            in_the_way: texts.in_the_way.unwrap_or_default(),
            note: texts
                .note
                .map(text_or_stdin)
                .transpose()?
                .unwrap_or_default(),
            checked_at,
        },
    )?;
    let kept = if c.is_sealed() {
        "sealed under the passphrase"
    } else {
        "private"
    };
    writeln!(
        out,
        "Added check-in {} to {} (trust {trust}/5, {kept}).",
        c.id,
        text::one_line(pair.partner_name())
    )?;
    Ok(())
}
pub(super) fn list_checkins(
    store: &Store,
    pair: &Pair,
    limit: Option<usize>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let fetch = |p: &crate::store::Page| Ok(store.checkins(pair.id, p)?);
    if json {
        return output::json_pages(out, limit, fetch, CheckIn::cursor);
    }
    let mut empty = true;
    output::each_page(limit, fetch, CheckIn::cursor, |c: &CheckIn| {
        empty = false;
        let (trust, text) = match c.readable() {
            Readable::Open(text) => {
                let t = usize::from(text.trust);
                (
                    format!("trust {t}/5 {}{}", "●".repeat(t), "○".repeat(5 - t.min(5))),
                    Some(text),
                )
            }
            Readable::Locked => ("[locked]".into(), None),
            Readable::Damaged => (
                "[damaged: it cannot be opened; the others are unaffected]".into(),
                None,
            ),
        };
        writeln!(out, "#{}  {}  {trust}", c.id, local(store, c.checked_at))?;
        let Some(text) = text else {
            return Ok(());
        };
        output::field(out, "helped", &text.helped)?;
        output::field(out, "in the way", &text.in_the_way)?;
        output::field(out, "note", &text.note)
    })?;
    if empty {
        writeln!(out, "No {} yet.", Kind::Checkin.noun().many())?;
    }
    Ok(())
}
