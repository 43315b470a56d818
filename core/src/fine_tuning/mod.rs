//! Fine-tuning, sans I/O: the checks a JSONL training file passes while it streams through the
//! worker to Mistral's `/v1/files` ([`JsonlCheck`], fed chunk by chunk, so a file is never held
//! whole), the multipart framing around it ([`Multipart`]), and how the worker reads an upstream
//! that no longer fine-tunes or that answers a dry run with a real job; `lifecycle` maps every
//! provider's job statuses onto one set of stages.
//!
//! Mistral lists its fine-tuning API as deprecated, with no replacement: a model may answer
//! "not available for this type of fine-tuning", and an API that dropped `dry_run` would create a
//! job where an estimate was asked for.

pub mod deploy;
mod dialect;
pub mod lifecycle;
pub mod mistral;
pub mod openai;
pub mod together;

pub use dialect::{Creation, Upload};

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::api::{ApiError, ErrorCode, ValidationError};

/// The file name used when the request names none.
pub const DEFAULT_FILENAME: &str = "training.jsonl";
pub const MAX_FILENAME_CHARS: usize = 100;

/// The `filename` of an upload: letters, digits, `.`, `-` and `_`, ending in `.jsonl` (which
/// Mistral requires), so it can be quoted into a multipart header as it is.
pub fn filename(value: Option<&str>) -> Result<String, ValidationError> {
    let Some(name) = value.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(DEFAULT_FILENAME.to_owned());
    };
    let plain = name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !plain || name.starts_with('.') || name.chars().count() > MAX_FILENAME_CHARS {
        return Err(ValidationError::new(
            "filename",
            format!("must be 1 to {MAX_FILENAME_CHARS} letters, digits, . - or _, not starting with a dot"),
        ));
    }
    if !name.ends_with(".jsonl") {
        return Err(ValidationError::new("filename", "must end in .jsonl, as Mistral requires"));
    }
    Ok(name.to_owned())
}

/// One line of a chat fine-tuning file: an object with `messages` (the rest is Mistral's to check).
#[derive(Deserialize)]
struct TrainingLine {
    #[allow(dead_code)]
    messages: IgnoredAny,
}

/// Checks a JSONL file as it streams: every non-blank line must be a JSON object with
/// `messages`. A line is kept only until its end, so memory is one line, not the file.
///
/// This also guarantees that no line of the file can be a multipart boundary (`--…`), so the
/// framing of [`Multipart`] cannot be broken by the content it frames.
#[derive(Debug, Default)]
pub struct JsonlCheck {
    line: Vec<u8>,
    /// Lines seen so far, blank ones included, for error messages.
    line_number: usize,
    /// Non-blank (JSON) lines.
    json_lines: usize,
}

impl JsonlCheck {
    /// Checks every line `bytes` completes; the first bad line is the error.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), String> {
        let mut rest = bytes;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&rest[..end]);
            let line = std::mem::take(&mut self.line);
            self.check(&line)?;
            rest = &rest[end + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(())
    }

    /// Checks the last line (which need not end in a newline) and returns the number of JSON
    /// lines; a file without any is an error.
    pub fn finish(&mut self) -> Result<usize, String> {
        let line = std::mem::take(&mut self.line);
        if !line.is_empty() {
            self.check(&line)?;
        }
        if self.json_lines == 0 {
            return Err("the file has no JSON lines; each line must be {\"messages\": [...]}".to_owned());
        }
        Ok(self.json_lines)
    }

    fn check(&mut self, line: &[u8]) -> Result<(), String> {
        self.line_number += 1;
        let n = self.line_number;
        let text = std::str::from_utf8(line).map_err(|_| format!("line {n} is not UTF-8 text"))?;
        let text = text.trim();
        if text.is_empty() {
            return Ok(());
        }
        if !text.starts_with('{') {
            return Err(format!("line {n} is not a JSON object; each line must be {{\"messages\": [...]}}"));
        }
        serde_json::from_str::<TrainingLine>(text).map_err(|e| {
            let what = if e.is_data() { "is not a training example" } else { "is not valid JSON" };
            format!("line {n} {what}: {e}")
        })?;
        self.json_lines += 1;
        Ok(())
    }
}

/// `multipart/form-data` framing of one upload: `purpose=fine-tune` and the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multipart {
    boundary: String,
}

