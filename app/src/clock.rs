//! The browser clock, and how times are shown.

use wasm_bindgen::JsValue;

/// Milliseconds since the Unix epoch. The float-to-int cast saturates, so it cannot panic.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A time as `<time>` needs it: machine-readable and for people.
pub struct Shown {
    /// ISO 8601, for the `datetime` attribute.
    pub iso: String,
    /// Local date and time in the UI's locale.
    pub local: String,
}

/// `None` for a time JavaScript cannot represent (e.g. a corrupt record): `toISOString` would throw.
pub fn show(ms: u64) -> Option<Shown> {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    if date.get_time().is_nan() {
        return None;
    }
    Some(Shown {
        iso: date.to_iso_string().into(),
        local: date.to_locale_string(crate::i18n::t().LOCALE, &JsValue::UNDEFINED).into(),
    })
}
