//! Mistral's fine-tuning data rules, checked before an upload can fail on them.
//!
//! The rules, from Mistral's fine-tuning documentation (docs.mistral.ai, "Text fine-tuning" and
//! the fine-tuning guide's FAQ) and the checks of its `mistral-finetune` and `mistral-common`
//! code:
//! - the file is JSON Lines: every line one JSON object, no blank lines;
//! - each object has a `messages` list, not empty;
//! - each message has a `role` among `system`, `user`, `assistant`, `tool`, and a non-empty
//!   string `content` (an assistant message with `tool_calls` may omit it);
//! - at most one `system` message per conversation;
//! - a `tool` message has a `tool_call_id` and follows an assistant or another tool message;
//! - an assistant message's optional `weight` is 0 or 1;
//! - the last message is the assistant's ("Expected last role Assistant for finetuning"), since
//!   only assistant messages are learnt from;
//! - the validation file is at most min(1 MB, 5% of the training file).
//!
//! Two warnings are Tallas's own: a system prompt other than [`generate::SYSTEM`] and a user
//! message not of the form `Palabra clave: <keyword>` are valid for Mistral, but a model tuned
//! on them is later asked in words it was not trained on.

use serde_json::Value;

use super::report::{DataFile, Issue, Rule, Severity, ValidatorReport};
use super::split::{MAX_VALIDATION_BYTES, MAX_VALIDATION_SHARE};
use crate::prompts::generate;

/// Validates one JSONL file a user brings, on its own.
pub fn validate_jsonl(text: &str) -> ValidatorReport {
    let mut report = ValidatorReport::default();
    check_file(text, None, &mut report);
    report.valid = !report.issues.iter().any(|i| i.severity == Severity::Error);
    report
}

/// Validates a training file and, if given, its validation file, including the size rule
/// between them.
pub fn validate_files(training: &str, validation: Option<&str>) -> ValidatorReport {
    let mut report = ValidatorReport::default();
    check_file(training, Some(DataFile::Training), &mut report);
    if let Some(validation) = validation {
        check_file(validation, Some(DataFile::Validation), &mut report);
        let limit = MAX_VALIDATION_BYTES.min((MAX_VALIDATION_SHARE * training.len() as f64) as usize);
        if validation.len() > limit {
            report.issues.push(Issue {
                file: Some(DataFile::Validation),
                line: None,
                severity: Severity::Error,
                rule: Rule::ValidationTooLarge,
                message: format!(
                    "the validation file has {} bytes; Mistral accepts at most {limit} (5% of the training file's {} \
                     bytes, and never more than 1 MB): move examples to the training file",
                    validation.len(),
                    training.len()
                ),
            });
        }
    }
    report.valid = !report.issues.iter().any(|i| i.severity == Severity::Error);
    report
}

fn check_file(text: &str, file: Option<DataFile>, report: &mut ValidatorReport) {
    report.bytes += text.len();
    let mut examples = 0;
    let mut issues = Vec::new();
    // A final newline ends the last line; it does not start an empty one.
    let body = text.strip_suffix('\n').unwrap_or(text);
    for (index, line) in body.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut issue = |(severity, rule, message): Found| {
            issues.push(Issue { file, line: Some(index + 1), severity, rule, message });
        };
        if line.trim().is_empty() {
            if !body.is_empty() {
                issue(error(Rule::BlankLine, "the line is blank; remove empty lines"));
            }
            continue;
        }
        examples += 1;
        check_line(line, index == 0).into_iter().for_each(issue);
    }
    report.examples += examples;
    report.issues.extend(summarise_warnings(issues));
    if examples == 0 {
        let message = "the file has no examples; each line must be one {\"messages\": [...]} object".to_owned();
        report.issues.push(Issue { file, line: None, severity: Severity::Error, rule: Rule::NoExamples, message });
    }
}