impl Multipart {
    /// `random` should be unpredictable; it only has to differ from any line of the file, which
    /// [`JsonlCheck`] already guarantees.
    pub fn new(random: u128) -> Self {
        Self { boundary: format!("tallas-{random:032x}") }
    }

    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// Everything before the file's bytes. `filename` must have passed [`filename`].
    pub fn head(&self, filename: &str) -> String {
        let b = &self.boundary;
        format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
             Content-Type: application/jsonl\r\n\r\n"
        )
    }

    /// Everything after the file's bytes.
    pub fn tail(&self) -> String {
        format!("\r\n--{}--\r\n", self.boundary)
    }

    /// A whole form of plain fields and no file. Each value must be one line of plain text (a
    /// checked file name, a digest), which cannot break the framing.
    pub fn fields(&self, fields: &[(&str, String)]) -> String {
        let b = &self.boundary;
        let mut form: String = fields
            .iter()
            .map(|(name, value)| format!("--{b}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"))
            .collect();
        form.push_str(&format!("--{b}--\r\n"));
        form
    }
}

/// A request a dialect cannot send, naming the field and what to give instead.
fn refuse(field: &'static str, problem: &str) -> ValidationError {
    ValidationError::new(field, problem.to_owned())
}

/// The one file of a dialect that takes one per job.
fn one_file<'a>(field: &'static str, ids: &'a [String]) -> Result<&'a str, ValidationError> {
    match ids {
        [one] => Ok(one),
        _ => Err(refuse(
            field,
            &format!(
                "has {} ids, and this provider takes one file per job; upload the dataset's file as one",
                ids.len()
            ),
        )),
    }
}

/// A page of events as OpenAI and Together list them (`{"data": [...]}`).
#[derive(serde::Deserialize)]
struct Events {
    data: Vec<Event>,
}

/// One event of either: its type, its words, when, and (Together's) its level.
#[derive(serde::Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: Option<String>,
    message: Option<String>,
    created_at: Option<serde_json::Value>,
    #[serde(default)]
    level: Option<String>,
}

/// The events of `body`, oldest first, with the raw events for what a dialect reads further.
/// `newest_first` lists (OpenAI's) are reversed before a stable sort, so events of one second
/// keep their order.
fn read_event_page(
    body: &str,
    newest_first: bool,
) -> Result<(Vec<crate::api::JobEvent>, Vec<Event>), serde_json::Error> {
    let mut page: Events = serde_json::from_str(body)?;
    if newest_first {
        page.data.reverse();
    }
    page.data.sort_by_key(|e| e.created_at.as_ref().and_then(read_iso_or_unix));
    let read = page
        .data
        .iter()
        .map(|e| crate::api::JobEvent {
            name: e.kind.clone().unwrap_or_else(|| "message".to_owned()),
            message: e.message.clone(),
            data: None,
            created_at: e.created_at.as_ref().and_then(read_iso_or_unix),
        })
        .collect();
    Ok((read, page.data))
}

/// A time as Unix seconds, from a number of them or an RFC 3339 text (Together's).
fn read_iso_or_unix(value: &serde_json::Value) -> Option<u64> {
    match value {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(text) => {
            let at = humantime::parse_rfc3339_weak(text.strip_suffix("+00:00").unwrap_or(text)).ok()?;
            at.duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_secs())
        }
        _ => None,
    }
}

/// Whether an upstream refusal (`status`, its own explanation `summary`) says the model cannot be
/// fine-tuned there (any more).
pub fn no_longer_fine_tunes(status: u16, summary: Option<&str>) -> bool {
    let said = summary.unwrap_or_default().to_ascii_lowercase();
    matches!(status, 400 | 404 | 422)
        && (said.contains("not available for this type of fine-tuning") || said.contains("cannot be fine-tuned"))
}

/// The error for a model `upstream` does not fine-tune: what it said, and what to do instead.
pub fn fine_tuning_unavailable(model: &str, upstream: &str, summary: Option<&str>) -> ApiError {
    let said = summary.map(|s| format!(" (it answered: {s})")).unwrap_or_default();
    ApiError::new(
        ErrorCode::BadRequest,
        format!(
            "{upstream} no longer fine-tunes {model}{said}; its fine-tuning API is deprecated. Export the \
             dataset's train and validation JSONL and train on your own GPU (TRL or Unsloth), \
             or choose a provider that fine-tunes; then name the tuned model where a model is asked for"
        ),
    )
}

