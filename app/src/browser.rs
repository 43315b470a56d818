//! Small bridges to browser APIs that several pages need.

use wasm_bindgen::{JsCast, JsValue};

/// A file's bytes, as the curator chose it. The browser starts reading at the call, not when the
/// future is first polled, so that many files are read at once.
pub fn file_bytes(file: &web_sys::File) -> impl Future<Output = Result<Vec<u8>, String>> + use<> {
    let reading = wasm_bindgen_futures::JsFuture::from(file.array_buffer());
    async move {
        let buffer = reading.await.map_err(|e| js_error_message(&e))?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}

/// The message of a JavaScript exception or rejection, whatever was thrown.
pub fn js_error_message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| crate::i18n::t().UNKNOWN_ERROR.into())
}

/// A value the page reads from the browser (IndexedDB, the worker): `None` until the first read
/// answers, read again whenever a signal `fetch` reads changes and after a curator token is saved.
/// Only the latest read is shown: an older one that answers after a newer started (a slow read of
/// a form toggled twice) is dropped, and the value in place stays until the newer answers, as
/// `<Transition>` would keep it.
///
/// `LocalResource` with `<Transition>` does the same with suspense, at several times the WASM
/// size per use (docs/BENCHMARKS.md, size ledger).
pub fn load_local<T, F>(fetch: impl Fn() -> F + 'static) -> leptos::prelude::ReadSignal<Option<T>>
where
    T: Send + Sync + 'static,
    F: std::future::Future<Output = T> + 'static,
{
    use leptos::prelude::*;
    let (value, set_value) = signal(None);
    // The number of the latest read, which alone may set the value.
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        // A read the worker refused for want of the curator token answers once one is saved.
        crate::access::track();
        let pending = fetch();
        latest.update_value(|n| *n += 1);
        let this = latest.get_value();
        leptos::task::spawn_local(async move {
            let answer = pending.await;
            if latest.try_get_value() == Some(this) {
                set_value.try_set(Some(answer));
            }
        });
    });
    value
}

/// Offers `bytes` as a file named `name` of type `mime`.
pub fn download_bytes(name: &str, mime: &str, bytes: &js_sys::Uint8Array) -> Result<(), JsValue> {
    save_blob(name, mime, &js_sys::Array::of1(bytes))
}

/// Resolves after `ms` milliseconds (`setTimeout`); at once where there is no window.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            return;
        };
        let ms = i32::try_from(ms).unwrap_or(i32::MAX);
        if window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).is_err() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// An ISO 8601 time as a date and an hour in this browser's time zone and the page's language.
pub fn local_time(iso: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string(crate::i18n::lang().code(), &options))
}

/// Offers `text` as a file named `name` of type `mime`, as the browser saves downloads.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    save_blob(name, mime, &js_sys::Array::of1(&JsValue::from_str(text)))
}

fn save_blob(name: &str, mime: &str, parts: &js_sys::Array) -> Result<(), JsValue> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}
