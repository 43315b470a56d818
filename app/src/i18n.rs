//! The UI's words, in Spanish (the default and, for now, only language). Kept in one place so a
//! second language can replace this module without touching the components. Error messages
//! live with their error enums (`api::ClientError`, `store::StoreError`).

/// Locale for dates and numbers.
pub const LOCALE: &str = "es-CL";

pub const APP_NAME: &str = "Tallas";
pub const SKIP_TO_CONTENT: &str = "Saltar al contenido";
pub const NAV_LABEL: &str = "Secciones";
pub const COMING_SOON: &str = "Esta sección llega en una próxima versión.";

/// A section of the app: where it lives, its name and what it will do, in one sentence.
pub struct Area {
    pub path: &'static str,
    pub label: &'static str,
    pub summary: &'static str,
}

pub const IMPORT: Area = Area {
    path: "/import",
    label: "Importar",
    summary: "Aquí subirás transcripciones de rutinas para repararlas, separarlas en segmentos y extraer sus tallas.",
};
pub const RUNS: Area = Area {
    path: "/runs",
    label: "Procesar",
    summary: "Extrae tallas de las transcripciones con Mistral y luego refínalas, ponles palabras clave, dibuja su grafo o reescríbelas. \
              Las corridas siguen donde quedaron si cierras la pestaña.",
};
pub const JOKES: Area = Area {
    path: "/jokes",
    label: "Tallas",
    summary: "Aquí revisarás cada talla con su origen, sus versiones, sus etiquetas y los votos que reciba.",
};
pub const VOTE: Area = Area {
    path: "/vote",
    label: "Votar",
    summary: "Aquí cualquiera con el enlace podrá votar «Buena talla», «Fome» o «Paso» desde el teléfono.",
};
pub const DATASET: Area = Area {
    path: "/dataset",
    label: "Dataset",
    summary: "Aquí armarás un dataset congelado con sus reglas de selección, semilla, división y reporte de validación.",
};
pub const FINE_TUNE: Area = Area {
    path: "/fine-tune",
    label: "Ajuste fino",
    summary: "Aquí subirás un dataset a Mistral y seguirás el ajuste fino hasta tener un modelo propio.",
};
pub const EVALUATE: Area = Area {
    path: "/evaluate",
    label: "Evaluar",
    summary: "Aquí compararás modelos con un juez sobre las palabras clave de validación, con tasa de victorias e intervalos.",
};
pub const PLAYGROUND: Area = Area {
    path: "/playground",
    label: "Playground",
    summary: "Escribe una palabra clave y el modelo te cuenta una talla.",
};

/// The navigation, in the order of the work: from transcripts to a model people can play with.
pub const AREAS: [&Area; 9] = [&IMPORT, &RUNS, &JOKES, &VOTE, &DATASET, &FINE_TUNE, &EVALUATE, &PLAYGROUND, &SETTINGS];

pub const VOTE_FOR: &str = "Talla";

pub const UPSTREAM_CHECKING: &str = "Comprobando…";
pub const UPSTREAM_CHECKING_HINT: &str = "Consultando /api/health.";
pub const UPSTREAM_OK: &str = "Mistral: conectado";
pub const UPSTREAM_NO_KEY: &str = "Sin clave de Mistral";
pub const UPSTREAM_NO_KEY_HINT: &str =
    "Para activarlo, pon MISTRAL_API_KEY en proxy-worker/.dev.vars y reinicia `make dev`.";
pub const UPSTREAM_DOWN: &str = "Worker no disponible";
pub const UPSTREAM_RECHECK: &str = "Pulsa para comprobar de nuevo.";

pub const KEYWORD_LABEL: &str = "Palabra clave";
pub const KEYWORD_PLACEHOLDER: &str = "completo, micro, asado…";
pub const KEYWORD_HINT: &str = "Una palabra o una frase corta.";
pub const TELL_JOKE: &str = "Contar una talla";
pub const TELLING: &str = "Contando…";
pub const LATEST_JOKE: &str = "Tu talla";
pub const CURATOR_TOKEN_LABEL: &str = "Token de curador";
pub const CURATOR_TOKEN_HINT: &str = "Está en proxy-worker/.dev.vars (CURATOR_TOKEN) o en los secretos del worker. \
Se guarda solo en este navegador.";
pub const CURATOR_TOKEN_SAVE: &str = "Guardar token";
pub const CURATOR_TOKEN_SAVED: &str = "Token guardado. Vuelve a intentarlo.";
pub const NOT_SAVED: &str = "La talla no quedó en el historial:";
pub const HISTORY: &str = "Historial";
pub const HISTORY_LOADING: &str = "Cargando el historial…";
pub const HISTORY_EMPTY: &str =
    "Aún no hay tallas. Escribe una palabra clave y pide la primera; quedará guardada en este navegador.";