/// The id of the job an upstream created when it was asked for a dry run: a job answer has an
/// `id` and a `status` (an estimate has neither, its `object` being `job.metadata`). `None` when
/// the answer is an estimate.
pub fn job_instead_of_estimate(answer: &serde_json::Value) -> Option<String> {
    let id = answer.get("id")?.as_str()?;
    let is_job = answer.get("status").is_some() || answer.get("object").and_then(|o| o.as_str()) == Some("job");
    is_job.then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const LINE: &str =
        r#"{"messages":[{"role":"user","content":"Palabra clave: a"},{"role":"assistant","content":"b"}]}"#;

    fn check(chunks: &[&[u8]]) -> Result<usize, String> {
        let mut check = JsonlCheck::default();
        for chunk in chunks {
            check.feed(chunk)?;
        }
        check.finish()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn counts_lines_split_anywhere_across_chunks() {
        let file = format!("{LINE}\r\n\n{LINE}");
        let bytes = file.as_bytes();
        for cut in 0..bytes.len() {
            assert_eq!(check(&[&bytes[..cut], &bytes[cut..]]), Ok(2), "cut at {cut}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn names_the_first_bad_line() {
        let file = format!("{LINE}\n[1,2]\n");
        assert!(check(&[file.as_bytes()]).unwrap_err().starts_with("line 2 is not a JSON object"));
        assert!(check(&[b"{\"messages\": [}\n"]).unwrap_err().starts_with("line 1 is not valid JSON"));
        assert!(check(&[b"{\"text\": \"x\"}"]).unwrap_err().starts_with("line 1 is not a training example"));
        assert!(check(&[b"--tallas-boundary--\n"]).unwrap_err().starts_with("line 1 is not a JSON object"));
        assert!(check(&[&[b'{', 0xff, b'}']]).unwrap_err().contains("not UTF-8"));
        assert!(check(&[b"\n \n"]).unwrap_err().starts_with("the file has no JSON lines"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn filenames_are_plain_jsonl_names() {
        assert_eq!(filename(None).unwrap(), DEFAULT_FILENAME);
        assert_eq!(filename(Some(" train-1.jsonl ")).unwrap(), "train-1.jsonl");
        for bad in ["a\".jsonl", "../x.jsonl", ".jsonl", "train.json", "a b.jsonl"] {
            assert!(filename(Some(bad)).is_err(), "{bad}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn frames_the_file_as_multipart() {
        let multipart = Multipart::new(0xabc);
        assert_eq!(multipart.content_type(), "multipart/form-data; boundary=tallas-00000000000000000000000000000abc");
        let body = format!("{}{LINE}{}", multipart.head("t.jsonl"), multipart.tail());
        assert!(body.starts_with("--tallas-00000000000000000000000000000abc\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n"));
        assert!(body.contains("name=\"file\"; filename=\"t.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n{"));
        assert!(body.ends_with("}\r\n--tallas-00000000000000000000000000000abc--\r\n"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_deprecated_fine_tuning_api_is_told_apart_and_explained() {
        let said = Some("Model not available for this type of fine-tuning (completion).");
        assert!(no_longer_fine_tunes(422, said));
        assert!(no_longer_fine_tunes(400, Some("Model mistral-large-latest cannot be fine-tuned")));
        assert!(!no_longer_fine_tunes(422, Some("File not found: f1")));
        assert!(!no_longer_fine_tunes(500, said));
        let error = fine_tuning_unavailable("mistral-small-latest", "Mistral", said);
        assert_eq!(error.status(), 400);
        assert!(error.message.starts_with(
            "Mistral no longer fine-tunes mistral-small-latest (it answered: Model not available for this type"
        ));
        assert!(error.message.contains("your own GPU (TRL or Unsloth)"), "{}", error.message);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_job_is_not_an_estimate() {
        let estimate = serde_json::json!({"object": "job.metadata", "cost": 2.0, "train_tokens": 10});
        assert_eq!(job_instead_of_estimate(&estimate), None);
        let job = serde_json::json!({"id": "0f3a", "object": "job", "status": "QUEUED", "auto_start": false});
        assert_eq!(job_instead_of_estimate(&job).as_deref(), Some("0f3a"));
        assert_eq!(job_instead_of_estimate(&serde_json::json!({"id": "x"})), None);
    }
}
