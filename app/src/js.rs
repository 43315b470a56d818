//! Rust values as JavaScript values and JSON text, one way for the whole app.
//!
//! Everything crosses through serde-wasm-bindgen, the converter indexed_db_futures already uses for
//! records, and the browser's own `JSON`: serde_json would compile a second (de)serializer for
//! every type into the WASM (16 KB for the API client alone, about 50 KB for backups).

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// `value` as a plain JS value; maps become plain objects, as JSON has them.
pub fn to_js(value: &impl Serialize) -> Result<JsValue, String> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| e.to_string())
}

/// A plain JS value (a message, a parsed body) read as `T`; the error names what did not fit.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// `value` as JSON text.
pub fn to_json(value: &impl Serialize) -> Result<String, String> {
    let value = to_js(value)?;
    let text = js_sys::JSON::stringify(&value).map_err(|e| thrown(&e))?;
    Ok(text.into())
}

/// JSON text as a plain JS value; the error is the browser's own account of where it broke.
pub fn parse_json(text: &str) -> Result<JsValue, String> {
    js_sys::JSON::parse(text).map_err(|error| thrown(&error))
}

/// What `JSON` threw: always an `Error` with a message. Not `browser::js_error_message`, whose
/// fallback names the curator's words: the open pages use these helpers too, and carry only theirs.
fn thrown(error: &JsValue) -> String {
    use wasm_bindgen::JsCast;
    error.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{error:?}"), |e| String::from(e.message()))
}

/// The value at `path` inside `value` (`["error", "message"]`), `undefined` where any step is missing.
pub fn field(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter()
        .try_fold(value.clone(), |value, name| {
            if value.is_object() { js_sys::Reflect::get(&value, &JsValue::from_str(name)).ok() } else { None }
        })
        .unwrap_or(JsValue::UNDEFINED)
}
