//! The public playground: anyone types a keyword and gets a joke from one of the models the
//! curator published. This module holds its wire types and the rules that keep it affordable —
//! which models may answer (under the public names the curator chose), how long an answer may be,
//! and the daily token budget. `POST /api/play` takes a [`crate::api::GenerateRequest`] whose
//! `model` is a public name, and answers a [`crate::api::GenerateResponse`] or, streamed, the
//! player's own events ([`events`]).

pub mod arena;
pub mod events;

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ErrorCode, ValidationError, validate_model_id};

/// Most models the playground offers at once.
pub const MAX_PLAY_MODELS: usize = 20;
/// Upper bound on `max_output_tokens`: a joke is short, and one answer must stay cheap.
pub const MAX_OUTPUT_TOKENS_LIMIT: u32 = 1_000;
/// `max_output_tokens` when the curator does not set it.
pub const DEFAULT_MAX_OUTPUT_TOKENS: u32 = 200;
/// Most keyword suggestions a player is offered.
pub const MAX_SUGGESTIONS: usize = 50;

/// `PUT /api/play/config` (curator), also its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlayConfig {
    /// The models the public may use, the first being the default. Empty closes the playground.
    pub models: Vec<PlayModel>,
    /// The `max_tokens` of every playground call.
    #[serde(default = "default_max_output_tokens")]
    pub max_output_tokens: u32,
    /// Keywords offered to players as they type (say, the published dataset's), each by the
    /// keyword rules; none by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
}

fn default_max_output_tokens() -> u32 {
    DEFAULT_MAX_OUTPUT_TOKENS
}

/// A published model: its id as its upstream lists it, alone (the public sees the id), or with
/// the name the public sees instead, so ids and providers can stay unnamed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum PlayModel {
    Id(String),
    Named { id: String, name: String },
}

impl PlayModel {
    /// The id the upstream is asked with.
    pub fn id(&self) -> &str {
        match self {
            PlayModel::Id(id) | PlayModel::Named { id, .. } => id,
        }
    }

    /// What a player sees and asks for.
    pub fn public_name(&self) -> &str {
        match self {
            PlayModel::Id(id) => id,
            PlayModel::Named { name, .. } => name,
        }
    }
}

/// The model a playground request is answered by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenModel {
    pub id: String,
    pub public_name: String,
}

/// `GET /api/play/config` (public): only what a player needs, the models by their public names
/// and the keywords to suggest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPlayConfig {
    pub models: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
}

impl PlayConfig {
    /// Trims the model ids and names, drops repeated ids (keeping the first) and checks the
    /// bounds. Public names follow the model id rule, and no two models may share one (nor may a
    /// name be another model's id), so a player's choice always names exactly one model.
    pub fn validate(self) -> Result<Self, ApiError> {
        if self.models.len() > MAX_PLAY_MODELS {
            return Err(ValidationError::new(
                "models",
                format!("lists {} models; the limit is {MAX_PLAY_MODELS}", self.models.len()),
            )
            .into());
        }
        let mut models: Vec<PlayModel> = Vec::new();
        for (i, model) in self.models.into_iter().enumerate() {
            let model = match model {
                PlayModel::Id(id) => PlayModel::Id(checked_id(i, "", id)?),
                PlayModel::Named { id, name } => {
                    PlayModel::Named { id: checked_id(i, ".id", id)?, name: checked_id(i, ".name", name)? }
                }
            };
            if models.iter().any(|m| m.id() == model.id()) {
                continue;
            }
            let name = model.public_name();
            if let Some(other) = models.iter().find(|m| m.public_name() == name || m.id() == name) {
                return Err(ApiError::new(
                    ErrorCode::BadRequest,
                    format!(
                        "`models[{i}]` is shown as {name:?}, which already names {:?}; give each model a name of its own",
                        other.id()
                    ),
                ));
            }
            models.push(model);
        }
        let suggestions = suggestions(self.suggestions)?;
        if !(1..=MAX_OUTPUT_TOKENS_LIMIT).contains(&self.max_output_tokens) {
            return Err(ValidationError::new(
                "max_output_tokens",
                format!("is {}; it must be from 1 to {MAX_OUTPUT_TOKENS_LIMIT}", self.max_output_tokens),
            )
            .into());
        }
        Ok(Self { models, max_output_tokens: self.max_output_tokens, suggestions })
    }

