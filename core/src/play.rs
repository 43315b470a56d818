//! The public playground: anyone types a keyword and gets a joke from one of the models the
//! curator published. This file holds its wire types and the rules that keep it affordable —
//! which models may answer, how long an answer may be, and the daily token budget. `POST
//! /api/play` takes a [`crate::api::GenerateRequest`] and answers a [`crate::api::GenerateResponse`].

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ErrorCode, ValidationError, validate_model_id};

/// Most models the playground offers at once.
pub const MAX_PLAY_MODELS: usize = 20;
/// Upper bound on `max_output_tokens`: a joke is short, and one answer must stay cheap.
pub const MAX_OUTPUT_TOKENS_LIMIT: u32 = 1_000;
/// `max_output_tokens` when the curator does not set it.
pub const DEFAULT_MAX_OUTPUT_TOKENS: u32 = 200;

/// `PUT /api/play/config` (curator), also its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlayConfig {
    /// Model ids the public may use, the first being the default. Empty closes the playground.
    pub models: Vec<String>,
    /// The `max_tokens` of every playground call.
    #[serde(default = "default_max_output_tokens")]
    pub max_output_tokens: u32,
}

fn default_max_output_tokens() -> u32 {
    DEFAULT_MAX_OUTPUT_TOKENS
}

/// `GET /api/play/config` (public): only what a player needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPlayConfig {
    pub models: Vec<String>,
}

impl PlayConfig {
    /// Trims the model ids, drops repeats (keeping the first) and checks the bounds.
    pub fn validate(self) -> Result<Self, ApiError> {
        if self.models.len() > MAX_PLAY_MODELS {
            return Err(ValidationError::new(
                "models",
                format!("lists {} models; the limit is {MAX_PLAY_MODELS}", self.models.len()),
            )
            .into());
        }
        let mut models: Vec<String> = Vec::new();
        for (i, model) in self.models.into_iter().enumerate() {
            let model = model.trim().to_owned();
            if model.is_empty() {
                return Err(ApiError::new(ErrorCode::BadRequest, format!("`models[{i}]` is empty; give a model id")));
            }
            let model = validate_model_id(model)
                .map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("`models[{i}]` {}", e.message)))?;
            if !models.contains(&model) {
                models.push(model);
            }
        }
        if !(1..=MAX_OUTPUT_TOKENS_LIMIT).contains(&self.max_output_tokens) {
            return Err(ValidationError::new(
                "max_output_tokens",
                format!("is {}; it must be from 1 to {MAX_OUTPUT_TOKENS_LIMIT}", self.max_output_tokens),
            )
            .into());
        }
        Ok(Self { models, max_output_tokens: self.max_output_tokens })
    }

    pub fn public(&self) -> PublicPlayConfig {
        PublicPlayConfig { models: self.models.clone() }
    }

    /// The model for a request: the one asked for if it is published, the first published one
    /// when none is asked for. `503` while nothing is published, `400` for any other model.
    pub fn choose_model(&self, requested: Option<&str>) -> Result<String, ApiError> {
        let Some(first) = self.models.first() else {
            return Err(ApiError::new(
                ErrorCode::NotConfigured,
                "the playground has no published models yet; a curator publishes them with PUT /api/play/config",
            ));
        };
        match requested {
            None => Ok(first.clone()),
            Some(model) if self.models.iter().any(|m| m == model) => Ok(model.to_owned()),
            Some(model) => Err(ApiError::new(
                ErrorCode::BadRequest,
                format!("the model {model:?} is not offered in the playground; use one of: {}", self.models.join(", ")),
            )),
        }
    }
}

/// Tokens set aside from the daily budget before a call, so concurrent calls cannot overrun it:
/// the whole answer (`max_output_tokens`) plus the prompt, estimated generously at one token per
/// two characters. The worker settles the reservation to the real usage afterwards.
pub fn reservation(prompt_chars: usize, max_output_tokens: u32) -> u64 {
    (prompt_chars as u64).div_ceil(2) + u64::from(max_output_tokens)
}

