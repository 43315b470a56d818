//! The worker's settings, read once per isolate from wrangler vars and the key secret.
//! Every var has a default, so a bare `wrangler dev` works; a malformed value is logged and
//! replaced by its default rather than failing every request.

use std::fmt;
use std::rc::Rc;
use std::str::FromStr;

use tallas_core::providers::{self, ProviderConfig};
use tallas_core::retry::RetryPolicy;
use tallas_core::tasks::Task;
use wasm_bindgen::JsValue;
use worker::{Context, Env, console_warn};

use crate::auth::CuratorToken;

pub const DEFAULT_BASE_URL: &str = "https://api.mistral.ai";
pub const DEFAULT_MODEL_GENERATE: &str = "mistral-small-latest";
pub const DEFAULT_MAX_TASK_BODY_BYTES: usize = 262_144;
pub const DEFAULT_UPSTREAM_TIMEOUT_MS: u64 = 30_000;
/// `MAX_FILE_BODY_BYTES`: the largest fine-tuning file `POST /api/files` passes on.
pub const DEFAULT_MAX_FILE_BODY_BYTES: usize = 10 * 1024 * 1024;
/// `MAX_BALLOT_BODY_BYTES`: 2,200 jokes of 2,000 characters fit with room for JSON and accents.
pub const DEFAULT_MAX_BALLOT_BODY_BYTES: usize = 8 * 1024 * 1024;
/// The model of the tasks that must get things right (copying jokes faithfully, judging).
pub const DEFAULT_MODEL_LARGE: &str = "mistral-large-latest";
/// The model of the other tasks.
pub const DEFAULT_MODEL_SMALL: &str = "mistral-small-latest";
/// Highest `TEMPERATURE_<TASK>` accepted; Mistral's own limit.
const MAX_TEMPERATURE: f32 = 1.5;
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

/// A chat-completions server beyond Mistral, from `UPSTREAMS` (`tallas_core::providers`).
#[derive(Debug, Clone)]
pub struct Provider {
    /// Its entry, checked.
    pub spec: ProviderConfig,
    /// The secret named by `key_secret`, when one is named and set.
    pub key: Option<ApiKey>,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Without trailing slashes, so paths can be appended with `/v1/...`.
    pub base_url: String,
    /// The other providers, or why `UPSTREAMS` could not be read.
    pub providers: Result<Vec<Provider>, String>,
    pub model_generate: String,
    pub max_task_body_bytes: usize,
    pub upstream_timeout_ms: u64,
    pub retry: RetryPolicy,
    pub api_key: Option<ApiKey>,
    /// `CURATOR_TOKEN`, the secret every curator endpoint requires.
    pub curator_token: CuratorToken,
    pub max_file_body_bytes: usize,
    pub max_ballot_body_bytes: usize,
    /// Model and temperature of each LLM task.
    pub tasks: TaskSettings,
    /// The fetch event, for bookkeeping that may finish after the response (`wait_until`);
    /// `None` until the router sets it.
    pub event: Option<Rc<Context>>,
}

/// How one LLM task is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskSetting {
    pub model: String,
    pub temperature: f32,
}

/// `MODEL_<TASK>` and `TEMPERATURE_<TASK>` of every task but generate (which has `MODEL_GENERATE`).
#[derive(Debug, Clone, PartialEq)]
pub struct TaskSettings(Vec<(Task, TaskSetting)>);

impl TaskSettings {
    fn from_env(env: &Env) -> Self {
        let settings = Task::ALL.into_iter().filter(|task| *task != Task::Generate).map(|task| {
            let upper = task.name().to_ascii_uppercase();
            let model = text(env, &format!("MODEL_{upper}")).unwrap_or_else(|| default_model(task).to_owned());
            let temperature = temperature(env, &format!("TEMPERATURE_{upper}"), task.temperature());
            (task, TaskSetting { model, temperature })
        });
        Self(settings.collect())
    }

    /// The setting of `task`, its defaults if it has none configured.
    pub fn get(&self, task: Task) -> TaskSetting {
        self.0
            .iter()
            .find(|(t, _)| *t == task)
            .map(|(_, setting)| setting.clone())
            .unwrap_or_else(|| TaskSetting { model: default_model(task).to_owned(), temperature: task.temperature() })
    }
}

/// Large for the tasks whose mistakes are costly downstream, small for the rest.
pub fn default_model(task: Task) -> &'static str {
    match task {
        Task::Extract | Task::Judge => DEFAULT_MODEL_LARGE,
        Task::Generate => DEFAULT_MODEL_GENERATE,
        _ => DEFAULT_MODEL_SMALL,
    }
}

/// A temperature var, `default` when absent or not a number in `0..=1.5`.
fn temperature(env: &Env, name: &str, default: f32) -> f32 {
    let Some(value) = text(env, name) else { return default };
    match parse_temperature(&value) {
        Some(t) => t,
        None => {
            console_warn!(
                "{name} = {value:?} is not a number from 0 to {MAX_TEMPERATURE}; using the default {default}"
            );
            default
        }
    }
}

