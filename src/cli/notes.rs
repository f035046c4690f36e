//! `candor note add`.

use std::io::{IsTerminal, Write};

use anyhow::Result;

use super::input::{find, read_stdin, text_or_stdin};
use crate::config::Config;
use crate::domain;
use crate::editor;
use crate::store::{NewNote, Store};
use crate::text;

pub(super) fn note_add(
    store: &mut Store,
    config: &Config,
    spec: &str,
    private: bool,
    tags: &[String],
    text: Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let pair = find(store, spec)?;
    let tags = domain::parse_tags(tags.iter().map(String::as_str))?;
    let body = match text {
        Some(t) => text_or_stdin(t)?,
        // Private text never goes to an editor's temp file.
        None if private => {
            if std::io::stdin().is_terminal() {
                eprintln!("Type the private note, then Ctrl-D on a line of its own:");
            }
            read_stdin()?
        }
        None => editor::edit(config.editor.as_deref(), "", Some(&config.db))?,
    };
    let note = store.add_note(
        pair.id,
        &NewNote {
            body,
            private,
            tags,
        },
    )?;
    let kind = if note.is_private() {
        "private note"
    } else {
        "note"
    };
    writeln!(
        out,
        "Added {kind} {} to {}.",
        note.id,
        text::one_line(pair.partner_name())
    )?;
    Ok(())
}
