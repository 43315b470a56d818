//! What can go wrong with local storage, in words the curator can act on.

use indexed_db_futures::error::{Error, OpenDbError};

/// A local storage failure. Messages are UI text (`i18n`) because pages show them as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("{}", crate::i18n::t().STORE_UNAVAILABLE)]
    Unavailable,
    #[error("{}", crate::i18n::t().STORE_NEWER)]
    NewerVersion,
    #[error("{}", crate::i18n::t().STORE_FULL)]
    Full,
    #[error("{}", crate::i18n::fill(crate::i18n::t().STORE_FAILED, &[.0]))]
    Failed(String),
    /// A change names a joke the workspace does not have (deleted in another tab, or a stale view).
    #[error("{}", crate::i18n::fill(crate::i18n::t().STORE_UNKNOWN_JOKE, &[.0]))]
    UnknownJoke(String),
    #[error("{}", crate::i18n::fill(crate::i18n::t().STORE_UNKNOWN_RUN, &[.0]))]
    UnknownRun(String),
    #[error("{}", crate::i18n::fill(crate::i18n::t().STORE_RUN_EXISTS, &[.0]))]
    RunExists(String),
    #[error("{}", crate::i18n::fill(crate::i18n::t().STORE_SNAPSHOT_EXISTS, &[.0]))]
    SnapshotExists(String),
}

impl StoreError {
    /// Classifies a failure to open the database. Some browsers refuse IndexedDB in private
    /// mode by failing the open request rather than hiding `indexedDB`, hence the names below.
    pub fn from_open(error: OpenDbError) -> Self {
        match error {
            OpenDbError::NullFactory | OpenDbError::UnsupportedEnvironment => Self::Unavailable,
            OpenDbError::Base(error) => match dom_name(&error).as_deref() {
                Some("InvalidStateError" | "SecurityError" | "NotAllowedError") => Self::Unavailable,
                _ => error.into(),
            },
            other => Self::Failed(other.to_string()),
        }
    }
}

impl From<Error> for StoreError {
    fn from(error: Error) -> Self {
        match dom_name(&error).as_deref() {
            Some("VersionError") => Self::NewerVersion,
            Some("QuotaExceededError") => Self::Full,
            _ => Self::Failed(error.to_string()),
        }
    }
}

/// The DOM exception's name (`VersionError`, ...): the only stable way to tell them apart.
fn dom_name(error: &Error) -> Option<String> {
    match error {
        Error::DomException(exception) => Some(web_sys::DomException::from(exception.clone()).name()),
        _ => None,
    }
}
