//! What can go wrong with local storage, in words the curator can act on.

use indexed_db_futures::error::{Error, OpenDbError};

/// A local storage failure. Messages are Spanish UI text because pages show them as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Este navegador no permite guardar datos locales (IndexedDB no está disponible; pasa en \
         ventanas privadas). Abre Tallas en una ventana normal para guardar el historial."
    )]
    Unavailable,
    #[error(
        "Los datos locales son de una versión más nueva de Tallas. Recarga la página para usar la \
         versión actual."
    )]
    NewerVersion,
    #[error("El navegador no tiene espacio para guardar más datos. Libera espacio en el disco y vuelve a intentar.")]
    Full,
    #[error("No se pudo leer o escribir en el almacenamiento local ({0}). Recarga la página y vuelve a intentar.")]
    Failed(String),
    /// A change names a joke the workspace does not have (deleted in another tab, or a stale view).
    #[error("La talla «{0}» ya no está en este navegador. Recarga la página para ver las tallas actuales.")]
    UnknownJoke(String),
    #[error("La corrida «{0}» ya no está en este navegador. Recarga la página para ver las corridas actuales.")]
    UnknownRun(String),
    #[error("Ya hay una corrida «{0}». Espera un segundo y vuelve a crearla.")]
    RunExists(String),
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
