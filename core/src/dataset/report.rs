//! What the validator reports: located issues a person can act on.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Which of the two files an issue is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataFile {
    Training,
    Validation,
}

/// An error makes Mistral refuse the file; a warning does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// The rule an issue breaks, for grouping and filtering in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    NoExamples,
    BlankLine,
    InvalidJson,
    NotAnObject,
    NoMessages,
    EmptyConversation,
    MessageNotObject,
    UnknownRole,
    MissingContent,
    EmptyContent,
    MultipleSystemMessages,
    MisplacedToolMessage,
    MissingToolCallId,
    InvalidWeight,
    LastNotAssistant,
    ValidationTooLarge,
    SystemPromptDiffers,
    UserPromptDiffers,
}

/// One problem, located: `line` counts from 1 and is `None` for a whole-file problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<DataFile>,
    pub line: Option<usize>,
    pub severity: Severity,
    pub rule: Rule,
    /// What is wrong and what to do about it, for a person.
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = match self.file {
            Some(DataFile::Training) => "training file",
            Some(DataFile::Validation) => "validation file",
            None => "",
        };
        match (file, self.line) {
            ("", Some(line)) => write!(f, "line {line}: {}", self.message),
            ("", None) => f.write_str(&self.message),
            (file, Some(line)) => write!(f, "{file}, line {line}: {}", self.message),
            (file, None) => write!(f, "{file}: {}", self.message),
        }
    }
}

/// The outcome of validating one file or a training/validation pair.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ValidatorReport {
    /// No errors (warnings allowed): Mistral should accept the data.
    pub valid: bool,
    /// Non-blank lines, valid or not.
    pub examples: usize,
    pub bytes: usize,
    /// In file order: training first, then validation, then whole-pair problems.
    pub issues: Vec<Issue>,
}

impl ValidatorReport {
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }
}
