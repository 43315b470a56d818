//! The `upstream_usage` ledger in D1 (binding `DB`): one row per UTC day and route, counting
//! successful upstream calls and their tokens. The daily budget reads it.

use tallas_core::api::TokenUsage;
use wasm_bindgen::JsValue;
use worker::{Env, Result, console_error};

use crate::config::Config;

const BINDING: &str = "DB";

/// `calls` and the token sums grow in one statement, so concurrent requests cannot lose counts.
const UPSERT: &str = "INSERT INTO upstream_usage (day, route, calls, prompt_tokens, completion_tokens) \
    VALUES (?1, ?2, 1, ?3, ?4) \
    ON CONFLICT (day, route) DO UPDATE SET \
    calls = calls + 1, \
    prompt_tokens = prompt_tokens + excluded.prompt_tokens, \
    completion_tokens = completion_tokens + excluded.completion_tokens";

/// Adds one successful call of `route` and its tokens to today's row.
pub async fn record(env: &Env, route: &str, usage: TokenUsage) -> Result<()> {
    let statement = env.d1(BINDING)?.prepare(UPSERT).bind(&[
        JsValue::from_str(&today()),
        JsValue::from_str(route),
        JsValue::from(usage.prompt_tokens),
        JsValue::from(usage.completion_tokens),
    ])?;
    let result = statement.run().await?;
    match result.success() {
        true => Ok(()),
        false => Err(result.error().unwrap_or_else(|| "D1 reported a failure without a message".into()).into()),
    }
}

/// Like `record`, but once the response has gone out when the fetch event allows it
/// (`wait_until`): the ledger is bookkeeping, and a caller should not wait for a D1 write. The
/// call is already paid for, so a failure is logged, not shown.
pub async fn record_after_response(config: &Config, env: &Env, route: &str, usage: TokenUsage) {
    match &config.event {
        Some(event) => {
            let (env, route) = (env.clone(), route.to_owned());
            event.wait_until(async move { record_or_log(&env, &route, usage).await });
        }
        None => record_or_log(env, route, usage).await,
    }
}

/// What a streamed answer of `route` does when it ends: its usage, if the upstream reported it,
/// goes into the ledger (a failure is logged: the answer is already out).
pub fn on_stream_end(env: &Env, route: &'static str) -> crate::stream::OnEnd {
    let env = env.clone();
    Box::new(move |used| {
        Box::pin(async move {
            if let Some(used) = used {
                record_or_log(&env, route, used).await;
            }
        })
    })
}

pub(crate) async fn record_or_log(env: &Env, route: &str, usage: TokenUsage) {
    if let Err(e) = record(env, route, usage).await {
        console_error!("could not record usage of {route} in D1: {e}");
    }
}

/// Today's UTC date as `YYYY-MM-DD`, the `day` key.
fn today() -> String {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    day_of(&iso).to_owned()
}

/// The date part of an ISO timestamp (`2026-04-01T12:00:00.000Z` → `2026-04-01`).
fn day_of(iso: &str) -> &str {
    iso.split('T').next().unwrap_or(iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_is_the_utc_date() {
        assert_eq!(day_of("2026-04-01T23:59:59.999Z"), "2026-04-01");
    }
}