    pub fn public(&self) -> PublicPlayConfig {
        PublicPlayConfig {
            models: self.models.iter().map(|m| m.public_name().to_owned()).collect(),
            suggestions: self.suggestions.clone(),
        }
    }

    /// The model for a request: the one whose public name is asked for, the first published one
    /// when none is asked for. `503` while nothing is published, `400` for any other name (a
    /// named model's id included: the public never learns it).
    pub fn choose_model(&self, requested: Option<&str>) -> Result<ChosenModel, ApiError> {
        let Some(first) = self.models.first() else {
            return Err(ApiError::new(
                ErrorCode::NotConfigured,
                "the playground has no published models yet; a curator publishes them with PUT /api/play/config",
            ));
        };
        let chosen = match requested {
            None => first,
            Some(name) => self.models.iter().find(|m| m.public_name() == name).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::BadRequest,
                    format!(
                        "the model {name:?} is not offered in the playground; use one of: {}",
                        self.public().models.join(", ")
                    ),
                )
            })?,
        };
        Ok(ChosenModel { id: chosen.id().to_owned(), public_name: chosen.public_name().to_owned() })
    }
}

/// The suggestions trimmed, blanks and repeats dropped, each a keyword by the keyword rules.
fn suggestions(raw: Vec<String>) -> Result<Vec<String>, ApiError> {
    let mut kept: Vec<String> = Vec::new();
    for (i, keyword) in raw.into_iter().enumerate() {
        if keyword.trim().is_empty() {
            continue;
        }
        let keyword = crate::api::GenerateRequest { keyword, model: None, stream: false }
            .validate()
            .map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("`suggestions[{i}]` {}", e.message)))?
            .keyword;
        if !kept.contains(&keyword) {
            kept.push(keyword);
        }
    }
    if kept.len() > MAX_SUGGESTIONS {
        return Err(ValidationError::new(
            "suggestions",
            format!("lists {} keywords; the limit is {MAX_SUGGESTIONS}", kept.len()),
        )
        .into());
    }
    Ok(kept)
}

/// A model id or public name of `models[i]` (`part` names which), trimmed and checked.
fn checked_id(i: usize, part: &str, value: String) -> Result<String, ApiError> {
    let value = value.trim().to_owned();
    if value.is_empty() {
        return Err(ApiError::new(ErrorCode::BadRequest, format!("`models[{i}]{part}` is empty; give a model id")));
    }
    validate_model_id(value)
        .map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("`models[{i}]{part}` {}", e.message)))
}

/// Most characters a streamed answer may reach before the worker cuts it: the answer's token cap
/// times a length no tokenizer's average token reaches in prose (about four characters in Spanish).
/// A model that honours `max_tokens` never meets it; one that ignores it is stopped here, so a
/// player's answer can never spend more than the tokens set aside for it.
pub fn answer_char_limit(max_output_tokens: u32) -> usize {
    const MOST_CHARS_PER_TOKEN: usize = 8;
    max_output_tokens as usize * MOST_CHARS_PER_TOKEN
}

