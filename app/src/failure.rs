//! Why something the curator asked for did not happen, kept typed from where it failed until a
//! view words it (`components::failed` shows it).

use crate::api::ClientError;
use crate::background::page::WorkerError;
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// The worker refused or could not be reached.
    #[error(transparent)]
    Worker(#[from] ClientError),
    /// This browser's store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A background worker that did not start or answer.
    #[error(transparent)]
    Background(#[from] WorkerError),
    /// A refusal already in the curator's words: what a background worker answered it could not
    /// do, or what a form found wrong.
    #[error("{0}")]
    Refused(String),
    /// A background worker's answer of another kind than the one asked for.
    #[error("{}", crate::i18n::t().WORKER_OTHER_ANSWER)]
    OtherAnswer,
    /// The browser refused (a download, the storage estimate), with its own message.
    #[error("{0}")]
    Browser(String),
}

impl Failure {
    /// A browser API's refusal, with the message it threw.
    pub fn browser(error: wasm_bindgen::JsValue) -> Self {
        Failure::Browser(crate::browser::js_error_message(&error))
    }
}
