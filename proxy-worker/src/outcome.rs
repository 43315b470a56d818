//! How every endpoint answers: a value with its status, or an `ApiError` with, for a `429`, the
//! `Retry-After` the client should wait. Every response goes through `respond`, so the security
//! headers and the error shape stay the same everywhere.

use serde::Serialize;
use tallas_core::api::ApiError;
use worker::{Response, Result, console_error};

use crate::respond;

/// An error answer, with the seconds for `Retry-After` when the client may try again later.
#[derive(Debug)]
pub struct ErrorAnswer {
    pub error: ApiError,
    pub retry_after: Option<u64>,
}

impl ErrorAnswer {
    pub fn retry_after(error: ApiError, seconds: u64) -> Self {
        Self { error, retry_after: Some(seconds) }
    }
}

impl From<ApiError> for ErrorAnswer {
    fn from(error: ApiError) -> Self {
        Self { error, retry_after: None }
    }
}

impl From<tallas_core::api::ValidationError> for ErrorAnswer {
    fn from(error: tallas_core::api::ValidationError) -> Self {
        ApiError::from(error).into()
    }
}

pub type Outcome<T> = std::result::Result<T, ErrorAnswer>;

/// `status` with `value` as JSON, or the failure as the JSON error. Faults of the worker (5xx)
/// are logged under `route`; a client's mistakes are not.
pub fn send<T: Serialize>(route: &str, status: u16, outcome: Outcome<T>) -> Result<Response> {
    match outcome {
        Ok(value) => Ok(respond::json(&value)?.with_status(status)),
        Err(ErrorAnswer { error, retry_after }) => {
            if error.status() >= 500 {
                console_error!("{route}: {error}");
            }
            let response = respond::error(error)?;
            if let Some(seconds) = retry_after {
                response.headers().set("retry-after", &seconds.to_string())?;
            }
            Ok(response)
        }
    }
}