/// The error that ends a streamed answer cut at [`answer_char_limit`].
pub fn answer_too_long(max_output_tokens: u32) -> ApiError {
    ApiError::new(
        ErrorCode::BudgetExhausted,
        format!(
            "the answer used up the {max_output_tokens} tokens set aside for it (its model did not stop in time), \
             so it ends here; ask again for another joke"
        ),
    )
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
        let models = models.iter().map(|m| PlayModel::Id((*m).to_owned())).collect();
        PlayConfig { models, max_output_tokens, suggestions: Vec::new() }
    }

    fn named(id: &str, name: &str) -> PlayModel {
        PlayModel::Named { id: id.into(), name: name.into() }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn config_is_trimmed_deduplicated_and_bounded() {
        let ok = config(&[" mistral-small-latest ", "ft:open:abc", "mistral-small-latest"], 80).validate().unwrap();
        assert_eq!(ok, config(&["mistral-small-latest", "ft:open:abc"], 80));
        assert!(config(&[], 1).validate().is_ok(), "an empty list closes the playground");
        let too_many: Vec<PlayModel> = (0..=MAX_PLAY_MODELS).map(|i| PlayModel::Id(format!("m{i}"))).collect();
        let cases = [
            (
                PlayConfig { models: too_many, max_output_tokens: 10, suggestions: Vec::new() },
                "`models` lists 21 models",
            ),
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
        assert_eq!(cfg.choose_model(None).unwrap().id, "a");
        assert_eq!(cfg.choose_model(Some("b")).unwrap().public_name, "b");
        let e = cfg.choose_model(Some("c")).unwrap_err();
        assert_eq!(
            (e.status(), e.message.as_str()),
            (400, "the model \"c\" is not offered in the playground; use one of: a, b")
        );
        assert_eq!(config(&[], 10).choose_model(None).unwrap_err().code, ErrorCode::NotConfigured);
        assert_eq!(cfg.public(), PublicPlayConfig { models: vec!["a".into(), "b".into()], suggestions: Vec::new() });
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn named_models_are_asked_for_and_shown_by_their_names_only() {
        let json = r#"{"models":["open-mistral-7b",{"id":" ft:open-mistral-7b:abc ","name":" talla-7b "}]}"#;
        let cfg = serde_json::from_str::<PlayConfig>(json).unwrap().validate().unwrap();
        assert_eq!(cfg.models, [PlayModel::Id("open-mistral-7b".into()), named("ft:open-mistral-7b:abc", "talla-7b")]);
        assert_eq!(cfg.public().models, ["open-mistral-7b", "talla-7b"]);
        let chosen = cfg.choose_model(Some("talla-7b")).unwrap();
        assert_eq!((chosen.id.as_str(), chosen.public_name.as_str()), ("ft:open-mistral-7b:abc", "talla-7b"));
        let hidden = cfg.choose_model(Some("ft:open-mistral-7b:abc")).unwrap_err();
        assert_eq!(
            hidden.message,
            "the model \"ft:open-mistral-7b:abc\" is not offered in the playground; use one of: open-mistral-7b, talla-7b"
        );
        let unknown = r#"{"models":[{"id":"a","name":"b","label":"c"}]}"#;
        assert!(
            serde_json::from_str::<PlayConfig>(unknown).is_err(),
            "a named model has an id and a name, nothing else"
        );
        // Stored and answered in the shape it was written in.
        assert_eq!(
            serde_json::to_string(&cfg).unwrap(),
            r#"{"models":["open-mistral-7b",{"id":"ft:open-mistral-7b:abc","name":"talla-7b"}],"max_output_tokens":200}"#
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_public_name_names_one_model() {
        let refused = |models: Vec<PlayModel>| {
            PlayConfig { models, max_output_tokens: 10, suggestions: Vec::new() }.validate().unwrap_err().message
        };
        assert_eq!(
            refused(vec![named("a", "x"), named("b", "x")]),
            "`models[1]` is shown as \"x\", which already names \"a\"; give each model a name of its own"
        );
        assert!(refused(vec![PlayModel::Id("a".into()), named("b", "a")]).starts_with("`models[1]` is shown as \"a\""));
        assert!(refused(vec![named("a", "b"), PlayModel::Id("b".into())]).starts_with("`models[1]` is shown as \"b\""));
        assert_eq!(refused(vec![named("a", " ")]), "`models[0].name` is empty; give a model id");
        assert!(refused(vec![named("a", "Talla 7B")]).starts_with("`models[0].name` contains ' '"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn suggestions_are_keywords_shown_to_players() {
        let json = r#"{"models":["m"],"suggestions":[" suegra ","","micro","suegra"]}"#;
        let cfg = serde_json::from_str::<PlayConfig>(json).unwrap().validate().unwrap();
        assert_eq!(cfg.suggestions, ["suegra", "micro"]);
        assert_eq!(cfg.public().suggestions, ["suegra", "micro"]);
        let long = PlayConfig { suggestions: vec!["x".repeat(61)], ..config(&["m"], 10) };
        assert_eq!(long.validate().unwrap_err().message, "`suggestions[0]` has 61 characters; the limit is 60");
        let many =
            PlayConfig { suggestions: (0..=MAX_SUGGESTIONS).map(|i| format!("k{i}")).collect(), ..config(&["m"], 10) };
        assert_eq!(many.validate().unwrap_err().message, "`suggestions` lists 51 keywords; the limit is 50");
        // None: the field stays out of what is stored and shown.
        assert_eq!(serde_json::to_string(&config(&["m"], 10).public()).unwrap(), r#"{"models":["m"]}"#);
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
