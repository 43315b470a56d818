//! The kit's validator: every file non-empty, every data file's rows counted as the kit says, and
//! every row by TRL's rules for its format (<https://huggingface.co/docs/trl/dataset_formats>):
//! conversational messages of `role` and `content`, a prompt that ends with the user's turn, each
//! answer (`completion`, `chosen`, `rejected`, the SFT row's last message) one assistant turn with
//! text, a boolean `label`, and a `chosen` that differs from its `rejected`.
//!
//! [`build_kit`](super::build_kit) writes only such rows; this says so if one is ever found, and
//! checks a kit that was edited or assembled elsewhere.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Kit, LABELS, PREFERENCES, TRAIN, VALIDATION};

/// One problem, where it is: a file, and a line of it (from 1) for a row's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{path}{}: {problem}", line.map(|line| format!(", line {line}")).unwrap_or_default())]
pub struct KitIssue {
    pub path: String,
    pub line: Option<usize>,
    pub problem: KitProblem,
}

/// What is wrong. Each says what the rule is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KitProblem {
    #[error("the kit has two files with this path")]
    DuplicatePath,
    #[error("the kit lists this file as absent and also holds it")]
    PresentAndAbsent,
    #[error("the file is empty; a file without rows belongs in the kit's absent files")]
    EmptyFile,
    #[error("the file has {rows} rows and the kit counts {counted}")]
    RowCount { rows: usize, counted: usize },
    #[error("a blank line; JSON Lines has one object per line")]
    BlankLine,
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a JSON object")]
    NotObject,
    #[error("its fields are {found:?}; a row of this file has exactly {expected:?}")]
    Fields { found: Vec<String>, expected: Vec<String> },
    #[error("`{field}` is not a list of messages, each exactly a `role` and a `content` string")]
    NotMessages { field: String },
    #[error("`{field}` message {index} has the role {role:?}; roles are system, user and assistant")]
    BadRole { field: String, index: usize, role: String },
    #[error("`{field}` message {index} has no text")]
    EmptyText { field: String, index: usize },
    #[error("`{field}` does not end with the user's turn")]
    PromptEnd { field: String },
    #[error("`{field}` is not exactly one assistant message")]
    NotOneAnswer { field: String },
    #[error("`label` is not true or false")]
    LabelNotBool,
    #[error("`chosen` and `rejected` are the same answer")]
    SameAnswer,
}

/// The row format of a data file.
#[derive(Clone, Copy)]
enum Format {
    /// `{"messages": [..., user, assistant]}`
    Sft,
    /// `{"prompt", "chosen", "rejected"}`
    Preference,
    /// `{"prompt", "completion", "label"}`
    UnpairedPreference,
}

/// Every problem of `kit`; none for a kit [`build_kit`](super::build_kit) made.
pub fn validate_kit(kit: &Kit) -> Vec<KitIssue> {
    let mut issues = Vec::new();
    let issue = |path: &str, line, problem| KitIssue { path: path.to_owned(), line, problem };
    let mut paths = HashSet::new();
    for file in &kit.files {
        if !paths.insert(file.path.as_str()) {
            issues.push(issue(&file.path, None, KitProblem::DuplicatePath));
        }
        if kit.absent.iter().any(|absent| absent.path == file.path) {
            issues.push(issue(&file.path, None, KitProblem::PresentAndAbsent));
        }
        if file.contents.is_empty() {
            issues.push(issue(&file.path, None, KitProblem::EmptyFile));
            continue;
        }
        let Some((format, counted)) = data_file(kit, &file.path) else { continue };
        let mut rows = 0;
        for (index, line) in file.contents.lines().enumerate() {
            rows += usize::from(!line.trim().is_empty());
            issues.extend(
                check_line(line, format).into_iter().map(|problem| issue(&file.path, Some(index + 1), problem)),
            );
        }
        if rows != counted {
            issues.push(issue(&file.path, None, KitProblem::RowCount { rows, counted }));
        }
    }
    issues
}

/// The format of the data file at `path` and the rows the kit counts in it; `None` for other files.
fn data_file(kit: &Kit, path: &str) -> Option<(Format, usize)> {
    let counts = &kit.counts;
    match path {
        TRAIN => Some((Format::Sft, counts.train)),
        VALIDATION => Some((Format::Sft, counts.validation)),
        PREFERENCES => Some((Format::Preference, counts.preferences.rows)),
        LABELS => Some((Format::UnpairedPreference, counts.labels.rows)),
        _ => None,
    }
}

