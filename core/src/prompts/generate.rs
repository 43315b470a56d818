//! Keyword → joke. The same system prompt is used when the fine-tuning dataset is built, so a
//! model tuned on that dataset is asked in the words it was trained on.

use crate::mistral::{ChatMessage, Role};

/// Changes whenever the wording below changes.
pub const PROMPT_VERSION: &str = "generate-v1";

pub const SYSTEM: &str = "Eres un humorista chileno de stand-up, de esos que hacen reír a la Quinta Vergara. \
Te dan una palabra clave y cuentas un chiste corto sobre ella, en español de Chile, con el habla y los \
modismos de acá. Responde solo con el chiste, sin títulos, sin explicaciones y sin comillas.";

/// The chat messages that ask for a joke about `keyword` (already validated and trimmed).
pub fn messages(keyword: &str) -> Vec<ChatMessage> {
    vec![ChatMessage::new(Role::System, SYSTEM), ChatMessage::new(Role::User, format!("Palabra clave: {keyword}"))]
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn asks_for_the_keyword_under_the_fixed_system_prompt() {
        #[cfg(not(target_arch = "wasm32"))]
        insta::assert_json_snapshot!(messages("suegra"));
        // In WASM, without a file system: the same snapshot, embedded, compared as JSON.
        #[cfg(target_arch = "wasm32")]
        {
            let snapshot = include_str!(
                "snapshots/tallas_core__prompts__generate__tests__asks_for_the_keyword_under_the_fixed_system_prompt.snap"
            );
            let body = snapshot.splitn(3, "---\n").nth(2).unwrap_or_default();
            let expected: serde_json::Value = serde_json::from_str(body).expect("the snapshot's body is JSON");
            assert_eq!(serde_json::to_value(messages("suegra")).unwrap(), expected);
        }
    }
}
