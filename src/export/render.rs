//! An export document as the text of its format: Markdown or JSON.

use super::document::Document;
use super::markdown::markdown;
use crate::clock::Clock;
use crate::text;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown, to read.
    Markdown,
    /// JSON, to import elsewhere.
    Json,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Json => "json",
        }
    }
}

/// `doc` as the text of `format`.
pub fn render(
    doc: &Document,
    format: Format,
    clock: &dyn Clock,
    template: &crate::template::Template,
) -> String {
    match format {
        Format::Markdown => {
            let titles: Vec<(u8, String)> = template
                .steps
                .iter()
                .map(|s| (s.number, s.title.clone()))
                .collect();
            markdown(doc, clock, &titles)
        }
        Format::Json => {
            // Serialising plain data to a String cannot fail. DEL, C1 and
            // bidi characters are written as `\u` escapes, the same in a
            // file as on standard output.
            let json = serde_json::to_string_pretty(doc).unwrap_or_default();
            let mut json = text::json_escapes(&json).into_owned();
            json.push('\n');
            json
        }
    }
}
