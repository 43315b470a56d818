//! Upstreams beyond Mistral: any server speaking the same chat-completions API (vLLM, llama.cpp's
//! server, Ollama, a hosted provider) under a name of the curator's choosing. The worker reads them
//! from its `UPSTREAMS` var, a JSON list of `{"name", "base_url", "key_secret"}` (the name of the
//! worker secret holding that provider's key; none for a local server without one), so no key is
//! ever a var, and none reaches a browser. A provider that fine-tunes says in which dialect
//! (`"fine_tuning": "mistral" | "openai" | "together"`, see `fine_tuning::lifecycle::Dialect`); one
//! whose tuned models must be deployed before they chat (Nebius Token Factory) adds
//! `"deploy_lora": true`. `"tunable"` lists the base models the provider's fine-tuning page lists
//! (the only ones offered for tuning; an OpenAI-shaped or Together provider's API does not say),
//! and for Together `"serverless_lora"` those whose tuned adapters chat without a dedicated
//! endpoint.
//!
//! A model is addressed as `provider:model` (`local:talla-7b`); any other id is Mistral's, which
//! keeps Mistral's own ids working, colons and all (`ft:open-mistral-7b:…`).

use serde::{Deserialize, Serialize};

use crate::fine_tuning::lifecycle::Dialect;

/// The name Mistral goes by, which no other provider may take.
pub const MISTRAL: &str = "mistral";
/// Most providers a worker takes.
pub const MAX_PROVIDERS: usize = 16;

/// One provider as `UPSTREAMS` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSpec {
    pub name: String,
    /// Where `/v1/chat/completions` and `/v1/models` are found, without a trailing slash.
    pub base_url: String,
    #[serde(default)]
    pub key_secret: Option<String>,
    /// How its fine-tuning API speaks; `None`: it does not fine-tune.
    #[serde(default)]
    pub fine_tuning: Option<String>,
    /// Its tuned LoRA adapters chat only once deployed (`POST /v0/models`, Nebius Token Factory).
    #[serde(default)]
    pub deploy_lora: bool,
    /// The base models it tunes, by its own ids.
    #[serde(default)]
    pub tunable: Vec<String>,
    /// Of those, the ones whose tuned adapters it serves without a dedicated endpoint (Together).
    #[serde(default)]
    pub serverless_lora: Vec<String>,
}

/// One provider as the worker uses it: [`ProviderSpec`] checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderConfig {
    pub name: String,
    pub base_url: String,
    pub key_secret: Option<String>,
    pub fine_tuning: Option<Dialect>,
    pub deploy_lora: bool,
    pub tunable: Vec<String>,
    pub serverless_lora: Vec<String>,
}

/// Most base models one provider lists as tunable.
pub const MAX_TUNABLE: usize = 64;