fn parse_temperature(value: &str) -> Option<f32> {
    value.parse::<f32>().ok().filter(|t| (0.0..=MAX_TEMPERATURE).contains(t))
}

impl Config {
    /// The settings of this isolate: read from `env` by the first request, then kept. A Worker's
    /// vars and secrets are fixed for the isolate's life (a change deploys a new one), and reading
    /// them costs a crossing into JavaScript each, plus a SHA-256 of the curator token, per request.
    pub fn of_isolate(env: &Env) -> Self {
        thread_local! {
            static READ: std::cell::OnceCell<Config> = const { std::cell::OnceCell::new() };
        }
        READ.with(|read| read.get_or_init(|| Self::from_env(env)).clone())
    }

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
        let providers = providers::parse(&text(env, "UPSTREAMS").unwrap_or_default()).map(|specs| {
            specs
                .into_iter()
                .map(|spec| Provider {
                    key: spec
                        .key_secret
                        .as_deref()
                        .and_then(|secret| raw(env, secret))
                        .as_deref()
                        .and_then(ApiKey::new),
                    spec,
                })
                .collect()
        });
        if let Err(problem) = &providers {
            console_warn!("{problem}");
        }
        Self {
            base_url,
            providers,
            model_generate: text(env, "MODEL_GENERATE").unwrap_or_else(|| DEFAULT_MODEL_GENERATE.to_owned()),
            max_task_body_bytes: number(env, "MAX_TASK_BODY_BYTES", DEFAULT_MAX_TASK_BODY_BYTES),
            upstream_timeout_ms: number(env, "UPSTREAM_TIMEOUT_MS", DEFAULT_UPSTREAM_TIMEOUT_MS),
            retry,
            api_key: raw(env, "MISTRAL_API_KEY").as_deref().and_then(ApiKey::new),
            curator_token: CuratorToken::new(raw(env, "CURATOR_TOKEN").as_deref()),
            max_file_body_bytes: number(env, "MAX_FILE_BODY_BYTES", DEFAULT_MAX_FILE_BODY_BYTES),
            max_ballot_body_bytes: number(env, "MAX_BALLOT_BODY_BYTES", DEFAULT_MAX_BALLOT_BODY_BYTES),
            tasks: TaskSettings::from_env(env),
            event: None,
        }
    }
}

/// `ALLOWED_ORIGINS` as written: the comma-separated origins whose pages may call the API from
/// another origin (see `cors`). Absent or blank means same-origin only.
pub fn allowed_origins(env: &Env) -> String {
    text(env, "ALLOWED_ORIGINS").unwrap_or_default()
}

/// A binding as text. Read through `Reflect` rather than `Env::var`, because `Env::var` only
/// accepts strings and a var written unquoted in wrangler.toml arrives as a JS number.
/// Kept per isolate, as `Config::of_isolate` is: vars and secrets are fixed for an isolate's life
/// (a new deployment or secret starts new isolates), and reading one from JS on every request was a
/// measurable share of a vote's time (docs/BENCHMARKS.md, "Worker vote path").
fn raw(env: &Env, name: &str) -> Option<String> {
    thread_local! {
        static READ: std::cell::RefCell<std::collections::HashMap<String, Option<String>>> = Default::default();
    }
    if let Some(known) = READ.with(|read| read.borrow().get(name).cloned()) {
        return known;
    }
    let value = js_sys::Reflect::get(env.as_ref(), &JsValue::from_str(name)).ok();
    let text = value.and_then(|value| value.as_string().or_else(|| value.as_f64().map(|n| n.to_string())));
    READ.with(|read| read.borrow_mut().insert(name.to_owned(), text.clone()));
    text
}

/// A var trimmed, `None` when absent or blank.
fn text(env: &Env, name: &str) -> Option<String> {
    raw(env, name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// A positive number, or `default` when absent; a value that is not one is reported and ignored.
pub(crate) fn number<T: FromStr + PartialEq + Default + fmt::Display>(env: &Env, name: &str, default: T) -> T {
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

    #[test]
    fn temperatures_are_numbers_from_zero_to_mistrals_limit() {
        assert_eq!(parse_temperature("0"), Some(0.0));
        assert_eq!(parse_temperature("0.7"), Some(0.7));
        for bad in ["-0.1", "1.6", "NaN", "inf", "warm"] {
            assert_eq!(parse_temperature(bad), None, "{bad}");
        }
    }

    #[test]
    fn extraction_and_judging_default_to_the_large_model() {
        assert_eq!(default_model(Task::Extract), DEFAULT_MODEL_LARGE);
        assert_eq!(default_model(Task::Judge), DEFAULT_MODEL_LARGE);
        assert_eq!(default_model(Task::Keywords), DEFAULT_MODEL_SMALL);
        let settings = TaskSettings(Vec::new());
        assert_eq!(settings.get(Task::Rewrite), TaskSetting { model: DEFAULT_MODEL_SMALL.into(), temperature: 0.5 });
    }
}
