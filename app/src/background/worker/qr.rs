//! A ballot's link as a QR code, drawn here rather than on the page: the encoder and its SVG
//! renderer weigh 13.7 KB of WASM (docs/BENCHMARKS.md, size ledger) that the page then does not
//! carry.

use qrcode::QrCode;
use qrcode::render::svg;

/// The link as a QR code in SVG, scaled by its container; empty if the link is too long for one.
pub fn answer(link: &str) -> String {
    QrCode::new(link.as_bytes())
        .map(|code| code.render::<svg::Color>().min_dimensions(200, 200).quiet_zone(true).build())
        .unwrap_or_default()
}