/// Seconds from `now_ms` (Unix milliseconds) to the next 00:00 UTC, at least 1.
pub fn seconds_until_next_utc_day(now_ms: u64) -> u64 {
    const DAY_MS: u64 = 86_400_000;
    (DAY_MS - now_ms % DAY_MS).div_ceil(1000).max(1)
}

/// The `429 budget_exhausted` error once today's `budget` is spent.
pub fn budget_exhausted(budget: u64, now_ms: u64) -> ApiError {
    let wait = seconds_until_next_utc_day(now_ms);
    ApiError::new(
        ErrorCode::BudgetExhausted,
        format!(
            "the public playground has used up today's budget of {budget} tokens; it resets at 00:00 UTC, \
             in {} h {} min, so try again then",
            wait / 3600,
            (wait % 3600).div_ceil(60).min(59)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn config(models: &[&str], max_output_tokens: u32) -> PlayConfig {
        PlayConfig { models: models.iter().map(|m| (*m).to_owned()).collect(), max_output_tokens }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn config_is_trimmed_deduplicated_and_bounded() {
        let ok = config(&[" mistral-small-latest ", "ft:open:abc", "mistral-small-latest"], 80).validate().unwrap();
        assert_eq!(ok, config(&["mistral-small-latest", "ft:open:abc"], 80));
        assert!(config(&[], 1).validate().is_ok(), "an empty list closes the playground");
        let too_many: Vec<String> = (0..=MAX_PLAY_MODELS).map(|i| format!("m{i}")).collect();
        let cases = [
            (PlayConfig { models: too_many, max_output_tokens: 10 }, "`models` lists 21 models"),
            (config(&["ok", " "], 10), "`models[1]` is empty"),
            (config(&["bad model"], 10), "`models[0]` contains ' '"),
            (config(&["m"], 0), "`max_output_tokens` is 0"),
            (config(&["m"], 1001), "`max_output_tokens` is 1001; it must be from 1 to 1000"),
        ];
        for (cfg, expected) in cases {
            let e = cfg.validate().unwrap_err();
            assert_eq!(e.status(), 400);
            assert!(e.message.starts_with(expected), "{} should start with {expected}", e.message);
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn max_output_tokens_has_a_default() {
        let cfg: PlayConfig = serde_json::from_str(r#"{"models":["m"]}"#).unwrap();
        assert_eq!(cfg.max_output_tokens, DEFAULT_MAX_OUTPUT_TOKENS);
        assert!(serde_json::from_str::<PlayConfig>(r#"{"models":["m"],"prompt":"x"}"#).is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn only_published_models_answer() {
        let cfg = config(&["a", "b"], 10);
        assert_eq!(cfg.choose_model(None).unwrap(), "a");
        assert_eq!(cfg.choose_model(Some("b")).unwrap(), "b");
        let e = cfg.choose_model(Some("c")).unwrap_err();
        assert_eq!(
            (e.status(), e.message.as_str()),
            (400, "the model \"c\" is not offered in the playground; use one of: a, b")
        );
        assert_eq!(config(&[], 10).choose_model(None).unwrap_err().code, ErrorCode::NotConfigured);
        assert_eq!(cfg.public(), PublicPlayConfig { models: vec!["a".into(), "b".into()] });
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn reservation_covers_the_prompt_and_the_whole_answer() {
        assert_eq!(reservation(301, 200), 151 + 200);
        assert_eq!(reservation(0, 1), 1);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn budget_resets_at_utc_midnight() {
        // 2026-04-01T23:30:00Z → 30 minutes left.
        let now = 1_775_086_200_000;
        assert_eq!(seconds_until_next_utc_day(now), 1800);
        assert_eq!(seconds_until_next_utc_day(now - now % 86_400_000), 86_400);
        let e = budget_exhausted(1000, now);
        assert_eq!(e.status(), 429);
        assert_eq!(e.code.to_string(), "budget_exhausted");
        assert!(e.message.contains("budget of 1000 tokens") && e.message.contains("in 0 h 30 min"), "{}", e.message);
    }
}