/// Keeps the first warning of each rule and counts the others in its message: a warning is
/// usually the same on every line (a file written for another prompt), and ten thousand copies
/// would bury the errors. Errors are all kept, each line needs its own fix.
fn summarise_warnings(issues: Vec<Issue>) -> Vec<Issue> {
    let mut repeats: Vec<(Rule, usize)> = Vec::new();
    for issue in issues.iter().filter(|i| i.severity == Severity::Warning) {
        match repeats.iter_mut().find(|(rule, _)| *rule == issue.rule) {
            Some((_, count)) => *count += 1,
            None => repeats.push((issue.rule, 0)),
        }
    }
    let mut seen: Vec<Rule> = Vec::new();
    let mut kept = Vec::with_capacity(issues.len());
    for mut issue in issues {
        if issue.severity == Severity::Warning {
            if seen.contains(&issue.rule) {
                continue;
            }
            seen.push(issue.rule);
            let more = repeats.iter().find(|(rule, _)| *rule == issue.rule).map_or(0, |(_, n)| *n);
            if more > 0 {
                let lines = if more == 1 { "line" } else { "lines" };
                issue.message.push_str(&format!(" (the same on {more} more {lines})"));
            }
        }
        kept.push(issue);
    }
    kept
}

type Found = (Severity, Rule, String);

fn error(rule: Rule, message: impl Into<String>) -> Found {
    (Severity::Error, rule, message.into())
}

fn warning(rule: Rule, message: impl Into<String>) -> Found {
    (Severity::Warning, rule, message.into())
}

/// Every issue of one non-blank line.
fn check_line(line: &str, first_line: bool) -> Vec<Found> {
    if first_line && line.starts_with('\u{FEFF}') {
        return vec![error(Rule::InvalidJson, "the file starts with a byte-order mark; save it as UTF-8 without BOM")];
    }
    let value: Value = match serde_json::from_str(line) {
        Ok(value) => value,
        Err(e) => {
            // serde's "at line 1 column N" would read as a second line number: keep the column.
            let full = e.to_string();
            let what = full.rsplit_once(" at line ").map_or(full.as_str(), |(what, _)| what);
            let message = format!(
                "not valid JSON at column {} ({what}); each line must be one complete JSON object, with line breaks \
                 inside texts written as \\n",
                e.column()
            );
            return vec![error(Rule::InvalidJson, message)];
        }
    };
    let Some(object) = value.as_object() else {
        let message = format!("the line is {}, not an object; write {{\"messages\": [...]}}", kind(&value));
        return vec![error(Rule::NotAnObject, message)];
    };
    let messages = match object.get("messages") {
        None => return vec![error(Rule::NoMessages, "no \"messages\" key; write {\"messages\": [...]}")],
        Some(Value::Array(messages)) => messages,
        Some(other) => {
            let message = format!("\"messages\" is {}, not a list of messages", kind(other));
            return vec![error(Rule::NoMessages, message)];
        }
    };
    if messages.is_empty() {
        return vec![error(Rule::EmptyConversation, "\"messages\" is empty; add the user's request and the answer")];
    }
    check_messages(messages)
}