pub const TOKENS: &str = "tokens";

pub const NOT_FOUND_TITLE: &str = "Página no encontrada";
pub const NOT_FOUND_TEXT: &str = "Esta dirección no existe en Tallas.";
pub const NOT_FOUND_LINK: &str = "Ir al Playground";

pub const IMPORT_DROP: &str = "Arrastra aquí transcripciones o tablas, o elige archivos";
pub const IMPORT_FORMATS: &str = "JSONL de segmentos, JSON de youtube-transcript-api, json3 de YouTube, SRT, WebVTT, \
texto plano (una línea por frase, con [H:]MM:SS opcional) y las tablas CSV de tallas, rutinas, comediantes y shows. \
Puedes elegir muchos a la vez.";
pub const IMPORT_LENIENT: &str = "Conservar las filas válidas de un archivo con errores";
pub const IMPORT_LENIENT_HINT: &str =
    "Si no, un archivo con alguna fila mala se rechaza entero y puedes corregirlo y volver a importarlo.";
pub const IMPORTING: &str = "Importando…";
pub const IMPORT_RESULTS: &str = "Resultado";
pub const IMPORT_REJECTED: &str = "Rechazado";
pub const IMPORT_NOT_SAVED: &str = "Nada quedó guardado:";
pub const IMPORT_SEE_JOKES: &str = "Ver las tallas";
pub const WORKSPACE_TITLE: &str = "En este navegador";
pub const WORKSPACE_LOADING: &str = "Contando lo importado…";
pub const WORKSPACE_EMPTY: &str =
    "Aún no hay nada importado. Arrastra la carpeta de transcripciones y las tablas del corpus para empezar.";
pub const SHOWN_WARNINGS: usize = 50;

pub const JOKES_LOADING: &str = "Cargando las tallas…";
pub const JOKES_EMPTY: &str =
    "Aún no hay tallas en este navegador. Importa una tabla de tallas (o transcripciones) para empezar.";
pub const SEARCH_LABEL: &str = "Buscar tallas";
pub const SEARCH_PLACEHOLDER: &str = "Buscar (sin importar tildes ni mayúsculas) — tecla /";
pub const LABEL_FILTER: &str = "Etiqueta";
pub const LABEL_THIS: &str = "Etiquetar esta talla";
pub const ROUTINE_FILTER: &str = "Rutina";
pub const LLM_LABEL_FILTER: &str = "Según el modelo";
pub const COMEDIAN_FILTER: &str = "Comediante";
pub const YEAR_FILTER: &str = "Año";
pub const DEPTH_FILTER: &str = "Mentalización";
pub const SORT: &str = "Orden";
pub const ERRORS_FILTER: &str = "Solo con errores del pipeline";
pub const DUPLICATES_FILTER: &str = "Solo casi-duplicados";
pub const DUPLICATES_FINDING: &str = "Buscando casi-duplicados…";
pub const DUPLICATES: &str = "Casi-duplicados";
pub const MERGE_HERE: &str = "Fusionarlos en esta";
pub const MERGED_HERE: &str = "Fusionadas en esta";
pub const UNMERGE: &str = "Separar";
pub const KEYWORDS_PLACEHOLDER: &str = "separadas por comas";
pub const AGREEMENT: &str = "acuerdo modelo–curador";
pub const MODEL_RESULTS: &str = "Lo que dijeron los modelos";
pub const KEYWORDS: &str = "Palabras clave";
pub const GRAPH_HINT: &str = "la cadena más larga de estados mentales va resaltada";
pub const SORT_TOLD: &str = "Como se contaron";
pub const SORT_DEEPEST: &str = "Más mentalización primero";
pub const SORT_SHORTEST: &str = "Más cortas primero";
pub const SORT_LONGEST: &str = "Más largas primero";
pub const FILTER_ANY: &str = "Todas";
pub const FILTER_UNLABELLED: &str = "Sin etiqueta";
pub const FILTER_ANY_ROUTINE: &str = "Todas las rutinas";
pub const FUNNY: &str = "Buena talla";
pub const NOT_FUNNY: &str = "Fome";
pub const UNLABELLED: &str = "Sin etiqueta";
pub const CLEAR_LABEL: &str = "Quitar etiqueta";
pub const BULK_LABEL: &str = "Etiquetar todas las filtradas:";
pub const UNDO: &str = "Deshacer";
pub const REDO: &str = "Rehacer";
pub const SHORTCUTS: &str = "Atajos (?)";
pub const SHORTCUTS_TITLE: &str = "Atajos de teclado";
pub const CLOSE: &str = "Cerrar";
pub const NO_MATCHES: &str = "Ninguna talla cumple la búsqueda y los filtros. Cambia la búsqueda o elige «Todas».";
pub const CHANGE_NOT_SAVED: &str = "El cambio no se guardó y la lista se recargó:";
pub const EMPTY_EDIT: &str = "Una talla no puede quedar vacía: escribe su texto o cancela con Esc.";
pub const EDIT: &str = "Editar (e)";
pub const SAVE: &str = "Guardar";
pub const CANCEL: &str = "Cancelar";
pub const VERSIONS: &str = "Versiones";
pub const LABEL_HISTORY: &str = "Historial de etiquetas";
pub const NO_LABEL_HISTORY: &str = "Sin etiquetas todavía.";
pub const WATCH_VIDEO: &str = "Ver en YouTube en ese momento";