/// `UPSTREAMS` read and checked: every problem names the entry and what to write instead.
pub fn parse(text: &str) -> Result<Vec<ProviderConfig>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let specs: Vec<ProviderSpec> = serde_json::from_str(text).map_err(|e| {
        format!("UPSTREAMS is not a JSON list of {{\"name\", \"base_url\", \"key_secret\"}} objects: {e}")
    })?;
    if specs.len() > MAX_PROVIDERS {
        return Err(format!("UPSTREAMS lists {} providers; the limit is {MAX_PROVIDERS}", specs.len()));
    }
    let mut checked: Vec<ProviderConfig> = Vec::with_capacity(specs.len());
    for (i, spec) in specs.into_iter().enumerate() {
        let name = spec.name.trim().to_owned();
        let named = |problem: String| format!("UPSTREAMS[{i}] ({name:?}) {problem}");
        if !is_name(&name) {
            return Err(named("needs a name of 1 to 32 lowercase letters, digits and -".into()));
        }
        if name == MISTRAL || checked.iter().any(|s| s.name == name) {
            return Err(named("takes a name already in use; give each provider its own".into()));
        }
        let base_url = spec.base_url.trim().trim_end_matches('/').to_owned();
        let host = base_url.strip_prefix("https://").or_else(|| base_url.strip_prefix("http://"));
        if host.is_none_or(str::is_empty) || base_url.chars().any(char::is_whitespace) {
            return Err(named(format!(
                "has base_url {:?}; give an http(s) URL such as https://host:8000",
                spec.base_url
            )));
        }
        let base_url = base_url.strip_suffix("/v1").unwrap_or(&base_url).to_owned();
        let key_secret = spec.key_secret.as_deref().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        if let Some(secret) = &key_secret
            && !secret.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(named(format!(
                "has key_secret {secret:?}; name the worker secret that holds the key (A-Z, 0-9, _), never the key"
            )));
        }
        let fine_tuning = match spec.fine_tuning.as_deref().map(str::trim) {
            None => None,
            Some(word) => Some(Dialect::named(word).ok_or_else(|| {
                named(format!(
                    "has fine_tuning {word:?}; write \"mistral\", \"openai\" or \"together\" (the shape of its \
                     fine-tuning API), or leave it out if the provider does not fine-tune"
                ))
            })?),
        };
        if spec.deploy_lora && fine_tuning != Some(Dialect::OpenAi) {
            return Err(named(
                "has deploy_lora without fine_tuning \"openai\"; only an OpenAI-shaped provider (Nebius Token \
                 Factory) deploys its tuned adapters"
                    .into(),
            ));
        }
        let (tunable, serverless_lora) = tunable(&spec, fine_tuning).map_err(named)?;
        checked.push(ProviderConfig {
            name,
            base_url,
            key_secret,
            fine_tuning,
            deploy_lora: spec.deploy_lora,
            tunable,
            serverless_lora,
        });
    }
    Ok(checked)
}

/// The entry's tunable bases and serverless-LoRA bases, checked against its dialect.
fn tunable(spec: &ProviderSpec, dialect: Option<Dialect>) -> Result<(Vec<String>, Vec<String>), String> {
    let clean = |ids: &[String]| -> Vec<String> { ids.iter().map(|id| id.trim().to_owned()).collect() };
    let (tunable, serverless) = (clean(&spec.tunable), clean(&spec.serverless_lora));
    if dialect.is_none() && !(tunable.is_empty() && serverless.is_empty()) {
        return Err("lists tunable models but has no fine_tuning; say which API tunes them".to_owned());
    }
    if tunable.len() > MAX_TUNABLE {
        return Err(format!("lists {} tunable models; the limit is {MAX_TUNABLE}", tunable.len()));
    }
    let plain = |id: &str| {
        !id.is_empty()
            && id.len() <= 120
            && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':'))
    };
    if let Some(bad) = tunable.iter().chain(&serverless).find(|id| !plain(id)) {
        return Err(format!("lists the model {bad:?}; give the provider's model ids as its API writes them"));
    }
    if !serverless.is_empty() && dialect != Some(Dialect::Together) {
        return Err(
            "has serverless_lora without fine_tuning \"together\"; only Together serves adapters that way".into()
        );
    }
    if let Some(stray) = serverless.iter().find(|id| !tunable.contains(id)) {
        return Err(format!("lists {stray:?} in serverless_lora but not in tunable; add it there too"));
    }
    Ok((tunable, serverless))
}

/// Whether `name` may name a provider: 1 to 32 lowercase letters, digits and `-`.
pub fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 32
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An id a provider issued (a model, a file, a fine-tuning job) as the worker's routes name it:
/// `provider:id`; Mistral's (`provider` `None`) as it is.
pub fn qualify(provider: Option<&str>, id: &str) -> String {
    match provider {
        Some(name) => format!("{name}:{id}"),
        None => id.to_owned(),
    }
}

