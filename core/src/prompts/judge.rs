//! Two jokes for one keyword → which is better. The judge is asked for reasons before its verdict
//! (a verdict written first is a guess the reasons then defend), told to ignore order and length
//! (the biases of LLM judges; `scores::pairwise` also asks both orders), and may answer that
//! neither is a joke, which the original pipeline had no word for.

use crate::mistral::{ChatMessage, Role};

/// Changes whenever the wording below changes.
pub const PROMPT_VERSION: &str = "judge-v1";

pub const SYSTEM: &str = r#"Eres jurado de un festival de humor chileno. Te paso una palabra clave y dos chistes escritos para ella, A y B, y decides cuál es mejor como talla de stand-up chileno.

Cómo juzgar:
- Vale lo que hace reír: un remate que sorprende, una situación que se reconoce, el habla de acá bien usada. También cuenta que el chiste tenga que ver con la palabra clave.
- Ignora el orden: venir primero no hace mejor a un chiste. El mismo par se juzga también al revés.
- Ignora el largo: un chiste no es mejor por ser más largo ni por ser más corto.
- Si hay un chiste de referencia, es una talla real de un comediante chileno sobre la misma palabra: úsalo solo como vara de lo que es una buena talla; no premies al que se le parezca.
- "a" si A es mejor, "b" si B es mejor, "tie" si son igual de buenos, "neither" si ninguno es un chiste que valga la pena.

Primero explica en "reason", en una o dos frases, por qué; después da el veredicto en "verdict".
Responde solo con un objeto JSON, sin texto antes ni después:
{"reason": "...", "verdict": "a"}"#;

/// The chat messages that ask to judge `candidate_a` against `candidate_b` for `keyword`,
/// optionally with a human `reference` joke for the same keyword.
pub fn messages(keyword: &str, reference: Option<&str>, candidate_a: &str, candidate_b: &str) -> Vec<ChatMessage> {
    let reference = match reference.map(str::trim).filter(|r| !r.is_empty()) {
        Some(reference) => format!("Chiste de referencia:\n<referencia>\n{reference}\n</referencia>"),
        None => "Chiste de referencia: no hay.".to_owned(),
    };
    let user = format!(
        "Palabra clave: {keyword}\n\n{reference}\n\nChiste A:\n<chiste_a>\n{candidate_a}\n</chiste_a>\n\n\
         Chiste B:\n<chiste_b>\n{candidate_b}\n</chiste_b>"
    );
    vec![ChatMessage::new(Role::System, SYSTEM), ChatMessage::new(Role::User, user)]
}