pub const SETTINGS: Area = Area {
    path: "/settings",
    label: "Ajustes",
    summary: "El token de curador, el espacio que el navegador le da a Tallas y el respaldo de todo tu trabajo en un archivo.",
};
pub const STORAGE_TITLE: &str = "Almacenamiento";
pub const STORAGE_LOADING: &str = "Consultando el almacenamiento…";
pub const STORAGE_UNKNOWN: &str = "Este navegador no informa cuánto espacio usa Tallas.";
pub const STORAGE_PERSISTED: &str = "Persistente: el navegador no borrará estos datos para liberar espacio.";
pub const STORAGE_NOT_PERSISTED: &str = "No persistente: si al disco le falta espacio, el navegador podría borrar estos datos. Exporta un respaldo de vez en cuando.";
pub const STORAGE_PERSIST: &str = "Pedir almacenamiento persistente";
pub const STORAGE_GRANTED: &str = "Listo: el navegador conservará los datos de Tallas.";
pub const STORAGE_REFUSED: &str =
    "El navegador no lo concedió (suele concederlo a sitios que marcas como favoritos o instalas). Exporta respaldos.";
pub const BACKUP_TITLE: &str = "Respaldo";
pub const BACKUP_HINT: &str = "Un archivo con rutinas, tallas, etiquetas con su historial, catálogo y el historial del \
playground. Restaurarlo en otro navegador deja todo igual.";
pub const EXPORT: &str = "Exportar todo";
pub const EXPORTED: &str = "Respaldo descargado:";
pub const RESTORE: &str = "Restaurar desde un archivo…";
pub const RESTORE_HOLDS: &str = "El respaldo tiene";
pub const RESTORE_REPLACES: &str = "Restaurarlo reemplaza todo lo que hay ahora en este navegador.";
pub const RESTORE_CONFIRM: &str = "Reemplazar todo";
pub const RESTORE_FAILED: &str = "No se restauró nada:";
pub const RESTORED: &str = "Restaurado:";

pub const RUNS_LOADING: &str = "Cargando las corridas…";
pub const RUNS_NEW: &str = "Nueva corrida";
pub const RUNS_NOTHING: &str = "Todavía no hay rutinas en este navegador. Importa transcripciones primero (Importar).";
pub const RUNS_TASK: &str = "Tarea";
pub const RUNS_ROUTINES: &str = "Rutinas";
pub const RUNS_NO_TRANSCRIPT: &str = "sin transcripción";
pub const RUNS_ONLY_MISSING: &str = "Solo lo que falta (rutinas sin tallas extraídas, tallas sin este resultado)";
pub const RUNS_MODEL: &str = "Modelo";
pub const RUNS_MODEL_PLACEHOLDER: &str = "vacío: el que el worker tiene para la tarea";
pub const RUNS_MODELS_UNAVAILABLE: &str =
    "No se pudo pedir la lista de modelos; escribe el id a mano o deja el campo vacío.";
pub const RUNS_CONCURRENCY: &str = "Llamadas a la vez";
pub const RUNS_START: &str = "Iniciar";
pub const RUNS_LIST: &str = "Corridas";
pub const RUNS_EMPTY: &str = "Aún no hay corridas. Elige una tarea y pulsa «Iniciar».";
pub const RUNS_PROGRESS: &str = "Avance";
pub const TASK_EXTRACT: &str = "Extraer tallas";
pub const TASK_REFINE: &str = "Refinar";
pub const TASK_KEYWORDS: &str = "Palabras clave";
pub const TASK_GRAPH: &str = "Grafo de conocimiento";
pub const TASK_REWRITE: &str = "Reescribir";
pub const RUN_RUNNING: &str = "En curso";
pub const RUN_PAUSED: &str = "En pausa";
pub const RUN_CANCELLED: &str = "Cancelada";
pub const RUN_FINISHED: &str = "Terminada";
pub const RUN_PAUSE: &str = "Pausar";
pub const RUN_RESUME: &str = "Reanudar";
pub const RUN_CANCEL: &str = "Cancelar";
pub const RUN_RETRY: &str = "Reintentar las fallidas";
pub const RUN_FAILURES: &str = "Ver los errores";