/// Which provider serves `model`, and the id that provider knows it by: `Some((provider, id))`
/// when `model` starts with a known provider's name and a colon, `None` for Mistral's own ids.
pub fn route<'a, 'n>(model: &'a str, mut names: impl Iterator<Item = &'n str>) -> Option<(&'a str, &'a str)> {
    let (prefix, id) = model.split_once(':')?;
    names.any(|name| name == prefix).then_some((prefix, id)).filter(|(_, id)| !id.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn providers_are_read_and_checked() {
        let specs = parse(
            r#"[{"name":"local","base_url":"http://127.0.0.1:8000/v1/","key_secret":"LOCAL_KEY"},
                {"name":"ollama","base_url":"http://10.0.0.2:11434"}]"#,
        )
        .unwrap();
        assert_eq!(
            specs[0],
            ProviderConfig {
                name: "local".into(),
                base_url: "http://127.0.0.1:8000".into(),
                key_secret: Some("LOCAL_KEY".into()),
                fine_tuning: None,
                deploy_lora: false,
                tunable: vec![],
                serverless_lora: vec![],
            }
        );
        assert_eq!((specs[1].base_url.as_str(), specs[1].key_secret.as_deref()), ("http://10.0.0.2:11434", None));
        let tuning = parse(
            r#"[{"name":"together","base_url":"https://api.together.xyz","fine_tuning":"together"},
                {"name":"nebius","base_url":"https://api.tokenfactory.nebius.com","fine_tuning":"openai","deploy_lora":true}]"#,
        )
        .unwrap();
        assert_eq!(tuning[0].fine_tuning, Some(Dialect::Together));
        assert_eq!((tuning[1].fine_tuning, tuning[1].deploy_lora), (Some(Dialect::OpenAi), true));
        assert_eq!(parse("  "), Ok(Vec::new()));
        let cases = [
            ("{}", "UPSTREAMS is not a JSON list"),
            (r#"[{"name":"Local","base_url":"http://x"}]"#, "UPSTREAMS[0] (\"Local\") needs a name"),
            (r#"[{"name":"mistral","base_url":"http://x"}]"#, "UPSTREAMS[0] (\"mistral\") takes a name already in use"),
            (
                r#"[{"name":"a","base_url":"http://x"},{"name":"a","base_url":"http://y"}]"#,
                "UPSTREAMS[1] (\"a\") takes a name",
            ),
            (r#"[{"name":"a","base_url":"ftp://x"}]"#, "UPSTREAMS[0] (\"a\") has base_url \"ftp://x\""),
            (
                r#"[{"name":"a","base_url":"http://x","key_secret":"sk-123"}]"#,
                "UPSTREAMS[0] (\"a\") has key_secret \"sk-123\"; name the worker secret",
            ),
            (r#"[{"name":"a","base_url":"http://x","key":"k"}]"#, "UPSTREAMS is not a JSON list"),
            (
                r#"[{"name":"a","base_url":"http://x","fine_tuning":"openAI"}]"#,
                "UPSTREAMS[0] (\"a\") has fine_tuning \"openAI\"; write \"mistral\", \"openai\" or \"together\"",
            ),
            (
                r#"[{"name":"a","base_url":"http://x","fine_tuning":"together","deploy_lora":true}]"#,
                "UPSTREAMS[0] (\"a\") has deploy_lora without fine_tuning \"openai\"",
            ),
            (
                r#"[{"name":"a","base_url":"http://x","tunable":["m"]}]"#,
                "UPSTREAMS[0] (\"a\") lists tunable models but",
            ),
            (
                r#"[{"name":"a","base_url":"http://x","fine_tuning":"openai","tunable":["m"],"serverless_lora":["m"]}]"#,
                "UPSTREAMS[0] (\"a\") has serverless_lora without fine_tuning \"together\"",
            ),
            (
                r#"[{"name":"a","base_url":"http://x","fine_tuning":"together","tunable":["m"],"serverless_lora":["n"]}]"#,
                "UPSTREAMS[0] (\"a\") lists \"n\" in serverless_lora but not in tunable",
            ),
            (
                r#"[{"name":"a","base_url":"http://x","fine_tuning":"together","tunable":["a b"]}]"#,
                "UPSTREAMS[0] (\"a\") lists the model \"a b\"",
            ),
        ];
        for (text, expected) in cases {
            let error = parse(text).unwrap_err();
            assert!(error.starts_with(expected), "{text}: {error}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_model_names_its_provider_or_is_mistrals() {
        let names = ["local", "ollama"];
        assert_eq!(route("local:talla-7b", names.into_iter()), Some(("local", "talla-7b")));
        assert_eq!(route("ollama:llama3:8b", names.into_iter()), Some(("ollama", "llama3:8b")));
        assert_eq!(route("ft:open-mistral-7b:abc:123", names.into_iter()), None);
        assert_eq!(route("mistral-small-latest", names.into_iter()), None);
        assert_eq!(route("local:", names.into_iter()), None);
    }
}
