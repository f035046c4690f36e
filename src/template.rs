//! The first-meeting checklist template: five trust-building steps with their
//! items, embedded from `assets/templates/first-meeting.toml` and replaceable
//! by a file of the same name in the config directory.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::domain::{Fact, Role};

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
    /// A few ways to open the step's conversation, in each person's voice.
    #[serde(default)]
    pub prompts: Prompts,
    /// The items the pair ticks.
    #[serde(rename = "item")]
    pub items: Vec<Item>,
}

/// Ways to open a step's conversation: what the mentor might say, and what
/// the mentee might say. `{mentor}` and `{mentee}` are replaced by names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prompts {
    /// In the mentor's voice.
    #[serde(default)]
    pub as_mentor: Vec<String>,
    /// In the mentee's voice.
    #[serde(default)]
    pub as_mentee: Vec<String>,
}

impl Prompts {
    /// The prompts for the person whose role is `role`.
    pub fn voice(&self, role: Role) -> &[String] {
        match role {
            Role::Mentor => &self.as_mentor,
            Role::Mentee => &self.as_mentee,
        }
    }
}

/// One item of a step.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable key, such as `trust.agenda`.
    pub key: String,
    /// What the pair does; `{mentor}` and `{mentee}` are replaced by names.
    pub title: String,
    /// The title as the mentor reads it on screen ("You named …").
    #[serde(default)]
    pub as_mentor: Option<String>,
    /// The title as the mentee reads it on screen ("… named your strengths").
    #[serde(default)]
    pub as_mentee: Option<String>,
    /// The fact of the record that ticks the item by itself, as written in the file.
    #[serde(default, rename = "ticked_by")]
    ticked_by_name: Option<Spanned<String>>,
    /// That fact, once the file is checked.
    #[serde(skip)]
    pub ticked_by: Option<Fact>,
}

impl Item {
    /// The title as the person in role `role` reads it, names filled in.
    pub fn title_for(&self, role: Role, mentor: &str, mentee: &str) -> String {
        let title = match role {
            Role::Mentor => self.as_mentor.as_deref(),
            Role::Mentee => self.as_mentee.as_deref(),
        };
        fill_names(title.unwrap_or(&self.title), mentor, mentee)
    }
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
        let mut template: Self = toml::from_str(text).map_err(|e| {
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
        for item in template.steps.iter_mut().flat_map(|s| s.items.iter_mut()) {
            let Some(name) = &item.ticked_by_name else {
                continue;
            };
            item.ticked_by = Some(Fact::from_name(name.get_ref()).ok_or_else(|| {
                let (line, column) = line_and_column(text, name.span().start);
                TemplateError::Syntax {
                    path: path.to_owned(),
                    line,
                    column,
                    message: format!(
                        "the item '{}' is ticked by '{}', which is not a fact candor knows; the facts are: {}",
                        item.key,
                        name.get_ref(),
                        Fact::names()
                    ),
                }
            })?);
        }
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

    /// The item with key `key`, if the template has one.
    pub fn item(&self, key: &str) -> Option<&Item> {
        self.steps
            .iter()
            .flat_map(|s| &s.items)
            .find(|i| i.key == key)
    }

    /// The step numbered `number`, if it exists.
    pub fn step(&self, number: u8) -> Option<&Step> {
        self.steps.iter().find(|s| s.number == number)
    }

    /// The title of step `number`, if it exists.
    pub fn step_title(&self, number: u8) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| s.number == number)
            .map(|s| s.title.as_str())
    }
}

/// The fact that ticks the built-in item `key`: what an item brought in
/// from another journal is ticked by (its own template is not at hand).
pub fn built_in_fact(key: &str) -> Option<Fact> {
    static BUILT: std::sync::LazyLock<Template> = std::sync::LazyLock::new(Template::built_in);
    BUILT.item(key).and_then(|i| i.ticked_by)
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
    fn the_built_in_items_name_the_facts_that_tick_them() {
        let t = Template::built_in();
        let fact = |key: &str| t.item(key).and_then(|i| i.ticked_by);
        assert_eq!(fact("strengths.mentee"), Some(Fact::StrengthOfMentee));
        assert_eq!(fact("strengths.mentor"), Some(Fact::StrengthOfMentor));
        assert_eq!(fact("empathy.challenge"), Some(Fact::Challenge));
        assert_eq!(fact("empathy.similar"), Some(Fact::SimilarExperience));
        assert_eq!(fact("feedback.asked"), Some(Fact::FeedbackAsked));
        assert_eq!(fact("feedback.listened"), Some(Fact::FeedbackTaken));
        assert_eq!(fact("trust.agenda"), None);
    }

    #[test]
    fn every_built_in_step_has_prompts_in_both_voices() {
        for step in &Template::built_in().steps {
            assert!(step.prompts.as_mentor.len() >= 2, "step {}", step.number);
            assert!(step.prompts.as_mentee.len() >= 2, "step {}", step.number);
        }
    }

    #[test]
    fn an_unknown_fact_is_an_error_naming_the_file_and_line() {
        let text = BUILT_IN.replace(
            "ticked_by = \"feedback.asked\"",
            "ticked_by = \"feedback.demanded\"",
        );
        let line = text
            .lines()
            .position(|l| l.contains("feedback.demanded"))
            .expect("replaced")
            + 1;
        let err =
            Template::parse(&text, Path::new("/cfg/first-meeting.toml")).expect_err("unknown");
        let msg = err.to_string();
        assert!(msg.contains("/cfg/first-meeting.toml"), "{msg}");
        assert!(msg.contains(&format!("line {line}")), "{msg}");
        assert!(
            msg.contains("feedback.demanded") && msg.contains("feedback.taken"),
            "{msg}"
        );
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let mut text = BUILT_IN.replace("trust.confidential", "trust.agenda");
        text.push('\n');
        let err = Template::parse(&text, Path::new("t.toml")).expect_err("duplicate");
        assert!(err.to_string().contains("appears twice"), "{err}");
    }
}
