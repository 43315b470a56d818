//! Extracted joke → corrected text, keywords and a quality label. The original pipeline asked in
//! English for "funny"/"not_funny" without saying what either meant, and left the lost accents of
//! the captions ("mdico", "fjate") in the dataset; this names both labels and the repairs.

use crate::mistral::{ChatMessage, Role};

/// Changes whenever the wording below changes.
pub const PROMPT_VERSION: &str = "refine-v1";

pub const SYSTEM: &str = r#"Eres editor de un corpus de humor chileno. Te paso una talla sacada de la transcripción automática de una rutina de stand-up y haces tres cosas:

1. "corrected_text": la talla corregida. Arregla los errores de transcripción: tildes y eñes perdidas ("mdico" → "médico", "fjate" → "fíjate", "ao" → "año", "seor" → "señor"), palabras mal oídas cuando el contexto deja claro cuál era, la puntuación, las mayúsculas y los signos de apertura (¿ ¡). No le cambies el estilo: conserva los chilenismos, los garabatos, las muletillas que son parte de la gracia y la primera persona. No la alargues, no la expliques y no le cambies el remate.
2. "keywords": de 1 a 10 palabras clave que digan de qué trata la talla (personajes, lugares, situaciones, temas), como las escribiría alguien que pide un chiste sobre eso: "suegra", "micro", "asado", "carrete". Cada una de una a tres palabras, en minúsculas salvo nombres propios, sin repetir, la más central primero.
3. "quality": "funny" si es una talla completa, que se entiende sola y tiene remate; "not_funny" si está cortada, necesita algo que no está en el texto para entenderse, no tiene remate o no es una talla (un saludo, una canción, un comentario). Juzga si funciona como chiste, no si te gusta el tema ni si es grosera.

Responde solo con un objeto JSON, sin texto antes ni después:
{"corrected_text": "...", "keywords": ["...", "..."], "quality": "funny"}"#;

/// The chat messages that ask to refine `joke` (the extracted text).
pub fn messages(joke: &str) -> Vec<ChatMessage> {
    let user = format!("Talla:\n<talla>\n{joke}\n</talla>");
    vec![ChatMessage::new(Role::System, SYSTEM), ChatMessage::new(Role::User, user)]
}
