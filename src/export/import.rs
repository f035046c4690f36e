//! Reading an export for an import: the file (within its size limit), then
//! its JSON checked against its own claims and every entry as the CLI
//! would check it; and where a checked export came from.

use chrono::{DateTime, Utc};

use super::bundle::bundle;
use super::claims::{check_claims, check_uid};
use super::document::{Document, FORMAT, FORMAT_VERSION, MAX_IMPORT_BYTES, OLDEST_FORMAT_VERSION};
use super::import_error::ImportError;
use crate::store::{PairBundle, Tombstone};
use crate::text;

/// A checked export, ready to merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// Its format version.
    pub format_version: u32,
    /// The uid of the journal that wrote it, if it names one.
    pub journal_uid: Option<String>,
    /// Whether it says it includes private entries.
    pub includes_private: bool,
    /// Its pairs, checked.
    pub bundles: Vec<PairBundle>,
    /// Its tombstones, checked.
    pub tombstones: Vec<Tombstone>,
}

/// Where an export came from, seen from the journal importing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// This journal wrote it: importing it is a re-import.
    ThisJournal,
    /// Another journal, which the file names.
    AnotherJournal,
    /// A journal the file does not name (format versions 1 and 2).
    Unnamed,
}

impl Origin {
    /// How a report names it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::ThisJournal => "this journal's own export, imported again",
            Self::AnotherJournal => "another journal's export",
            Self::Unnamed => "an export that does not name its journal",
        }
    }
}

impl Import {
    /// Where it came from, for the journal whose uid is `here`.
    pub fn origin(&self, here: Option<&str>) -> Origin {
        match (&self.journal_uid, here) {
            (None, _) => Origin::Unnamed,
            (Some(theirs), Some(ours)) if theirs == ours => Origin::ThisJournal,
            (Some(_), _) => Origin::AnotherJournal,
        }
    }
}

/// Reads the export at `path` as text, refusing a file larger than
/// [`MAX_IMPORT_BYTES`] before reading any of it.
pub fn read(path: &std::path::Path) -> Result<String, ImportError> {
    use std::io::Read;
    let name = text::path(path);
    let io = |source| ImportError::Io {
        file: name.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { file: name, size });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    // It may have grown since.
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            file: name,
            size: bytes.len() as u64,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..bad];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = bad
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        ImportError::NotText {
            file: name.clone(),
            line,
            column,
        }
    })
}

/// Parses an export, checks it against its own claims and every entry as
/// the CLI would. `file` names it in errors; `now` is the importer's clock.
pub fn parse(json: &str, file: &str, now: DateTime<Utc>) -> Result<Import, ImportError> {
    let syntax = |message: String, path: String, line: usize, column: usize| ImportError::Syntax {
        file: file.to_owned(),
        message,
        path,
        line,
        column,
    };
    let message = |e: &serde_json::Error| {
        e.to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let mut de = serde_json::Deserializer::from_str(json);
    let doc: Document = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let inner = e.into_inner();
        syntax(message(&inner), path, inner.line(), inner.column())
    })?;
    // Nothing but white space after the document.
    de.end()
        .map_err(|e| syntax(message(&e), String::new(), e.line(), e.column()))?;
    if doc.format != FORMAT {
        return Err(syntax(
            format!(
                "its format is '{}', not '{FORMAT}'",
                text::one_line(&doc.format)
            ),
            "format".into(),
            1,
            1,
        ));
    }
    if !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&doc.format_version) {
        return Err(ImportError::Version {
            file: file.to_owned(),
            found: doc.format_version,
        });
    }
    if let Some(uid) = &doc.journal_uid {
        check_uid(uid).map_err(|source| ImportError::Invalid {
            file: file.to_owned(),
            what: "the journal it names".into(),
            uid: uid.clone(),
            rule: Box::new(source),
        })?;
    }
    check_claims(&doc, file, now)?;
    let mut bundles = Vec::with_capacity(doc.pairs.len());
    for (n, p) in doc.pairs.into_iter().enumerate() {
        bundles.push(
            bundle(p, n + 1).map_err(|(what, uid, source)| ImportError::Invalid {
                file: file.to_owned(),
                what,
                uid,
                rule: Box::new(source),
            })?,
        );
    }
    let mut tombstones = Vec::with_capacity(doc.tombstones.len());
    for t in doc.tombstones {
        check_uid(&t.uid).map_err(|source| ImportError::Invalid {
            file: file.to_owned(),
            what: "a deletion".into(),
            uid: t.uid.clone(),
            rule: Box::new(source),
        })?;
        tombstones.push(Tombstone {
            uid: t.uid,
            kind: t.kind,
            pair_uid: t.pair_uid,
            deleted_at: t.deleted_at,
        });
    }
    Ok(Import {
        format_version: doc.format_version,
        journal_uid: doc.journal_uid,
        includes_private: doc.includes_private,
        bundles,
        tombstones,
    })
}
