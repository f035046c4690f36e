//! `candor edit`: a new text for one entry, given, from standard input or
//! from $EDITOR.

use std::io::Write;

use anyhow::{Result, bail};

use super::input::{find, owned_by, read_stdin, text_or_stdin};
use super::values::EntryArg;
use crate::config::Config;
use crate::domain::Readable;
use crate::editor;
use crate::store::{NewCheckIn, NewFeedback, NewGoal, NewMeeting, NewNote, Store, StoreError};

/// The new text for `edit`: TEXT, `-`, standard input for private notes, or $EDITOR.
fn new_text(
    config: &Config,
    given: Option<String>,
    current: &str,
    private: bool,
) -> Result<String> {
    match given {
        Some(t) => text_or_stdin(t),
        None if private => read_stdin(),
        None => Ok(editor::edit(
            config.editor.as_deref(),
            current,
            Some(&config.db),
        )?),
    }
}

pub(super) fn edit(
    store: &mut Store,
    config: &Config,
    spec: &str,
    arg: EntryArg,
    id: i64,
    given: Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let kind = arg.kind();
    let pair = find(store, spec)?;
    match arg {
        EntryArg::Meeting => {
            let m = store.meeting(id)?;
            owned_by(&pair, kind, m.pair_id, id)?;
            let notes = new_text(config, given, &m.notes, false)?;
            let changed = NewMeeting {
                held_at: m.held_at,
                agenda: m.agenda,
                notes,
                next_steps: m.next_steps,
            };
            store.update_meeting(id, Some(m.version), &changed)?;
        }
        EntryArg::Feedback => {
            let f = store.feedback_entry(id)?;
            owned_by(&pair, kind, f.pair_id, id)?;
            let body = new_text(config, given, &f.body, false)?;
            let changed = NewFeedback {
                direction: f.direction,
                requested: f.requested,
                body,
                situation: f.situation,
                behaviour: f.behaviour,
                impact: f.impact,
                response: f.response,
                follow_up: f.follow_up,
                given_at: f.given_at,
            };
            store.update_feedback(id, Some(f.version), &changed)?;
        }
        EntryArg::Note => {
            let mut n = store.note(id)?;
            owned_by(&pair, kind, n.pair_id, id)?;
            if n.is_locked() {
                super::secrets::unlock_if_needed(store, config)?;
                n = store.note(id)?;
            }
            let (current, tags) = match n.readable() {
                Readable::Open(t) => (t.body.as_str(), t.tags.clone()),
                Readable::Locked => return Err(StoreError::Locked.into()),
                // What is given replaces the text that cannot be opened.
                Readable::Damaged => ("", Vec::new()),
            };
            let body = new_text(config, given, current, n.is_private())?;
            let changed = NewNote {
                body,
                private: n.is_private(),
                tags,
            };
            store.update_note(id, Some(n.version), &changed)?;
        }
        EntryArg::Action => {
            let a = store.action(id)?;
            owned_by(&pair, kind, a.pair_id, id)?;
            let text = new_text(config, given, &a.text, false)?;
            store.update_action(id, Some(a.version), a.owner, &text, a.due_on)?;
        }
        EntryArg::Strength => {
            let s = store.strength(id)?;
            owned_by(&pair, kind, s.pair_id, id)?;
            let text = new_text(config, given, &s.text, false)?;
            store.update_strength(id, Some(s.version), &text)?;
        }
        EntryArg::Experience => {
            let e = store.experience(id)?;
            owned_by(&pair, kind, e.pair_id, id)?;
            let current = format!("{} ↔ {}", e.challenge, e.similar);
            let text = new_text(config, given, &current, false)?;
            let (challenge, similar) = match text.split_once('↔') {
                Some((c, s)) => (c.trim().to_owned(), s.trim().to_owned()),
                None => (text.trim().to_owned(), e.similar.clone()),
            };
            store.update_experience(id, Some(e.version), &challenge, &similar)?;
        }
        EntryArg::Goal => {
            let g = store.goal(id)?;
            owned_by(&pair, kind, g.pair_id, id)?;
            let text = new_text(config, given, &g.text, false)?;
            let changed = NewGoal {
                text,
                criteria: g.criteria,
                due_on: g.due_on,
            };
            store.update_goal(id, Some(g.version), &changed)?;
        }
        EntryArg::Checkin => {
            let mut c = store.checkin(id)?;
            owned_by(&pair, kind, c.pair_id, id)?;
            if c.is_locked() {
                super::secrets::unlock_if_needed(store, config)?;
                c = store.checkin(id)?;
            }
            let text = match c.readable() {
                Readable::Open(text) => text,
                Readable::Locked => return Err(StoreError::Locked.into()),
                Readable::Damaged => {
                    bail!("check-in {id} is damaged and cannot be opened; delete it instead")
                }
            };
            // The text of a check-in is private: TEXT, `-` or standard input, never $EDITOR.
            let note = new_text(config, given, &text.note, true)?;
            let changed = NewCheckIn {
                trust: text.trust,
                helped: text.helped.clone(),
                in_the_way: text.in_the_way.clone(),
                note,
                checked_at: Some(c.checked_at),
            };
            store.update_checkin(id, Some(c.version), &changed)?;
        }
    }
    writeln!(out, "Updated {kind} {id}.")?;
    Ok(())
}