fn check_line(line: &str, format: Format) -> Vec<KitProblem> {
    if line.trim().is_empty() {
        return vec![KitProblem::BlankLine];
    }
    match serde_json::from_str::<Value>(line) {
        Err(error) => vec![KitProblem::NotJson(error.to_string())],
        Ok(Value::Object(row)) => check_row(&row, format),
        Ok(_) => vec![KitProblem::NotObject],
    }
}

fn check_row(row: &Map<String, Value>, format: Format) -> Vec<KitProblem> {
    let expected: &[&str] = match format {
        Format::Sft => &["messages"],
        Format::Preference => &["prompt", "chosen", "rejected"],
        Format::UnpairedPreference => &["prompt", "completion", "label"],
    };
    let mut found: Vec<String> = row.keys().cloned().collect();
    let mut sorted: Vec<String> = expected.iter().map(|key| (*key).to_owned()).collect();
    found.sort();
    sorted.sort();
    if found != sorted {
        return vec![KitProblem::Fields { found, expected: expected.iter().map(|key| (*key).to_owned()).collect() }];
    }
    let field = |name: &str| row.get(name).unwrap_or(&Value::Null);
    match format {
        Format::Sft => sft(field("messages")).err().into_iter().collect(),
        Format::Preference => {
            let mut problems = problems([prompt(field("prompt"), "prompt"), answer(field("chosen"), "chosen")]);
            problems.extend(answer(field("rejected"), "rejected").err());
            if problems.is_empty() && field("chosen") == field("rejected") {
                problems.push(KitProblem::SameAnswer);
            }
            problems
        }
        Format::UnpairedPreference => {
            let mut problems = problems([prompt(field("prompt"), "prompt"), answer(field("completion"), "completion")]);
            if !field("label").is_boolean() {
                problems.push(KitProblem::LabelNotBool);
            }
            problems
        }
    }
}

fn problems(results: [Result<(), KitProblem>; 2]) -> Vec<KitProblem> {
    results.into_iter().filter_map(Result::err).collect()
}

/// An SFT row's messages: a prompt, then one assistant turn.
fn sft(value: &Value) -> Result<(), KitProblem> {
    let all = messages(value, "messages")?;
    match all.split_last() {
        Some(((role, _), prompt)) if *role == "assistant" => ends_with_user(prompt, "messages"),
        _ => Err(KitProblem::NotOneAnswer { field: "messages".to_owned() }),
    }
}

fn prompt(value: &Value, field: &str) -> Result<(), KitProblem> {
    ends_with_user(&messages(value, field)?, field)
}

fn ends_with_user(prompt: &[(&str, &str)], field: &str) -> Result<(), KitProblem> {
    match prompt.last() {
        Some((role, _)) if *role == "user" => Ok(()),
        _ => Err(KitProblem::PromptEnd { field: field.to_owned() }),
    }
}

fn answer(value: &Value, field: &str) -> Result<(), KitProblem> {
    match messages(value, field)?.as_slice() {
        [(role, _)] if *role == "assistant" => Ok(()),
        _ => Err(KitProblem::NotOneAnswer { field: field.to_owned() }),
    }
}

/// `value` as (role, content) pairs: a list of objects of exactly a known role and a content
/// with text.
fn messages<'a>(value: &'a Value, field: &str) -> Result<Vec<(&'a str, &'a str)>, KitProblem> {
    let not_messages = || KitProblem::NotMessages { field: field.to_owned() };
    let list = value.as_array().ok_or_else(not_messages)?;
    let mut out = Vec::with_capacity(list.len());
    for (index, message) in list.iter().enumerate() {
        let message = message.as_object().filter(|m| m.len() == 2).ok_or_else(not_messages)?;
        let role = message.get("role").and_then(Value::as_str).ok_or_else(not_messages)?;
        let content = message.get("content").and_then(Value::as_str).ok_or_else(not_messages)?;
        if !matches!(role, "system" | "user" | "assistant") {
            return Err(KitProblem::BadRole { field: field.to_owned(), index: index + 1, role: role.to_owned() });
        }
        if content.trim().is_empty() {
            return Err(KitProblem::EmptyText { field: field.to_owned(), index: index + 1 });
        }
        out.push((role, content));
    }
    Ok(out)
}
