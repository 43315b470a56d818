//! The worker's settings, read once per request from wrangler vars and the key secret.
//! Every var has a default, so a bare `wrangler dev` works; a malformed value is logged and
//! replaced by its default rather than failing every request.

use std::fmt;
use std::str::FromStr;

use tallas_core::retry::RetryPolicy;
use wasm_bindgen::JsValue;
use worker::{Env, console_warn};

pub const DEFAULT_BASE_URL: &str = "https://api.mistral.ai";
pub const DEFAULT_MODEL_GENERATE: &str = "mistral-small-latest";
pub const DEFAULT_MAX_TASK_BODY_BYTES: usize = 262_144;
pub const DEFAULT_UPSTREAM_TIMEOUT_MS: u64 = 30_000;
/// Upper bound on attempts, so a typo such as `30` cannot multiply upstream spending.
const MAX_RETRY_ATTEMPTS: u32 = 10;

/// The Mistral API key. Its `Debug` is redacted and it has no `Display`, so it cannot slip into
/// a log line or an error message through formatting.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// An empty (or blank) value counts as no key: `--var MISTRAL_API_KEY:` is how tests unset it.
    fn new(raw: &str) -> Option<Self> {
        let key = raw.trim();
        (!key.is_empty()).then(|| Self(key.to_owned()))
    }

    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// `text` with every occurrence of the key blanked out: for error texts that come from the
    /// runtime, which this worker does not control, before they are logged.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.0, "[redacted]")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Without trailing slashes, so paths can be appended with `/v1/...`.
    pub base_url: String,
    pub model_generate: String,
    pub max_task_body_bytes: usize,
    pub upstream_timeout_ms: u64,
    pub retry: RetryPolicy,
    pub api_key: Option<ApiKey>,
}

impl Config {
    pub fn from_env(env: &Env) -> Self {
        let base_url = text(env, "MISTRAL_BASE_URL")
            .map(|url| url.trim_end_matches('/').to_owned())
            .filter(|url| !url.is_empty())
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let retry = RetryPolicy {
            max_attempts: number(env, "RETRY_MAX_ATTEMPTS", RetryPolicy::default().max_attempts)
                .min(MAX_RETRY_ATTEMPTS),
            base_delay_ms: number(env, "RETRY_BASE_DELAY_MS", RetryPolicy::default().base_delay_ms),
            ..RetryPolicy::default()
        };
        Self {
            base_url,
            model_generate: text(env, "MODEL_GENERATE").unwrap_or_else(|| DEFAULT_MODEL_GENERATE.to_owned()),
            max_task_body_bytes: number(env, "MAX_TASK_BODY_BYTES", DEFAULT_MAX_TASK_BODY_BYTES),
            upstream_timeout_ms: number(env, "UPSTREAM_TIMEOUT_MS", DEFAULT_UPSTREAM_TIMEOUT_MS),
            retry,
            api_key: raw(env, "MISTRAL_API_KEY").as_deref().and_then(ApiKey::new),
        }
    }
}

/// A binding as text. Read through `Reflect` rather than `Env::var`, because `Env::var` only
/// accepts strings and a var written unquoted in wrangler.toml arrives as a JS number.
fn raw(env: &Env, name: &str) -> Option<String> {
    let value = js_sys::Reflect::get(env.as_ref(), &JsValue::from_str(name)).ok()?;
    value.as_string().or_else(|| value.as_f64().map(|n| n.to_string()))
}

/// A var trimmed, `None` when absent or blank.
fn text(env: &Env, name: &str) -> Option<String> {
    raw(env, name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A positive number, or `default` when absent; a value that is not one is reported and ignored.
fn number<T: FromStr + PartialEq + Default + fmt::Display>(env: &Env, name: &str, default: T) -> T {
    let Some(value) = text(env, name) else { return default };
    match parse_positive(&value) {
        Some(n) => n,
        None => {
            console_warn!("{name} = {value:?} is not a positive whole number; using the default {default}");
            default
        }
    }
}

fn parse_positive<T: FromStr + PartialEq + Default>(value: &str) -> Option<T> {
    value.parse::<T>().ok().filter(|n| *n != T::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_keys_are_no_keys_and_the_key_never_prints() {
        assert_eq!(ApiKey::new("  "), None);
        let key = ApiKey::new(" sk-secret \n").unwrap();
        assert_eq!(key.authorization(), "Bearer sk-secret");
        assert!(!format!("{key:?}").contains("sk-secret"));
        assert_eq!(key.redact("bad header Bearer sk-secret"), "bad header Bearer [redacted]");
    }

    #[test]
    fn numbers_must_be_positive_integers() {
        assert_eq!(parse_positive::<u64>("300"), Some(300));
        assert_eq!(parse_positive::<u64>("0"), None);
        assert_eq!(parse_positive::<u32>("-1"), None);
        assert_eq!(parse_positive::<usize>("1e3"), None);
    }
}
