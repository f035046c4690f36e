//! `candor feedback add`.

use std::io::Write;

use anyhow::{Result, bail};

use super::input::{find, text_or_stdin, when};
use super::subcommands::FeedbackAdd;
use crate::domain::Direction;
use crate::store::{NewFeedback, Store};

pub(super) fn feedback_add(
    store: &mut Store,
    args: FeedbackAdd,
    out: &mut dyn Write,
) -> Result<()> {
    let (direction, response) = (args.to, args.response);
    let pair = find(store, &args.pair)?;
    let Some(text) = args.text else {
        bail!("give the feedback as TEXT, or - to read it from standard input");
    };
    let feedback = NewFeedback {
        direction,
        requested: args.requested,
        body: text_or_stdin(text)?,
        situation: args.situation,
        behaviour: args.behaviour,
        impact: args.impact,
        response,
        follow_up: args.follow_up.unwrap_or_default(),
        given_at: when(store, args.at.as_deref())?,
    };
    let f = store.add_feedback(pair.id, &feedback)?;
    writeln!(
        out,
        "Recorded feedback {} ({}, {}).",
        f.id,
        direction_words(f.direction),
        // "not yet" stands in a column; in a sentence it needs its verb.
        match f.response {
            crate::domain::Response::Pending => "not answered yet",
            other => other.label(),
        }
    )?;
    Ok(())
}

pub(super) fn direction_words(d: Direction) -> &'static str {
    match d {
        Direction::ToMentor => "to the mentor",
        Direction::ToMentee => "to the mentee",
    }
}
