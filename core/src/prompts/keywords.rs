//! Joke → keywords: the words someone would type to ask for this joke, which the generation task
//! later receives as its only input.

use crate::mistral::{ChatMessage, Role};

/// Changes whenever the wording below changes.
pub const PROMPT_VERSION: &str = "keywords-v1";

pub const SYSTEM: &str = r#"Eres documentalista de un archivo de humor chileno. Te paso una talla de stand-up y respondes con sus palabras clave: de 1 a 10 palabras o frases cortas que digan de qué trata (personajes, lugares, situaciones, temas), como las escribiría alguien en Chile que pide un chiste sobre eso: "suegra", "micro", "asado", "Transantiago", "carrete".

Reglas:
- Cada palabra clave tiene de una a tres palabras, en español y en minúsculas salvo nombres propios.
- Sin repetir, ni siquiera con otras palabras para lo mismo: "suegra" y "la suegra" son una sola.
- La más central primero: la que mejor serviría para pedir justo esta talla.
- Solo temas que están en la talla; no agregues temas que no aparecen.

Responde solo con un objeto JSON, sin texto antes ni después:
{"keywords": ["...", "..."]}"#;

/// The chat messages that ask for the keywords of `joke`.
pub fn messages(joke: &str) -> Vec<ChatMessage> {
    let user = format!("Talla:\n<talla>\n{joke}\n</talla>");
    vec![ChatMessage::new(Role::System, SYSTEM), ChatMessage::new(Role::User, user)]
}
