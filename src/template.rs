//! The first-meeting checklist template: five trust-building steps with their
//! items, embedded from `assets/templates/first-meeting.toml` and replaceable
//! by a file of the same name in the config directory.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The template that ships with candor.
pub const BUILT_IN: &str = include_str!("../assets/templates/first-meeting.toml");

/// Why a template could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The file exists but could not be read.
    #[error("cannot read the checklist template {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The file is not valid TOML or lacks a field.
    #[error(
        "the checklist template {path} is malformed at line {line}, column {column}: {message}"
    )]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The file parses but breaks a rule (steps, keys).
    #[error("the checklist template {path} is not usable: {message}")]
    Rule {
        /// The file.
        path: PathBuf,
        /// The rule that was broken.
        message: String,
    },
}

/// The first-meeting checklist as steps of items.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The five steps, in order.
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
}

/// One trust-building step.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// 1–5.
    pub number: u8,
    /// Short title, such as "Trust on the agenda".
    pub title: String,
    /// One sentence on what the step is for.
    #[serde(default)]
    pub hint: String,
    /// The items the pair ticks.
    #[serde(rename = "item")]
    pub items: Vec<Item>,
}

/// One item of a step.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable key, such as `trust.agenda`.
    pub key: String,
    /// What the pair does; `{mentor}` and `{mentee}` are replaced by names.
    pub title: String,
}

impl Template {
    /// The built-in template.
    pub fn built_in() -> Self {
        // The built-in file is checked by a unit test, so this cannot fail at run time.
        Self::parse(BUILT_IN, Path::new("(built-in)")).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The user's template in `config_dir`, if there is one, else the built-in one.
    pub fn load(config_dir: Option<&Path>) -> Result<Self, TemplateError> {
        let Some(path) = config_dir.map(|d| d.join("templates").join("first-meeting.toml")) else {
            return Ok(Self::built_in());
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::built_in()),
            Err(source) => Err(TemplateError::Read { path, source }),
        }
    }

    /// Parses and checks template text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, TemplateError> {
        let template: Self = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|span| line_and_column(text, span.start))
                .unwrap_or((1, 1));
            TemplateError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: e.message().trim().to_owned(),
            }
        })?;
        template.check().map_err(|message| TemplateError::Rule {
            path: path.to_owned(),
            message,
        })?;
        Ok(template)
    }

    fn check(&self) -> Result<(), String> {
        let numbers: Vec<u8> = self.steps.iter().map(|s| s.number).collect();
        if numbers != [1, 2, 3, 4, 5] {
            return Err(format!(
                "it needs exactly the steps 1 to 5 in order, found {numbers:?}"
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for step in &self.steps {
            if step.items.is_empty() {
                return Err(format!("step {} has no items", step.number));
            }
            for item in &step.items {
                let key_ok = !item.key.is_empty()
                    && item
                        .key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
                if !key_ok {
                    return Err(format!(
                        "the key '{}' may hold only letters, digits, '.', '_' and '-'",
                        item.key
                    ));
                }
                if item.title.trim().is_empty() {
                    return Err(format!("the item '{}' has an empty title", item.key));
                }
                if !seen.insert(item.key.as_str()) {
                    return Err(format!("the key '{}' appears twice", item.key));
                }
            }
        }
        Ok(())
    }

    /// Number of items over all steps.
    pub fn item_count(&self) -> usize {
        self.steps.iter().map(|s| s.items.len()).sum()
    }

    /// The title of step `number`, if it exists.
    pub fn step_title(&self, number: u8) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| s.number == number)
            .map(|s| s.title.as_str())
    }
}

/// An item title with the pair's names filled in.
pub fn fill_names(title: &str, mentor: &str, mentee: &str) -> String {
    title
        .replace("{mentor}", mentor)
        .replace("{mentee}", mentee)
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_meeting_checklist_has_five_steps() {
        let t = Template::built_in();
        assert_eq!(t.steps.len(), 5);
        assert_eq!(t.item_count(), 12);
        assert!(t.steps.iter().all(|s| (2..=3).contains(&s.items.len())));
        assert_eq!(t.steps[0].items[0].key, "trust.agenda");
    }

    #[test]
    fn malformed_template_names_file_and_line() {
        let text = "[[step]]\nnumber = 1\ntitle = \"x\nitem = []\n";
        let err =
            Template::parse(text, Path::new("/cfg/first-meeting.toml")).expect_err("malformed");
        let msg = err.to_string();
        assert!(msg.contains("/cfg/first-meeting.toml"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let mut text = BUILT_IN.replace("trust.confidential", "trust.agenda");
        text.push('\n');
        let err = Template::parse(&text, Path::new("t.toml")).expect_err("duplicate");
        assert!(err.to_string().contains("appears twice"), "{err}");
    }
}
