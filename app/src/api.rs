//! The client of the Tallas worker, served on the same origin under `/api`.
//!
//! Every failure becomes a [`ClientError`] whose message tells the person what to do next; the
//! worker's own `{"error": {"code", "message"}}` bodies pass their message through unchanged.

use gloo_net::http::{Request, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tallas_core::api::{ApiError, ErrorBody, ErrorCode, GenerateRequest, GenerateResponse, Health};

/// Why a call to the worker failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The worker answered with a documented API error; its message says what to fix.
    #[error("{}", .0.message)]
    Api(ApiError),
    /// Nothing answered on `/api`: the request never got a response, or a proxy in front of
    /// the worker (Trunk's in development) answered for it.
    #[error("El worker no está corriendo o no responde en /api. Inicia `make dev` y vuelve a intentar.")]
    WorkerDown,
    /// An error body with a code this build does not know yet (a newer worker): the message
    /// is still worth showing.
    #[error("{message}")]
    UnknownApi { status: u16, message: String },
    #[error("El worker respondió HTTP {status} sin un error de la API. Revisa la consola de `make dev`.")]
    UnexpectedStatus { status: u16 },
    #[error(
        "El worker respondió algo que esta versión del app no entiende ({0}). Recarga la página; si \
         sigue pasando, el app y el worker no son de la misma versión."
    )]
    BadResponse(String),
    #[error("No se pudo preparar la solicitud al worker ({0}).")]
    Request(String),
}

impl ClientError {
    /// The API's error code, when the worker sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api(error) => Some(error.code),
            _ => None,
        }
    }
}

/// `GET /api/health`.
pub async fn health() -> Result<Health, ClientError> {
    let response = Request::get("/api/health").send().await.map_err(|_| ClientError::WorkerDown)?;
    read(response).await
}

/// Where the app finds the curator token it sends to curator endpoints (`/api/generate`, …).
pub const CURATOR_TOKEN_KEY: &str = "tallas.curator_token";

/// The curator token from `localStorage`, if one was saved there. Only the page has
/// `localStorage`: it hands the token to the background worker with each command.
pub fn curator_token() -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    let token = storage.get_item(CURATOR_TOKEN_KEY).ok()??;
    let token = token.trim();
    (!token.is_empty()).then(|| token.to_owned())
}

/// Saves the curator token in `localStorage`, where [`curator_token`] finds it; an empty token
/// removes it. It never goes into a URL.
pub fn save_curator_token(token: &str) -> Result<(), ClientError> {
    let unavailable = || ClientError::Request("el navegador no deja guardar datos locales".into());
    let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or_else(unavailable)?;
    let token = token.trim();
    let saved = if token.is_empty() {
        storage.remove_item(CURATOR_TOKEN_KEY)
    } else {
        storage.set_item(CURATOR_TOKEN_KEY, token)
    };
    saved.map_err(|_| unavailable())
}

/// `POST /api/generate` (a curator endpoint: sends the token from [`CURATOR_TOKEN_KEY`] when
/// there is one). Callers validate the request first (`GenerateRequest::validate`), so that a
/// person sees a mistake they can fix without a round trip.
pub async fn generate(request: &GenerateRequest) -> Result<GenerateResponse, ClientError> {
    post_curator("/api/generate", request, curator_token().as_deref()).await
}

/// `POST` to a curator endpoint with `token` as the bearer (none: the worker answers 401 with a
/// message that says to set it).
pub async fn post_curator<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    token: Option<&str>,
) -> Result<T, ClientError> {
    let mut builder = Request::post(path);
    if let Some(token) = token {
        builder = builder.header("authorization", &format!("Bearer {token}"));
    }
    let request = builder.json(body).map_err(|error| ClientError::Request(error.to_string()))?;
    let response = request.send().await.map_err(|_| ClientError::WorkerDown)?;
    read(response).await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    let status = response.status();
    // A body that cannot be read means the connection broke mid-answer.
    let body = response.text().await.map_err(|_| ClientError::WorkerDown)?;
    if response.ok() {
        return serde_json::from_str(&body).map_err(|error| ClientError::BadResponse(error.to_string()));
    }
    Err(error_from(status, &body))
}

/// Classifies a non-2xx answer.
fn error_from(status: u16, body: &str) -> ClientError {
    if let Ok(ErrorBody { error }) = serde_json::from_str::<ErrorBody>(body) {
        return ClientError::Api(error);
    }
    let message = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.pointer("/error/message").and_then(|m| m.as_str()).map(str::to_owned));
    match message {
        Some(message) => ClientError::UnknownApi { status, message },
        // Bad gateway or gateway timeout without the API's body: a proxy answered, not the worker.
        None if matches!(status, 502 | 504) => ClientError::WorkerDown,
        None => ClientError::UnexpectedStatus { status },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_keep_the_workers_message() {
        let body = r#"{"error":{"code":"not_configured","message":"set MISTRAL_API_KEY"}}"#;
        let error = error_from(503, body);
        assert_eq!(error.code(), Some(ErrorCode::NotConfigured));
        assert_eq!(error.to_string(), "set MISTRAL_API_KEY");
    }

    #[test]
    fn a_proxy_error_page_means_the_worker_is_down() {
        assert_eq!(error_from(502, "<html>Bad Gateway</html>"), ClientError::WorkerDown);
        assert_eq!(error_from(504, ""), ClientError::WorkerDown);
        assert_eq!(error_from(500, "oops"), ClientError::UnexpectedStatus { status: 500 });
        // A code from a newer worker still shows its message.
        let unknown = r#"{"error":{"code":"brand_new","message":"m"}}"#;
        assert_eq!(error_from(400, unknown), ClientError::UnknownApi { status: 400, message: "m".into() });
    }
}
