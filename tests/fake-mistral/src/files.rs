//! `/v1/files`: uploads of fine-tuning datasets, kept in memory. The JSONL check is the one a
//! dataset builder most needs to hear about early: a line that is not JSON.

use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::state::{AppState, Dialect, unix_now};

/// Largest upload accepted; far above any test dataset, well below what would hurt the machine.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

const PURPOSES: &[&str] = &["fine-tune", "batch"];

#[derive(Debug, Clone)]
pub struct StoredFile {
    pub id: String,
    pub filename: String,
    pub purpose: String,
    pub created_at: u64,
    pub num_lines: usize,
    pub content: Bytes,
}

impl StoredFile {
    fn to_json(&self, dialect: Dialect) -> Value {
        if dialect == Dialect::OpenAi {
            // OpenAI's FileObject: its `status` is deprecated but still required.
            return json!({
                "id": self.id, "object": "file", "bytes": self.content.len(), "created_at": self.created_at,
                "filename": self.filename, "purpose": self.purpose, "status": "processed",
            });
        }
        json!({
            "id": self.id,
            "object": "file",
            "bytes": self.content.len(),
            "created_at": self.created_at,
            "filename": self.filename,
            "purpose": self.purpose,
            "sample_type": "instruct",
            "num_lines": self.num_lines,
            "mimetype": "application/jsonl",
            "source": "upload",
            "signature": null,
        })
    }
}

/// Counts the JSON lines of a JSONL file; blank lines are skipped, as JSONL readers do.
pub fn count_json_lines(content: &[u8]) -> Result<usize, String> {
    let text = std::str::from_utf8(content).map_err(|e| format!("the file is not UTF-8 text: {e}"))?;
    let mut count = 0;
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        serde_json::from_str::<serde::de::IgnoredAny>(line)
            .map_err(|e| format!("line {} is not JSON: {e}", index + 1))?;
        count += 1;
    }
    if count == 0 {
        return Err("the file has no JSON lines".into());
    }
    Ok(count)
}

fn multipart_error(error: MultipartError) -> ApiError {
    ApiError::new(error.status(), "invalid_request_error", error.body_text())
}

/// `POST /v1/files`: multipart with `file` and an optional `purpose` (default `fine-tune`).
pub async fn upload(
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<Value>, ApiError> {
    let mut multipart = multipart.map_err(|r| ApiError::new(r.status(), "invalid_request_error", r.body_text()))?;
    let mut purpose = None;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("purpose") => purpose = Some(field.text().await.map_err(multipart_error)?),
            Some("file") => {
                let filename = field.file_name().unwrap_or("upload.jsonl").to_owned();
                file = Some((filename, field.bytes().await.map_err(multipart_error)?));
            }
            // Fields the real API accepts and a double can ignore (e.g. `expiry`).
            _ => {}
        }
    }
    let purpose = purpose.map_or_else(|| "fine-tune".to_owned(), |p| p.trim().to_owned());
    if !PURPOSES.contains(&purpose.as_str()) {
        return Err(ApiError::unprocessable(format!("purpose {purpose:?} is not one of {PURPOSES:?}")));
    }
    let (filename, content) = file.ok_or_else(|| ApiError::unprocessable("the multipart field `file` is missing"))?;
    let num_lines =
        count_json_lines(&content).map_err(|e| ApiError::unprocessable(format!("{filename} is not JSONL: {e}")))?;
    let mut store = state.store();
    let stored = StoredFile { id: store.next_uuid(), filename, purpose, created_at: unix_now(), num_lines, content };
    let body = stored.to_json(state.config.dialect);
    store.files.push(stored);
    Ok(Json(body))
}

/// `GET /v1/files`.
pub async fn list(State(state): State<AppState>) -> Json<Value> {
    let store = state.store();
    let data: Vec<Value> = store.files.iter().map(|f| f.to_json(state.config.dialect)).collect();
    Json(json!({ "object": "list", "data": data, "total": data.len() }))
}

fn not_found(file_id: &str) -> ApiError {
    ApiError::not_found(format!("File not found: {file_id}"))
}

/// `GET /v1/files/{file_id}`.
pub async fn retrieve(State(state): State<AppState>, Path(file_id): Path<String>) -> Result<Json<Value>, ApiError> {
    let store = state.store();
    let found = store.files.iter().find(|f| f.id == file_id);
    found.map(|f| Json(f.to_json(state.config.dialect))).ok_or_else(|| not_found(&file_id))
}

/// `GET /v1/files/{file_id}/content`: the bytes as uploaded.
pub async fn content(State(state): State<AppState>, Path(file_id): Path<String>) -> Result<Response, ApiError> {
    let store = state.store();
    let file = store.files.iter().find(|f| f.id == file_id).ok_or_else(|| not_found(&file_id))?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], file.content.clone()).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_json_lines_and_names_the_first_bad_one() {
        assert_eq!(count_json_lines(b"{\"messages\":[]}\n\n{\"messages\":[]}\r\n"), Ok(2));
        let error = count_json_lines(b"{\"a\":1}\nnot json\n{}").unwrap_err();
        assert!(error.starts_with("line 2 is not JSON"), "{error}");
        assert_eq!(count_json_lines(b"\n  \n"), Err("the file has no JSON lines".into()));
        assert!(count_json_lines(&[0xff, 0xfe]).unwrap_err().contains("not UTF-8"));
    }
}