fn check_messages(messages: &[Value]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut roles: Vec<Option<&str>> = Vec::with_capacity(messages.len());
    for (index, message) in messages.iter().enumerate() {
        let n = index + 1;
        let Some(message) = message.as_object() else {
            found.push(error(Rule::MessageNotObject, format!("message {n} is {}, not an object", kind(message))));
            roles.push(None);
            continue;
        };
        let role = match message.get("role").and_then(Value::as_str) {
            Some(role @ ("system" | "user" | "assistant" | "tool")) => role,
            other => {
                let what = other.map_or("has no \"role\"".to_owned(), |r| format!("has role {r:?}"));
                let message = format!("message {n} {what}; use one of system, user, assistant, tool");
                found.push(error(Rule::UnknownRole, message));
                roles.push(None);
                continue;
            }
        };
        let tool_calls = message.get("tool_calls").is_some_and(|c| !c.is_null());
        match message.get("content") {
            Some(Value::String(content)) if content.trim().is_empty() && !(role == "assistant" && tool_calls) => {
                let message = format!("message {n} ({role}) has empty content; write its text or remove the message");
                found.push(error(Rule::EmptyContent, message));
            }
            Some(Value::String(_)) => {}
            None | Some(Value::Null) if role == "assistant" && tool_calls => {}
            Some(other) => {
                let message = format!("message {n} ({role}) has content of type {}; it must be a string", kind(other));
                found.push(error(Rule::MissingContent, message));
            }
            None => {
                let hint = if message.contains_key("text") { ": rename \"text\" to \"content\"" } else { "" };
                let message = format!("message {n} ({role}) has no \"content\"{hint}");
                found.push(error(Rule::MissingContent, message));
            }
        }
        if role == "tool" {
            if !message.get("tool_call_id").is_some_and(Value::is_string) {
                let message = format!("message {n} (tool) has no \"tool_call_id\" naming the call it answers");
                found.push(error(Rule::MissingToolCallId, message));
            }
            if !matches!(roles.last(), Some(Some("assistant" | "tool"))) {
                let message = format!("message {n} (tool) must follow an assistant message with tool calls");
                found.push(error(Rule::MisplacedToolMessage, message));
            }
        }
        if role == "assistant" {
            match message.get("weight") {
                None | Some(Value::Null) => {}
                Some(w) if w.as_f64().is_some_and(|w| w == 0.0 || w == 1.0) => {}
                Some(w) => {
                    let message = format!("message {n} has weight {w}; use 0 (do not learn from it) or 1");
                    found.push(error(Rule::InvalidWeight, message));
                }
            }
        }
        roles.push(Some(role));
    }
    let systems = roles.iter().filter(|r| **r == Some("system")).count();
    if systems > 1 {
        let message = format!("{systems} system messages; keep one, Mistral allows a single system prompt");
        found.push(error(Rule::MultipleSystemMessages, message));
    }
    if let Some(Some(last)) = roles.last().copied().filter(|r| *r != Some("assistant")) {
        let message = format!(
            "the last message is from the {last}; end each example with the assistant's answer, the only part the \
             model learns from"
        );
        found.push(error(Rule::LastNotAssistant, message));
    }
    // Tallas's warnings only on lines Mistral would accept: on a broken line they are noise.
    if found.is_empty() {
        found.extend(check_tallas_prompts(messages, &roles));
    }
    found
}

/// Tallas's own prompt rules: warnings, not errors.
fn check_tallas_prompts(messages: &[Value], roles: &[Option<&str>]) -> Vec<Found> {
    let content_of = |role: &'static str| {
        roles
            .iter()
            .zip(messages)
            .filter(move |(r, _)| **r == Some(role))
            .map(|(_, m)| m.get("content").and_then(Value::as_str).unwrap_or_default())
    };
    let mut found = Vec::new();
    match content_of("system").next() {
        Some(system) if system == generate::SYSTEM => {}
        Some(_) => found.push(warning(
            Rule::SystemPromptDiffers,
            format!(
                "the system message differs from Tallas's ({}); the tuned model will be asked with Tallas's, so \
                 train with it",
                generate::PROMPT_VERSION
            ),
        )),
        None => found.push(warning(
            Rule::SystemPromptDiffers,
            format!(
                "no system message; the tuned model will be asked with Tallas's system prompt ({}), so train with it",
                generate::PROMPT_VERSION
            ),
        )),
    }
    let asks_for_keyword =
        |content: &str| content.strip_prefix("Palabra clave: ").is_some_and(|k| !k.trim().is_empty() && k == k.trim());
    if let Some(user) = content_of("user").find(|c| !asks_for_keyword(c)) {
        let mut shown: String = user.chars().take(40).collect();
        if shown.len() < user.len() {
            shown.push('…');
        }
        let message = format!(
            "the user message {shown:?} is not \"Palabra clave: <keyword>\", the form in which the app asks the tuned \
             model"
        );
        found.push(warning(Rule::UserPromptDiffers, message));
    }
    found
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
