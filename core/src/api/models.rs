//! Wire types of `GET /api/models` (the worker's `models.rs`): the models the upstreams serve
//! today, with what each can do, read from the upstream's answer and never passed on raw.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::fine_tuning::lifecycle::Dialect;
use crate::providers::ProviderConfig;

/// One entry of `GET /api/models`: a model the upstream serves today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelInfo {
    pub id: String,
    pub capabilities: ModelCapabilities,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub max_context_length: Option<u64>,
    /// `base` or `fine-tuned`, as the upstream says.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// For a fine-tuned model, the model it was tuned from.
    #[serde(default)]
    pub fine_tuned_from: Option<String>,
    /// When the upstream retires it, if announced (an ISO 8601 date).
    #[serde(default)]
    pub deprecation: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub archived: bool,
    /// The provider of `UPSTREAMS` serving it (its id then starts with `provider:`); absent for
    /// Mistral's own models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// How a base model that can be fine-tuned is tuned there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuning: Option<Tuning>,
}

/// How a base model is fine-tuned where it is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tuning {
    /// The provider's fine-tuning API, which decides the hyperparameters it takes.
    pub dialect: Dialect,
    /// Whether its tuned model chats once the job is done; `false`: the provider serves it only
    /// from a dedicated endpoint the curator starts first.
    pub serverless: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelCapabilities {
    /// Chat completions: usable by the task endpoints and `/api/generate`.
    pub completion: bool,
    /// Usable as the base `model` of `POST /api/fine-tunes`.
    pub fine_tuning: bool,
}

/// A card of Mistral's `GET /v1/models`, read leniently: only what the API passes on.
#[derive(Debug, Deserialize)]
struct UpstreamModel {
    id: String,
    #[serde(default)]
    capabilities: Option<UpstreamCapabilities>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    max_context_length: Option<u64>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    root: Option<String>,
    #[serde(default)]
    deprecation: Option<Value>,
    #[serde(default)]
    aliases: Option<Vec<String>>,
    #[serde(default)]
    archived: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
struct UpstreamCapabilities {
    #[serde(default)]
    completion_chat: bool,
    #[serde(default)]
    fine_tuning: bool,
}

impl ModelInfo {
    /// The models of a `GET /v1/models` body (`{"data": [...]}`), in the upstream's order, each id
    /// once. An error names what was wrong with the body, never its content.
    pub fn from_upstream(body: &str) -> Result<Vec<ModelInfo>, String> {
        let mut models = Self::listed(body, None)?;
        for model in models.iter_mut().filter(|m| m.capabilities.fine_tuning) {
            model.tuning = Some(Tuning { dialect: Dialect::Mistral, serverless: true });
        }
        Ok(models)
    }

    /// The models of another provider's `GET /v1/models` (`tallas_core::providers`), ids prefixed
    /// with `provider:` as the worker's routes take them. Servers of the OpenAI shape (vLLM,
    /// llama.cpp, Ollama) list chat models without capabilities: those count as chat models. What
    /// it tunes is what its entry says: with Mistral's dialect the models' own capabilities, with
    /// another the entry's `tunable` list (added when its model list leaves them out, as tuning
    /// bases often are not chat models).
    pub fn from_provider(body: &str, provider: &ProviderConfig) -> Result<Vec<ModelInfo>, String> {
        let mut models = Self::listed(body, Some(&provider.name))?;
        let Some(dialect) = provider.fine_tuning else {
            models.iter_mut().for_each(|m| m.capabilities.fine_tuning = false);
            return Ok(models);
        };
        if dialect != Dialect::Mistral {
            let tunable =
                |m: &ModelInfo| provider.tunable.iter().any(|t| m.id.split_once(':').map(|(_, id)| id) == Some(t));
            models.iter_mut().for_each(|m| m.capabilities.fine_tuning = tunable(m));
            for id in &provider.tunable {
                let qualified = format!("{}:{id}", provider.name);
                if !models.iter().any(|m| m.id == qualified) {
                    models.push(ModelInfo::tuning_base(qualified, &provider.name));
                }
            }
        }
        for model in models.iter_mut().filter(|m| m.capabilities.fine_tuning) {
            let id = model.id.split_once(':').map_or("", |(_, id)| id);
            let serverless = dialect != Dialect::Together || provider.serverless_lora.iter().any(|s| s == id);
            model.tuning = Some(Tuning { dialect, serverless });
        }
        Ok(models)
    }

    /// A base model a provider tunes but does not list for chat.
    fn tuning_base(id: String, provider: &str) -> Self {
        ModelInfo {
            id,
            capabilities: ModelCapabilities { completion: false, fine_tuning: true },
            name: None,
            description: None,
            max_context_length: None,
            kind: Some("base".to_owned()),
            fine_tuned_from: None,
            deprecation: None,
            aliases: Vec::new(),
            archived: false,
            provider: Some(provider.to_owned()),
            tuning: None,
        }
    }

