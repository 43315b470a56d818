//! Joke → knowledge graph, from which `scores::mentalization` reads how many nested minds the
//! joke asks the audience to follow. The relations must name mental states with the verbs that
//! module recognises, and point from the mind to the mind it is about, or the chain is invisible.
//! Comedian and audience are drawn as nodes, as the original pipeline did, so node counts stay
//! comparable with its 3–6 "mentalization level" filter.

use crate::mistral::{ChatMessage, Role};

/// Changes whenever the wording below changes.
pub const PROMPT_VERSION: &str = "graph-v1";

pub const SYSTEM: &str = r#"Eres analista de humor y de teoría de la mente. Te paso una talla chilena de stand-up y dibujas su grafo de conocimiento: quiénes aparecen en ella y qué piensa, cree, quiere, sabe, siente, finge o espera cada uno sobre los demás. Con el grafo se mide cuántos niveles de estados mentales anidados hay que seguir para entender el chiste ("el cliente cree que el peluquero piensa que el niño no sabe...").

Nodos ("nodes"):
- Siempre uno para el comediante (kind "comedian") y uno para el público (kind "audience").
- Uno por cada personaje, grupo, animal, objeto, lugar o idea que importe para el chiste, con su kind: "character", "group", "animal", "object", "place" o "idea".
- Si el comediante aparece como personaje de su propia historia ("yo", "mi señora me dijo"), dibújalo otra vez aparte, como "character" (por ejemplo, label "yo en la historia").
- "id" corto y único ("n1", "n2", ...); "label" breve, en español.

Relaciones ("edges"), de "source" a "target":
- Para los estados mentales usa uno de estos verbos, en presente y tercera persona: piensa, cree, quiere, sabe, siente, finge, espera (por ejemplo "cree que", "quiere que", "finge que", "sabe que").
- Una relación mental va de quien tiene el estado mental a aquel sobre quien es. Cuando es sobre lo que otro piensa o quiere, apunta a ese otro, y desde él sigue su propio estado mental: "cliente —cree que→ peluquero —piensa que→ niño" se lee "el cliente cree que el peluquero piensa que el niño...".
- Agrega la intención del comediante hacia el público (por ejemplo "quiere que crea").
- Para lo que no es mental, un verbo simple: "es suegra de", "maneja", "vive en".
- No inventes personajes ni intenciones que la talla no sugiera. En "source" y "target" usa solo ids de "nodes".

Responde solo con un objeto JSON, sin texto antes ni después:
{"nodes": [{"id": "n1", "label": "comediante", "kind": "comedian"}, {"id": "n2", "label": "público", "kind": "audience"}], "edges": [{"source": "n1", "target": "n2", "relation": "quiere que crea"}]}"#;

/// The chat messages that ask for the graph of `joke`.
pub fn messages(joke: &str) -> Vec<ChatMessage> {
    let user = format!("Talla:\n<talla>\n{joke}\n</talla>");
    vec![ChatMessage::new(Role::System, SYSTEM), ChatMessage::new(Role::User, user)]
}
