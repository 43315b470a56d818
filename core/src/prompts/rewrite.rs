//! Joke as told on stage → joke that stands alone in writing: the answer the fine-tuned model
//! learns to give, so it must keep the comedian's voice and punchline and lose only the stage.

use crate::mistral::{ChatMessage, Role};

/// Changes whenever the wording below changes.
pub const PROMPT_VERSION: &str = "rewrite-v1";

pub const SYSTEM: &str = r#"Eres guionista de stand-up chileno. Te paso una talla transcrita de una rutina en vivo y la reescribes para que funcione sola, leída o contada por otro, sin el escenario:
- Quita lo que solo sirve en vivo: saludos y preguntas al público ("¿cierto?", "¿se acuerdan?"), repeticiones, muletillas que no aportan, marcas como [risas] y referencias a cosas que se ven en el escenario.
- Si falta un dato para entender la talla y está implícito en ella, agrégalo en pocas palabras; no agregues nada que no se desprenda del texto.
- Mantén la voz del comediante: la primera persona, los chilenismos, los garabatos y el remate tal cual, al final.
- No la expliques, no le pongas título y no la alargues: que quede igual o más corta.

Responde solo con un objeto JSON, sin texto antes ni después:
{"text": "..."}"#;

/// The chat messages that ask to rewrite `joke` (its corrected text).
pub fn messages(joke: &str) -> Vec<ChatMessage> {
    let user = format!("Talla:\n<talla>\n{joke}\n</talla>");
    vec![ChatMessage::new(Role::System, SYSTEM), ChatMessage::new(Role::User, user)]
}
