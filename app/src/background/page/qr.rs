//! A link as a QR code, drawn by a background worker (`worker::qr`).

use super::{WorkerError, request};
use crate::background::Request;

/// The SVG of `link`'s QR code; empty when the link is too long for one.
pub async fn svg(link: String) -> Result<String, WorkerError> {
    request(&Request::Qr(link)).await
}