    fn listed(body: &str, provider: Option<&str>) -> Result<Vec<ModelInfo>, String> {
        let list: UpstreamList<UpstreamModel> =
            serde_json::from_str(body).map_err(|e| format!("the model list is not the JSON expected: {e}"))?;
        let mut models: Vec<ModelInfo> = Vec::with_capacity(list.data.len());
        for card in list.data {
            let id = match provider {
                Some(name) => format!("{name}:{}", card.id),
                None => card.id,
            };
            if models.iter().any(|m| m.id == id) {
                continue;
            }
            let capabilities = match (card.capabilities, provider) {
                (Some(c), _) => ModelCapabilities { completion: c.completion_chat, fine_tuning: c.fine_tuning },
                (None, Some(_)) => ModelCapabilities { completion: true, fine_tuning: false },
                (None, None) => ModelCapabilities { completion: false, fine_tuning: false },
            };
            models.push(ModelInfo {
                capabilities,
                name: card.name,
                description: card.description,
                max_context_length: card.max_context_length,
                kind: card.kind,
                fine_tuned_from: card.root,
                deprecation: card.deprecation.and_then(|d| d.as_str().map(str::to_owned)),
                aliases: card.aliases.unwrap_or_default(),
                archived: card.archived.unwrap_or(false),
                id,
                provider: provider.map(str::to_owned),
                tuning: None,
            });
        }
        Ok(models)
    }
}

/// The list envelope of Mistral's list endpoints: `{"object": "list", "data": [...], "total": n}`.
#[derive(Debug, Deserialize)]
pub struct UpstreamList<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default)]
    pub total: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn models_map_the_upstream_capabilities_and_drop_duplicates() {
        let body = r#"{"object":"list","data":[
            {"id":"mistral-small-latest","object":"model","capabilities":{"completion_chat":true,"fine_tuning":true},
             "max_context_length":131072,"type":"base","deprecation":null,"aliases":["mistral-small-2506"]},
            {"id":"ft:mistral-small-latest:x:1","capabilities":{"completion_chat":true},"root":"mistral-small-latest",
             "type":"fine-tuned","archived":false,"deprecation":"2026-01-01T00:00:00Z"},
            {"id":"mistral-small-latest","capabilities":{}},
            {"id":"mistral-embed","capabilities":{"completion_chat":false}}]}"#;
        let models = ModelInfo::from_upstream(body).expect("parses");
        let ids: Vec<&str> = models.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["mistral-small-latest", "ft:mistral-small-latest:x:1", "mistral-embed"]);
        assert_eq!(models[0].capabilities, ModelCapabilities { completion: true, fine_tuning: true });
        assert_eq!(models[0].aliases, ["mistral-small-2506"]);
        assert_eq!(models[1].fine_tuned_from.as_deref(), Some("mistral-small-latest"));
        assert_eq!(models[1].deprecation.as_deref(), Some("2026-01-01T00:00:00Z"));
        assert!(!models[2].capabilities.completion);
        let json = serde_json::to_value(&models[0]).unwrap();
        assert_eq!(json["type"], "base");
        assert!(ModelInfo::from_upstream("<html>").unwrap_err().starts_with("the model list is not the JSON expected"));
    }
    #[wasm_bindgen_test(unsupported = test)]
    fn another_providers_models_are_prefixed_and_chat_capable() {
        let body = r#"{"object":"list","data":[{"id":"talla-7b","object":"model","owned_by":"vllm"},
            {"id":"llama3:8b","capabilities":{"completion_chat":false}}]}"#;
        let models = ModelInfo::from_provider(body, &provider("local", None, &[], &[])).unwrap();
        assert_eq!(models.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["local:talla-7b", "local:llama3:8b"]);
        assert_eq!(models[0].capabilities, ModelCapabilities { completion: true, fine_tuning: false });
        assert!(!models[1].capabilities.completion, "a provider that says what a model can do is believed");
        assert_eq!(models[0].provider.as_deref(), Some("local"));
        assert_eq!(ModelInfo::from_upstream(body).unwrap()[0].provider, None);
    }

    fn provider(name: &str, dialect: Option<Dialect>, tunable: &[&str], serverless: &[&str]) -> ProviderConfig {
        ProviderConfig {
            name: name.into(),
            base_url: "http://x".into(),
            key_secret: None,
            fine_tuning: dialect,
            deploy_lora: false,
            tunable: tunable.iter().map(|s| s.to_string()).collect(),
            serverless_lora: serverless.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_provider_tunes_only_what_its_entry_lists_and_says_how() {
        let body = r#"{"data":[{"id":"meta-llama/Llama-3.1-8B-Instruct-Turbo"},{"id":"Qwen/Qwen2.5-7B-Instruct"}]}"#;
        let together = provider(
            "together",
            Some(Dialect::Together),
            &["Qwen/Qwen2.5-7B-Instruct", "meta-llama/Llama-3.1-8B-Reference"],
            &["Qwen/Qwen2.5-7B-Instruct"],
        );
        let models = ModelInfo::from_provider(body, &together).unwrap();
        let tuned: Vec<_> =
            models.iter().filter(|m| m.capabilities.fine_tuning).map(|m| (m.id.as_str(), m.tuning)).collect();
        assert_eq!(
            tuned,
            [
                ("together:Qwen/Qwen2.5-7B-Instruct", Some(Tuning { dialect: Dialect::Together, serverless: true })),
                (
                    "together:meta-llama/Llama-3.1-8B-Reference",
                    Some(Tuning { dialect: Dialect::Together, serverless: false })
                ),
            ]
        );
        assert!(!models[2].capabilities.completion, "a tuning base it does not list is not offered for chat");
        let mistral_shaped = r#"{"data":[{"id":"m","capabilities":{"completion_chat":true,"fine_tuning":true}}]}"#;
        let listed =
            ModelInfo::from_provider(mistral_shaped, &provider("gpu", Some(Dialect::Mistral), &[], &[])).unwrap();
        assert_eq!(listed[0].tuning, Some(Tuning { dialect: Dialect::Mistral, serverless: true }));
        let chat_only = ModelInfo::from_provider(mistral_shaped, &provider("gpu", None, &[], &[])).unwrap();
        assert!(
            !chat_only[0].capabilities.fine_tuning && chat_only[0].tuning.is_none(),
            "without fine_tuning it tunes nothing"
        );
        let mistral = ModelInfo::from_upstream(mistral_shaped).unwrap();
        assert_eq!(mistral[0].tuning.map(|t| t.dialect), Some(Dialect::Mistral));
    }
}
