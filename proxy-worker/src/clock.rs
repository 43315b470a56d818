//! The worker's clock. In a worker it advances only across I/O, which is what timestamps, rate
//! windows and an upstream call's deadline need.

use wasm_bindgen::JsValue;

/// Unix milliseconds now.
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// `now_ms` as an ISO 8601 UTC timestamp (`2026-04-01T12:00:00.000Z`).
pub fn iso(now_ms: u64) -> String {
    String::from(js_sys::Date::new(&JsValue::from_f64(now_ms as f64)).to_iso_string())
}
