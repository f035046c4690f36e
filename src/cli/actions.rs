//! `candor action add` and `candor action done`.

use std::io::Write;

use anyhow::{Result, bail};

use super::input::find;
use crate::domain::{self, Owner};
use crate::store::Store;
use crate::text;

pub(super) fn action_add(
    store: &mut Store,
    spec: &str,
    owner: Owner,
    due: Option<&str>,
    text: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let due = due.map(domain::parse_date).transpose()?;
    let pair = find(store, spec)?;
    let a = store.add_action(pair.id, owner, text, due)?;
    let whom = match a.owner {
        Owner::Mentor => "the mentor",
        Owner::Mentee => "the mentee",
        Owner::Both => "both of you",
    };
    writeln!(out, "Added action item {} for {whom}.", a.id)?;
    Ok(())
}

pub(super) fn action_done(
    store: &mut Store,
    spec: &str,
    id: i64,
    done: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let item = store.action(id)?;
    if item.pair_id != pair.id {
        bail!(
            "the pair {} has no action item {id}",
            text::one_line(pair.partner_name())
        );
    }
    let item = store.set_action_done(id, done)?;
    let state = if item.done { "done" } else { "open again" };
    writeln!(
        out,
        "Action item {id} is {state}: {}",
        text::one_line(&item.text)
    )?;
    Ok(())
}
