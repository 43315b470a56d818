//! Transcript window → the jokes in it. The original pipeline asked in English for a paraphrase;
//! this asks for the span as heard (so a joke can be found again in its source and nothing is
//! invented) next to a cleaned copy that keeps the comedian's Chilean words.

use crate::mistral::{ChatMessage, Role};

/// Changes whenever the wording below changes.
pub const PROMPT_VERSION: &str = "extract-v1";

pub const SYSTEM: &str = r#"Eres curador de un archivo de humor chileno. Te paso un tramo de la transcripción automática de una rutina de stand-up (subtítulos de YouTube o Whisper) y tú sacas las tallas que cuenta el comediante, tal como las dijo.

Qué cuenta como chiste: una talla completa, con la preparación que hace falta para entenderla y su remate. Las marcas [risas] o [aplausos] suelen venir justo después de un remate. No son chistes el saludo, la presentación, los agradecimientos, las canciones ni la conversa con el animador o con el público.

Reglas:
1. Sé fiel. En "raw_span" copia el pedazo de la transcripción tal cual aparece, con sus errores, desde donde empieza la preparación hasta el remate. No lo resumas, no lo completes y no juntes pedazos que no van seguidos.
2. En "text" escribe ese mismo chiste limpio para leerlo: arregla los errores evidentes de transcripción, las tildes y eñes perdidas ("mdico" → "médico", "fjate" → "fíjate", "ao" → "año"), la puntuación y las mayúsculas. Mantén las palabras del comediante, sus chilenismos y garabatos (po, cachai, weón, altiro, fome) y la primera persona. No lo expliques, no lo censures y no le agregues remate.
3. No inventes. Si un chiste queda cortado al principio o al final del tramo y no se entiende, déjalo fuera. Si en el tramo no hay ningún chiste, responde {"jokes": []}.
4. Un chiste por elemento, en el orden en que aparecen, sin repetir.
5. Las marcas [risas], [aplausos] y [música] no van en "text". Un garabato tapado por YouTube, [ __ ], queda como [ __ ]: no adivines cuál era.
6. "start_time_s": si las líneas traen marcas de tiempo, los segundos desde el inicio de la rutina en la línea donde empieza el chiste (por ejemplo, [1:02:05] son 3725). Si no traen marcas de tiempo, null: no lo calcules a ojo.

Responde solo con un objeto JSON, sin texto antes ni después:
{"jokes": [{"raw_span": "...", "text": "...", "start_time_s": 3725}]}"#;

/// The chat messages that ask for the jokes of one window. `start_s` and `end_s` are the window's
/// bounds in seconds from the start of the routine, when known.
pub fn messages(window_text: &str, routine_label: &str, start_s: Option<f64>, end_s: Option<f64>) -> Vec<ChatMessage> {
    let span = match (start_s.and_then(clock), end_s.and_then(clock)) {
        (Some(start), Some(end)) => format!("de {start} a {end} desde el inicio de la rutina"),
        (Some(start), None) => format!("empieza en {start} desde el inicio de la rutina"),
        _ => "sin tiempos conocidos".to_owned(),
    };
    let user = format!(
        "Rutina: {routine_label}\nTramo: {span}\n\nTranscripción del tramo:\n<transcripcion>\n{window_text}\n</transcripcion>"
    );
    vec![ChatMessage::new(Role::System, SYSTEM), ChatMessage::new(Role::User, user)]
}

/// `H:MM:SS`, the way the corpus writes timestamps; `None` for a time that is not one.
fn clock(seconds: f64) -> Option<String> {
    if !seconds.is_finite() || seconds < 0.0 {
        return None;
    }
    // Saturating conversion; whole seconds are precise enough to place a window.
    let whole = seconds as u64;
    Some(format!("{}:{:02}:{:02}", whole / 3600, whole / 60 % 60, whole % 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn writes_window_bounds_as_clock_times() {
        assert_eq!(clock(3725.9).as_deref(), Some("1:02:05"));
        assert_eq!(clock(-1.0), None);
        assert_eq!(clock(f64::NAN), None);
        let user = &messages("hola", "Rutina", None, Some(10.0))[1].content;
        assert!(user.contains("Tramo: sin tiempos conocidos"), "{user}");
    }
}
