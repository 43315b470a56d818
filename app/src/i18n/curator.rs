//! The words both curator pages show. Shared helpers and the language are in the parent module;
//! the experiment's page (`lab`), the background worker (`worker`) and the open pages (`open`) have
//! their own tables, so each WASM carries only the words it shows.

use super::{AreaWords, holes};

words! {
    areas {
        IMPORT:
            "Importar", "Aquí subirás transcripciones de rutinas para repararlas, separarlas en segmentos y extraer sus tallas.",
            "Import", "Upload routine transcripts here to repair them, split them into segments and extract their jokes.";
        RUNS:
            "Procesar", "Extrae tallas de las transcripciones con Mistral y luego refínalas, ponles palabras clave, dibuja su grafo o reescríbelas. Las corridas siguen donde quedaron si cierras la pestaña.",
            "Process", "Extract jokes from the transcripts with Mistral, then refine them, give them keywords, draw their graph or rewrite them. Runs carry on where they stopped if you close the tab.";
        JOKES:
            "Tallas", "Aquí revisarás cada talla con su origen, sus versiones, sus etiquetas y los votos que reciba.",
            "Jokes", "Review each joke here with its source, its versions, its labels and the votes it gets.";
        VOTE:
            "Votar", "Comparte un enlace y el público vota «Buena talla», «Fome» o «Paso» desde el teléfono; sus votos vuelven aquí como la etiqueta del público.",
            "Vote", "Share a link and the crowd votes “Funny”, “Not funny” or “Skip” from their phones; their votes come back here as the crowd's label.";
        DATASET:
            "Dataset", "Elige qué tallas entran al dataset de palabra clave → talla, mira qué queda fuera y por qué, y congélalo con sus reglas, semilla, división y reporte de validación para entrenar.",
            "Dataset", "Choose which jokes go into the keyword → joke dataset, see what is left out and why, and freeze it with its rules, seed, split and validation report to train on.";
        FINE_TUNE:
            "Ajuste fino", "Ajusta un modelo con un dataset congelado y síguelo hasta tener su id, o registra un modelo ajustado en otra parte (tu GPU, otro proveedor). Cada modelo queda con su dataset, listo para evaluar y para el playground.",
            "Fine-tune", "Tune a model on a frozen dataset and follow it to its id, or register a model tuned elsewhere (your GPU, another provider). Each model is kept with its dataset, ready to evaluate and for the playground.";
        EVALUATE:
            "Evaluar", "Compara modelos con un modelo grande como juez: cada modelo cuenta una talla por palabra clave y el juez compara cada par en los dos órdenes. Tasas de victoria con intervalos, sesgos del juez y cada veredicto con su razón.",
            "Evaluate", "Compare models with a large model as judge: each model tells a joke per keyword and the judge compares every pair in both orders. Win rates with intervals, the judge's biases and every verdict with its reason.";
        PLAYGROUND:
            "Playground", "Escribe una palabra clave y el modelo te cuenta una talla.",
            "Playground", "Type a keyword and the model tells you a joke.";
        SETTINGS:
            "Ajustes", "El token de curador, el espacio que el navegador le da a Tallas y el respaldo de todo tu trabajo en un archivo.",
            "Settings", "The curator token, the language, the space the browser gives Tallas and a backup of all your work in one file.";
    }
    text {
        DATASET_GONE:
            "El dataset {} ya no está en este navegador.",
            "The dataset {} is no longer in this browser.";
        EXCLUDED_DUPLICATE_ID:
            "otra talla tiene el mismo id",
            "another joke has the same id";
        EXCLUDED_EMPTY:
            "no tiene texto",
            "it has no text";
        EXCLUDED_TOO_SHORT:
            "tiene {} caracteres, menos de los {} que piden las reglas",
            "it has {} characters, fewer than the {} the rules ask for";
        EXCLUDED_TOO_LONG:
            "tiene {} caracteres, más de los {} que permiten las reglas",
            "it has {} characters, more than the {} the rules allow";
        EXCLUDED_UNLABELLED_CURATOR:
            "el curador no la ha etiquetado, y las reglas toman solo las que el curador marcó buenas",
            "the curator has not labelled it, and the rules take only jokes the curator marked funny";
        EXCLUDED_UNLABELLED_ANY:
            "ni el curador ni el modelo la han etiquetado",
            "neither the curator nor the model has labelled it";
        EXCLUDED_UNLABELLED_LLM:
            "el modelo no la ha etiquetado",
            "the model has not labelled it";
        EXCLUDED_NOT_FUNNY_CURATOR:
            "el curador la marcó fome",
            "the curator marked it not funny";
        EXCLUDED_NOT_FUNNY_LLM:
            "el modelo la marcó fome",
            "the model marked it not funny";
        EXCLUDED_TOO_FEW_VOTES:
            "tiene {} votos del público y las reglas piden al menos {}",
            "it has {} crowd votes and the rules ask for at least {}";
        EXCLUDED_CROWD_TOO_LOW:
            "{} de {} votantes la encontraron buena: la cota inferior de esa proporción, {} %, queda bajo el {} % que piden las reglas",
            "{} of {} voters found it funny: the lower bound of that share, {} %, is below the {} % the rules ask for";
        EXCLUDED_NO_GRAPH:
            "aún no tiene grafo de conocimiento y las reglas piden mentalización; dibújalo en Procesar",
            "it has no knowledge graph yet and the rules ask for mentalization; draw it in Process";
        EXCLUDED_MENTALIZATION:
            "su grafo tiene {} nodos y profundidad {}; las reglas piden de {} a {} nodos y profundidad de al menos {}",
            "its graph has {} nodes and depth {}; the rules ask for {} to {} nodes and depth at least {}";
        EXCLUDED_CLUSTER_FULL:
            "es casi duplicada de «{}», y las reglas toman {} por grupo",
            "it is a near-duplicate of “{}”, and the rules take {} per group";
        EXCLUDED_NO_USABLE_KEYWORD:
            "ninguna de sus palabras clave sirve ({}); agrega una de 1 a 60 caracteres sin saltos de línea",
            "none of its keywords can be used ({}); add one of 1 to 60 characters without line breaks";
        EXCLUDED_NO_KEYWORDS:
            "no tiene",
            "it has none";
        EXCLUDED_KEYWORDS_TAKEN:
            "cada una de sus palabras clave ({}) fue para otra talla; agrega una que ninguna otra tenga",
            "each of its keywords ({}) went to another joke; add one no other joke has";
        BALLOT_VOTE_THESE:
            "Votar estas {}",
            "Vote on these {}";
        BALLOT_VOTE_THESE_HINT:
            "Crea una votación con las tallas filtradas",
            "Create a ballot with the filtered jokes";
        BALLOT_LOADING:
            "Cargando votaciones…",
            "Loading ballots…";
        BALLOT_NEW:
            "Nueva votación",
            "New ballot";
        BALLOT_BY_FILTER:
            "Elige las tallas con la búsqueda y los filtros de Tallas (o elígelas en Tallas y pulsa «Votar estas N»).",
            "Choose the jokes with the search and the filters of Jokes (or choose them in Jokes and press “Vote on these N”).";
        BALLOT_MATCHING:
            "{} de {} tallas cumplen la búsqueda y los filtros.",
            "{} of {} jokes match the search and the filters.";
        BALLOT_CHOOSE_BY_FILTER:
            "Elegir con filtros",
            "Choose with filters";
        BALLOT_DRAFT:
            "{} tallas elegidas en Tallas.",
            "{} jokes chosen in Jokes.";
        BALLOT_TOO_LONG:
            "{} tallas tienen más de 2000 caracteres y quedan fuera.",
            "{} jokes have more than 2000 characters and are left out.";
        BALLOT_TOO_MANY:
            "Una votación lleva hasta 2000 tallas; elige menos en Tallas o divídelas en varias votaciones.",
            "A ballot takes up to 2000 jokes; choose fewer in Jokes or split them into several ballots.";
        BALLOT_TITLE:
            "Título (lo ven quienes votan)",
            "Title (voters see it)";
        BALLOT_DEFAULT_TITLE:
            "¿Buena talla o fome?",
            "Funny or not?";
        BALLOT_GOLD:
            "Controles (tallas que etiquetaste, con tu etiqueta como respuesta esperada)",
            "Controls (jokes you labelled, your label the expected answer)";
        BALLOT_GOLD_HINT:
            "Van mezclados con el resto y nadie los distingue; miden qué votantes votan con cuidado. Hay {} tallas etiquetadas fuera de esta votación.",
            "They are mixed in and look like any other; they measure which voters vote with care. There are {} labelled jokes off this ballot.";
        BALLOT_GOLD_TAKE_OUT:
            "Quitar",
            "Take out";
        BALLOT_GOLD_OTHERS:
            "Elegir otros controles",
            "Choose other controls";
        BALLOT_TARGET:
            "Votos por talla (opcional: una talla sale al tener tantos votos)",
            "Votes per joke (optional: a joke leaves once it has this many)";
        BALLOT_CLOSES:
            "Cierre (opcional)",
            "Closes (optional)";
        BALLOT_CREATE:
            "Crear votación",
            "Create ballot";
        BALLOT_CREATING:
            "Creando…",
            "Creating…";
        BALLOT_BAD_TARGET:
            "«Votos por talla» debe ser un número entero de 1 a 10000, o quedar vacío.",
            "“Votes per joke” must be a whole number from 1 to 10000, or empty.";
        BALLOT_BAD_CLOSES:
            "La fecha de cierre no se entiende; elígela en el calendario o déjala vacía.",
            "The closing date cannot be read; pick it in the calendar or leave it empty.";
        BALLOT_LIST:
            "Votaciones",
            "Ballots";
        BALLOT_NONE:
            "Aún no hay votaciones creadas desde este navegador.",
            "No ballots have been created from this browser yet.";
        BALLOT_PROGRESS:
            "{} votos · {} votantes · {} tallas decididas",
            "{} votes · {} voters · {} jokes decided";
        BALLOT_OPEN:
            "Abierta",
            "Open";
        BALLOT_ENDED:
            "Cerrada el {}",
            "Closed on {}";
        BALLOT_SHOW:
            "Ver",
            "Show";
        BALLOT_SHARE:
            "Compartir",
            "Share";
        BALLOT_LINK:
            "Enlace para votar",
            "Link to vote";
        BALLOT_COPY:
            "Copiar enlace",
            "Copy link";
        BALLOT_COPIED:
            "Enlace copiado.",
            "Link copied.";
        BALLOT_COPY_FAILED:
            "El navegador no dejó copiar: selecciona el enlace y cópialo a mano.",
            "The browser would not copy: select the link and copy it by hand.";
        BALLOT_SHARE_BUTTON:
            "Compartir…",
            "Share…";
        BALLOT_QR:
            "Código QR del enlace para votar",
            "QR code of the link to vote";
        BALLOT_QR_BIG:
            "Proyectar el QR",
            "Project the QR code";
        BALLOT_CLOSE:
            "Cerrar votación",
            "Close ballot";
        BALLOT_CLOSE_CONFIRM:
            "¿Cerrar la votación? Nadie más podrá votar; los resultados quedan.",
            "Close the ballot? Nobody can vote any more; the results stay.";
        BALLOT_RESULTS:
            "Resultados",
            "Results";
        BALLOT_RESULTS_LOADING:
            "Leyendo resultados…",
            "Reading results…";
        BALLOT_ALPHA:
            "Acuerdo entre votantes (α de Krippendorff): {} entre todos; {} entre quienes pasan los controles.",
            "Agreement among voters (Krippendorff's α): {} among all; {} among those who pass the controls.";
        BALLOT_ALPHA_NONE:
            "sin datos",
            "no data";
        BALLOT_EXCLUDE:
            "Dejar fuera a votantes con menos de este % de controles acertados",
            "Leave out voters with fewer than this % of controls right";
        BALLOT_EXCLUDE_APPLY:
            "Aplicar",
            "Apply";
        BALLOT_EXCLUDED:
            "{} votantes quedan fuera de los conteos.",
            "{} voters are left out of the counts.";
        BALLOT_PULL:
            "Traer votos a Tallas",
            "Bring votes into Jokes";
        BALLOT_PULLED:
            "Votos guardados como etiqueta del público de {} tallas.",
            "Votes saved as the crowd's label of {} jokes.";
        BALLOT_JOKE:
            "Talla",
            "Joke";
        BALLOT_FUNNY:
            "Buena",
            "Funny";
        BALLOT_NOT_FUNNY:
            "Fome",
            "Not funny";
        BALLOT_SKIP:
            "Paso",
            "Skip";
        BALLOT_SHARE_COLUMN:
            "% buena (IC 95%)",
            "% funny (95% CI)";
        BALLOT_RETIRED:
            "Decidida",
            "Decided";
        BALLOT_GOLD_TABLE:
            "Controles",
            "Controls";
        BALLOT_EXPECTED:
            "Esperado",
            "Expected";
        BALLOT_VOTERS:
            "Votantes",
            "Voters";
        BALLOT_VOTER:
            "Votante",
            "Voter";
        BALLOT_VOTES:
            "Votos",
            "Votes";
        BALLOT_ACCURACY:
            "Controles acertados",
            "Controls right";
        BALLOT_FLAGGED:
            "Dudoso",
            "Doubtful";
        BALLOT_LEFT_OUT:
            "Fuera",
            "Left out";
        BALLOT_UNKNOWN_JOKE:
            "(ya no está en este navegador)",
            "(no longer in this browser)";
        CROWD_FILTER:
            "Público",
            "Crowd";
        CROWD_ANY:
            "Cualquiera",
            "Any";
        CROWD_VOTED:
            "Con votos",
            "With votes";
        CROWD_UNVOTED:
            "Sin votos",
            "Without votes";
        CROWD_FUNNY:
            "Buena talla: ≥ 70% con ≥ 5 votos",
            "Funny: ≥ 70% with ≥ 5 votes";
        CROWD_NOT_FUNNY:
            "Fome: ≤ 30% con ≥ 5 votos",
            "Not funny: ≤ 30% with ≥ 5 votes";
        SORT_CROWD:
            "Mejores según el público",
            "Best by the crowd first";
        CROWD_LABEL:
            "Público: {} buena, {} fome, {} paso; {}% buena (IC 95% {}–{}%), de {} votación(es).",
            "Crowd: {} funny, {} not funny, {} skip; {}% funny (95% CI {}–{}%), from {} ballot(s).";
        CROWD_NO_VOTES:
            "Público: sin votos todavía.",
            "Crowd: no votes yet.";
        LOCALE:
            "es-CL",
            "en-GB";
        APP_NAME:
            "Tallas",
            "Tallas";
        SKIP_TO_CONTENT:
            "Saltar al contenido",
            "Skip to content";
        NAV_LABEL:
            "Secciones",
            "Sections";
        UPSTREAM_CHECKING:
            "Comprobando…",
            "Checking…";
        UPSTREAM_CHECKING_HINT:
            "Consultando /api/health.",
            "Asking /api/health.";
        UPSTREAM_OK:
            "Mistral: conectado",
            "Mistral: connected";
        UPSTREAM_NO_KEY:
            "Sin clave de Mistral",
            "No Mistral key";
        UPSTREAM_NO_KEY_HINT:
            "Para activarlo, pon MISTRAL_API_KEY en proxy-worker/.dev.vars y reinicia `make dev`.",
            "To turn it on, put MISTRAL_API_KEY in proxy-worker/.dev.vars and restart `make dev`.";
        UPSTREAM_DOWN:
            "Worker no disponible",
            "Worker unavailable";
        UPSTREAM_RECHECK:
            "Pulsa para comprobar de nuevo.",
            "Click to check again.";
        KEYWORD_LABEL:
            "Palabra clave",
            "Keyword";
        KEYWORD_PLACEHOLDER:
            "completo, micro, asado…",
            "completo, micro, asado…";
        PUBLISH_TITLE:
            "Publicar en /play",
            "Publish on /play";
        PUBLISH_SUMMARY:
            "Los modelos que cualquiera con el enlace puede probar. Un nombre público esconde el id del modelo y su proveedor; sin modelos, /play queda cerrado.",
            "The models anyone with the link may try. A public name hides the model's id and its provider; with no models, /play is closed.";
        PUBLISH_MODEL:
            "Modelo (id)",
            "Model (id)";
        PUBLISH_NAME:
            "Nombre público (opcional)",
            "Public name (optional)";
        PUBLISH_ADD:
            "Añadir modelo",
            "Add a model";
        PUBLISH_REMOVE:
            "Quitar",
            "Remove";
        PUBLISH_MAX_TOKENS:
            "Largo máximo de una respuesta (tokens)",
            "Longest answer (tokens)";
        PUBLISH_SUGGESTIONS:
            "Palabras clave sugeridas al público (una por línea; por ejemplo, las del dataset publicado)",
            "Keywords suggested to the public (one a line; say, the published dataset's)";
        PUBLISH_SAVE:
            "Publicar",
            "Publish";
        PUBLISH_SAVED:
            "Publicado: {}.",
            "Published: {}.";
        PUBLISH_CLOSED:
            "Publicado sin modelos: /play está cerrado.",
            "Published with no models: /play is closed.";
        ARENA_TITLE:
            "Arena de /play",
            "The /play arena";
        ARENA_SUMMARY:
            "Lo que prefiere el público: cada voto compara dos modelos sin nombre. Fuerza de Bradley–Terry (media geométrica 1; con fuerza 2 un modelo le gana a uno promedio dos de cada tres veces) con intervalo bootstrap del 95 % sobre los votos; empate y «ninguna» cuentan medio triunfo para cada uno.",
            "What the public prefers: each vote compares two unnamed models. Bradley–Terry strength (geometric mean 1; a model of strength 2 beats an average one two times in three) with a 95% bootstrap interval over the votes; a tie and \"neither\" count half a win each.";
        ARENA_LOADING:
            "Leyendo los votos de la arena…",
            "Reading the arena's votes…";
        ARENA_EMPTY:
            "Todavía no hay votos en la arena.",
            "No arena votes yet.";
        ARENA_VOTES:
            "{} votos",
            "{} votes";
        ARENA_MODEL:
            "Modelo",
            "Model";
        ARENA_STRENGTH:
            "Fuerza (IC 95 %)",
            "Strength (95% CI)";
        ARENA_GAMES:
            "Votos",
            "Votes";
        ARENA_PAIR:
            "Par",
            "Pair";
        ARENA_PAIR_COUNTS:
            "Gana el 1.º / gana el 2.º / empate / ninguna",
            "1st wins / 2nd wins / tie / neither";
        ARENA_REFRESH:
            "Actualizar",
            "Refresh";
        PUBLISH_LOADING:
            "Leyendo lo publicado…",
            "Reading what is published…";
        PUBLISH_NUMBER:
            "El largo máximo debe ser un número entero.",
            "The longest answer must be a whole number.";
        KEYWORD_HINT:
            "Una palabra o una frase corta.",
            "One word or a short phrase.";
        TELL_JOKE:
            "Contar una talla",
            "Tell a joke";
        TELLING:
            "Contando…",
            "Telling…";
        LATEST_JOKE:
            "Tu talla",
            "Your joke";
        CURATOR_TOKEN_LABEL:
            "Token de curador",
            "Curator token";
        CURATOR_TOKEN_HINT:
            "Está en proxy-worker/.dev.vars (CURATOR_TOKEN) o en los secretos del worker. Se guarda solo en este navegador.",
            "It is in proxy-worker/.dev.vars (CURATOR_TOKEN) or in the worker's secrets. It is kept in this browser only.";
        CURATOR_TOKEN_SAVE:
            "Guardar token",
            "Save token";
        CURATOR_TOKEN_SAVED:
            "Token guardado: las páginas vuelven a leer lo que necesitaban de él.",
            "Token saved: the pages read again what needed it.";
        CURATOR_TOKEN_WANTED:
            "Para usar el worker, pega el token del curador.",
            "To use the worker, paste the curator token.";
        CURATOR_TOKEN_REFUSED:
            "El worker rechazó el token guardado: pega el correcto.",
            "The worker refused the saved token: paste the right one.";
        NOT_SAVED:
            "La talla no quedó en el historial:",
            "The joke was not saved to the history:";
        HISTORY:
            "Historial",
            "History";
        HISTORY_LOADING:
            "Cargando el historial…",
            "Loading the history…";
        HISTORY_EMPTY:
            "Aún no hay tallas. Escribe una palabra clave y pide la primera; quedará guardada en este navegador.",
            "No jokes yet. Type a keyword and ask for the first one; it will be kept in this browser.";
        TOKENS:
            "tokens",
            "tokens";
        NOT_FOUND_TITLE:
            "Página no encontrada",
            "Page not found";
        NOT_FOUND_TEXT:
            "Esta dirección no existe en Tallas.",
            "This address does not exist in Tallas.";
        NOT_FOUND_LINK:
            "Ir al Playground",
            "Go to the Playground";
        IMPORT_DROP:
            "Arrastra aquí transcripciones o tablas, o elige archivos",
            "Drop transcripts or tables here, or choose files";
        IMPORT_FORMATS:
            "JSON y TSV de Whisper (la línea de comandos, verbose_json de la API, WhisperX, faster-whisper, whisper.cpp), SRT, WebVTT, SBV de YouTube Studio, TTML, srv3 y json3 de YouTube, JSON de youtube-transcript-api, JSONL de segmentos, texto plano (una línea por frase, con [H:]MM:SS opcional) y las tablas CSV de tallas, rutinas, comediantes y shows. El formato se reconoce por el contenido. Puedes elegir muchos a la vez.",
            "Whisper's JSON and TSV (the command line, the API's verbose_json, WhisperX, faster-whisper, whisper.cpp), SRT, WebVTT, YouTube Studio's SBV, TTML, YouTube srv3 and json3, youtube-transcript-api JSON, segment JSONL, plain text (one line per utterance, optional [H:]MM:SS) and the CSV tables of jokes, routines, comedians and shows. The format is recognised from the content. You can choose many at once.";
        IMPORT_LENIENT:
            "Conservar las filas válidas de un archivo con errores",
            "Keep the valid rows of a file with errors";
        IMPORT_LENIENT_HINT:
            "Si no, un archivo con alguna fila mala se rechaza entero y puedes corregirlo y volver a importarlo.",
            "Otherwise a file with a bad row is refused whole, and you can fix it and import it again.";
        IMPORTING:
            "Importando…",
            "Importing…";
        IMPORT_RESULTS:
            "Resultado",
            "Result";
        IMPORT_REJECTED:
            "Rechazado",
            "Refused";
        IMPORT_NOT_SAVED:
            "Nada quedó guardado:",
            "Nothing was saved:";
        WORKSPACE_COUNTS:
            "{} rutinas · {} tallas · ",
            "{} routines · {} jokes · ";
        DETAILS_TITLE:
            "Datos de una rutina",
            "A routine's details";
        DETAILS_HINT:
            "Para transcripciones sin tabla de rutinas (Whisper, SRT) o para corregirla: quién, qué show, qué año y su video. Nombran la rutina en las listas y los filtros, y las tallas que se extraigan después enlazan a su momento del video.",
            "For transcripts no routines table describes (Whisper, SRT), or to correct one: who, which show, which year, and its video. They name the routine in lists and filters, and jokes extracted afterwards link to their moment in the video.";
        DETAILS_ROUTINE:
            "Rutina",
            "Routine";
        DETAILS_COMEDIANS:
            "Comediantes (separados por comas)",
            "Comedians (comma-separated)";
        DETAILS_SHOW:
            "Show",
            "Show";
        DETAILS_YEAR:
            "Año",
            "Year";
        DETAILS_VIDEO:
            "Video de YouTube (dirección o id)",
            "YouTube video (address or id)";
        DETAILS_SAVED:
            "Datos guardados.",
            "Details saved.";
        DETAILS_BAD_YEAR:
            "«{}» no es un año entre 1900 y 2100. Escríbelo con cuatro cifras (p. ej. 1987) o déjalo vacío; no se guardó nada.",
            "“{}” is not a year between 1900 and 2100. Type it with four digits (e.g. 1987) or leave it empty; nothing was saved.";
        DETAILS_BAD_VIDEO:
            "«{}» no es una dirección de YouTube ni un id de video (11 caracteres). Pega la dirección del video (p. ej. https://www.youtube.com/watch?v=…) o déjalo vacío; no se guardó nada.",
            "“{}” is not a YouTube address or video id (11 characters). Paste the video's address (e.g. https://www.youtube.com/watch?v=…) or leave it empty; nothing was saved.";
        IMPORT_SEE_JOKES:
            "Ver las tallas",
            "See the jokes";
        WORKSPACE_TITLE:
            "En este navegador",
            "In this browser";
        WORKSPACE_LOADING:
            "Contando lo importado…",
            "Counting what was imported…";
        WORKSPACE_EMPTY:
            "Aún no hay nada importado. Arrastra la carpeta de transcripciones y las tablas del corpus para empezar.",
            "Nothing imported yet. Drop the transcripts folder and the corpus tables to start.";
        JOKES_LOADING:
            "Cargando las tallas…",
            "Loading the jokes…";
        JOKES_EMPTY:
            "Aún no hay tallas en este navegador. Importa una tabla de tallas (o transcripciones) para empezar.",
            "No jokes in this browser yet. Import a jokes table (or transcripts) to start.";
        SEARCH_LABEL:
            "Buscar tallas",
            "Search jokes";
        SEARCH_PLACEHOLDER:
            "Buscar (sin importar tildes ni mayúsculas) — tecla /",
            "Search (accents and case ignored) — key /";
        LABEL_FILTER:
            "Etiqueta",
            "Label";
        LABEL_THIS:
            "Etiquetar esta talla",
            "Label this joke";
        ROUTINE_FILTER:
            "Rutina",
            "Routine";
        LLM_LABEL_FILTER:
            "Según el modelo",
            "According to the model";
        COMEDIAN_FILTER:
            "Comediante",
            "Comedian";
        YEAR_FILTER:
            "Año",
            "Year";
        DEPTH_FILTER:
            "Mentalización",
            "Mentalization";
        SORT:
            "Orden",
            "Order";
        ERRORS_FILTER:
            "Solo con errores del pipeline",
            "Only with pipeline errors";
        DUPLICATES_FILTER:
            "Solo casi-duplicados",
            "Only near-duplicates";
        DUPLICATES_FINDING:
            "Buscando casi-duplicados…",
            "Finding near-duplicates…";
        DUPLICATES:
            "Casi-duplicados",
            "Near-duplicates";
        MERGE_HERE:
            "Fusionarlos en esta",
            "Merge them into this one";
        MERGED_HERE:
            "Fusionadas en esta",
            "Merged into this one";
        UNMERGE:
            "Separar",
            "Separate";
        KEYWORDS_PLACEHOLDER:
            "separadas por comas",
            "separated by commas";
        AGREEMENT:
            "acuerdo modelo–curador",
            "model–curator agreement";
        MODEL_RESULTS:
            "Lo que dijeron los modelos",
            "What the models said";
        KEYWORDS:
            "Palabras clave",
            "Keywords";
        GRAPH_HINT:
            "la cadena más larga de estados mentales va resaltada",
            "the longest chain of mental states is highlighted";
        SORT_TOLD:
            "Como se contaron",
            "As told";
        SORT_DEEPEST:
            "Más mentalización primero",
            "Most mentalization first";
        SORT_SHORTEST:
            "Más cortas primero",
            "Shortest first";
        SORT_LONGEST:
            "Más largas primero",
            "Longest first";
        FILTER_ANY:
            "Todas",
            "All";
        FILTER_UNLABELLED:
            "Sin etiqueta",
            "Unlabelled";
        FILTER_ANY_ROUTINE:
            "Todas las rutinas",
            "All routines";
        FUNNY:
            "Buena talla",
            "Funny";
        NOT_FUNNY:
            "Fome",
            "Not funny";
        UNLABELLED:
            "Sin etiqueta",
            "Unlabelled";
        CLEAR_LABEL:
            "Quitar etiqueta",
            "Clear label";
        BULK_LABEL:
            "Etiquetar todas las filtradas:",
            "Label every filtered joke:";
        UNDO:
            "Deshacer",
            "Undo";
        REDO:
            "Rehacer",
            "Redo";
        SHORTCUTS:
            "Atajos (?)",
            "Shortcuts (?)";
        SHORTCUTS_TITLE:
            "Atajos de teclado",
            "Keyboard shortcuts";
        CLOSE:
            "Cerrar",
            "Close";
        NO_MATCHES:
            "Ninguna talla cumple la búsqueda y los filtros. Cambia la búsqueda o elige «Todas».",
            "No joke matches the search and the filters. Change the search or choose “All”.";
        CHANGE_NOT_SAVED:
            "El cambio no se guardó y la lista se recargó:",
            "The change was not saved and the list was reloaded:";
        CHANGES_SAVING:
            "Guardando…",
            "Saving…";
        CHANGES_SAVED:
            "Cambios guardados en este navegador",
            "Changes saved in this browser";
        EMPTY_EDIT:
            "Una talla no puede quedar vacía: escribe su texto o cancela con Esc.",
            "A joke cannot be empty: type its text or cancel with Esc.";
        EDIT:
            "Editar (e)",
            "Edit (e)";
        SAVE:
            "Guardar",
            "Save";
        CANCEL:
            "Cancelar",
            "Cancel";
        VERSIONS:
            "Versiones",
            "Versions";
        LABEL_HISTORY:
            "Historial de etiquetas",
            "Label history";
        NO_LABEL_HISTORY:
            "Sin etiquetas todavía.",
            "No labels yet.";
        WATCH_VIDEO:
            "Ver en YouTube en ese momento",
            "Watch that moment on YouTube";
        STORE_TITLE:
            "Almacenamiento",
            "Storage";
        STORE_LOADING:
            "Consultando el almacenamiento…",
            "Asking about storage…";
        STORE_UNKNOWN:
            "Este navegador no informa cuánto espacio usa Tallas.",
            "This browser does not report how much space Tallas uses.";
        STORE_PERSISTED:
            "Persistente: el navegador no borrará estos datos para liberar espacio.",
            "Persistent: the browser will not delete this data to free space.";
        STORE_NOT_PERSISTED:
            "No persistente: si al disco le falta espacio, el navegador podría borrar estos datos. Exporta un respaldo de vez en cuando.",
            "Not persistent: if the disk runs short of space, the browser could delete this data. Export a backup now and then.";
        STORE_PERSIST:
            "Pedir almacenamiento persistente",
            "Ask for persistent storage";
        STORE_GRANTED:
            "Listo: el navegador conservará los datos de Tallas.",
            "Done: the browser will keep Tallas's data.";
        STORE_REFUSED:
            "El navegador no lo concedió (suele concederlo a sitios que marcas como favoritos o instalas). Exporta respaldos.",
            "The browser did not grant it (it tends to for sites you bookmark or install). Export backups.";
        BACKUP_TITLE:
            "Respaldo",
            "Backup";
        BACKUP_HINT:
            "Un archivo con rutinas, tallas, etiquetas con su historial, catálogo y el historial del playground. Restaurarlo en otro navegador deja todo igual.",
            "One file with routines, jokes, labels with their history, the catalog and the playground history. Restoring it in another browser leaves everything as it was.";
        EXPORT:
            "Exportar todo",
            "Export everything";
        EXPORTED:
            "Respaldo descargado:",
            "Backup downloaded:";
        RESTORE:
            "Restaurar desde un archivo…",
            "Restore from a file…";
        RESTORE_HOLDS:
            "El respaldo tiene",
            "The backup holds";
        RESTORE_REPLACES:
            "Restaurarlo reemplaza todo lo que hay ahora en este navegador.",
            "Restoring it replaces everything now in this browser.";
        RESTORE_CONFIRM:
            "Reemplazar todo",
            "Replace everything";
        RESTORE_FAILED:
            "No se restauró nada:",
            "Nothing was restored:";
        RESTORED:
            "Restaurado:",
            "Restored:";
        RUN_LOADING:
            "Cargando las corridas…",
            "Loading the runs…";
        RUN_NEW:
            "Nueva corrida",
            "New run";
        RUN_NOTHING:
            "Todavía no hay rutinas en este navegador. Importa transcripciones primero (Importar).",
            "No routines in this browser yet. Import transcripts first (Import).";
        RUN_TASK:
            "Tarea",
            "Task";
        RUN_ROUTINES:
            "Rutinas",
            "Routines";
        RUN_NO_TRANSCRIPT:
            "sin transcripción",
            "no transcript";
        RUN_ONLY_MISSING:
            "Solo lo que falta (rutinas sin tallas extraídas, tallas sin este resultado)",
            "Only what is missing (routines without extracted jokes, jokes without this result)";
        RUN_MODEL:
            "Modelo",
            "Model";
        RUN_MODEL_PLACEHOLDER:
            "vacío: el que el worker tiene para la tarea",
            "empty: the worker's model for the task";
        RUN_MODELS_UNAVAILABLE:
            "No se pudo pedir la lista de modelos; escribe el id a mano o deja el campo vacío.",
            "The list of models could not be fetched; type the id by hand or leave the field empty.";
        RUN_CONCURRENCY:
            "Llamadas a la vez",
            "Calls at a time";
        RUN_START:
            "Iniciar",
            "Start";
        RUN_LIST:
            "Corridas",
            "Runs";
        RUN_EMPTY:
            "Aún no hay corridas. Elige una tarea y pulsa «Iniciar».",
            "No runs yet. Choose a task and press “Start”.";
        RUN_PROGRESS:
            "Avance",
            "Progress";
        TASK_EXTRACT:
            "Extraer tallas",
            "Extract jokes";
        TASK_REFINE:
            "Refinar",
            "Refine";
        TASK_KEYWORDS:
            "Palabras clave",
            "Keywords";
        TASK_GRAPH:
            "Grafo de conocimiento",
            "Knowledge graph";
        TASK_REWRITE:
            "Reescribir",
            "Rewrite";
        RUN_RUNNING:
            "En curso",
            "Running";
        RUN_PAUSED:
            "En pausa",
            "Paused";
        RUN_CANCELLED:
            "Cancelada",
            "Cancelled";
        RUN_FINISHED:
            "Terminada",
            "Finished";
        RUN_PAUSE:
            "Pausar",
            "Pause";
        RUN_RESUME:
            "Reanudar",
            "Resume";
        RUN_CANCEL:
            "Cancelar",
            "Cancel";
        RUN_RETRY:
            "Reintentar las fallidas",
            "Retry the failed ones";
        RUN_FAILURES:
            "Ver los errores",
            "See the errors";
        LANGUAGE:
            "Idioma / Language",
            "Language / Idioma";
        LANGUAGE_HINT:
            "La app cambia de idioma al instante. Los mensajes ya guardados (de importaciones y procesos) quedan en el idioma en que se escribieron.",
            "The app changes language at once. Messages already saved (of imports and runs) stay in the language they were written in.";
        COUNTS:
            "{} de {} tallas · {} buenas · {} fomes · {} sin etiqueta",
            "{} of {} jokes · {} funny · {} not funny · {} unlabelled";
        AGREEMENT_COUNT:
            " · {} κ {} ({} tallas)",
            " · {} κ {} ({} jokes)";
        ROUTINE_N:
            "Rutina {}",
            "Routine {}";
        SOURCE_ROW:
            "{}, fila {}",
            "{}, row {}";
        SOURCE_WINDOWS:
            "{}, ventanas {}",
            "{}, windows {}";
        SOURCE_GENERATED:
            "Contada por {} en la evaluación {}",
            "Told by {} in the evaluation {}";
        VERSION_IMPORTED:
            "Importada",
            "Imported";
        VERSION_EXTRACTED:
            "Extraída",
            "Extracted";
        VERSION_CORRECTED:
            "Corregida",
            "Corrected";
        VERSION_REFINED:
            "Refinada",
            "Refined";
        VERSION_REWRITTEN:
            "Reescrita",
            "Rewritten";
        VERSION_EDITED:
            "Editada",
            "Edited";
        VERSION_GENERATED:
            "Contada por el modelo",
            "As the model told it";
        USAGE_OF:
            "Tallas usa {} de {} disponibles ({} %).",
            "Tallas uses {} of {} available ({} %).";
        USAGE:
            "Tallas usa {}.",
            "Tallas uses {}.";
        IMPORT_SAVED:
            "Guardado: {}.",
            "Saved: {}.";
        IMPORT_ROUTINES_ADDED:
            "{} rutinas nuevas",
            "{} new routines";
        IMPORT_ROUTINES_UPDATED:
            "{} rutinas completadas",
            "{} routines completed";
        IMPORT_JOKES_ADDED:
            "{} tallas nuevas",
            "{} new jokes";
        IMPORT_JOKES_THERE:
            "{} tallas ya estaban (se conservan sus etiquetas)",
            "{} jokes were already there (their labels are kept)";
        IMPORT_CATALOG:
            "{} comediantes y shows",
            "{} comedians and shows";
        IMPORT_WARNINGS:
            "{} avisos (reparaciones y posibles tildes perdidas)",
            "{} warnings (repairs and possibly lost accents)";
        AND_MORE:
            "… y {} más.",
            "… and {} more.";
        UNIT_SEGMENTS:
            "segmentos",
            "segments";
        UNIT_JOKES:
            "tallas",
            "jokes";
        UNIT_ROUTINES:
            "rutinas",
            "routines";
        RUN_DONE_OF:
            "{} de {} listas",
            "{} of {} done";
        RUN_WITH_ERROR:
            "con error",
            "failed";
        RUN_IN_FLIGHT:
            "en curso",
            "in flight";
        RUN_PER_MINUTE:
            "por minuto",
            "per minute";
        RUN_USAGE:
            "{} tokens · ~{} estimado",
            "{} tokens · ~{} estimated";
        RUN_UNPRICED:
            " ({} tokens de modelos sin precio conocido)",
            " ({} tokens of models with no known price)";
        GRAPH_SUMMARY:
            "{} nodos{} · profundidad de intencionalidad {}",
            "{} nodes{} · intentionality depth {}";
        GRAPH_LEVEL:
            " (nivel {})",
            " (level {})";
        UPSTREAM_OK_HINT:
            "Worker {} · modelo {} · {}",
            "Worker {} · model {} · {}";
        HELP_NEXT:
            "siguiente talla",
            "next joke";
        HELP_PREVIOUS:
            "talla anterior",
            "previous joke";
        HELP_FUNNY:
            "buena talla",
            "funny";
        HELP_NOT_FUNNY:
            "fome (no es graciosa)",
            "not funny";
        HELP_SKIP:
            "saltar sin etiquetar",
            "skip without a label";
        HELP_EDIT:
            "editar el texto (Ctrl+Enter guarda, Esc cancela)",
            "edit the text (Ctrl+Enter saves, Esc cancels)";
        HELP_KEYWORDS:
            "editar las palabras clave (Enter guarda)",
            "edit the keywords (Enter saves)";
        HELP_MERGE:
            "fusionar en esta talla sus casi-duplicados",
            "merge this joke's near-duplicates into it";
        HELP_UNDO:
            "deshacer",
            "undo";
        HELP_REDO:
            "rehacer",
            "redo";
        HELP_SEARCH:
            "buscar",
            "search";
        HELP_HELP:
            "mostrar u ocultar esta ayuda",
            "show or hide this help";
        STORE_UNAVAILABLE:
            "Este navegador no permite guardar datos locales (IndexedDB no está disponible; pasa en ventanas privadas). Abre Tallas en una ventana normal para guardar tu trabajo.",
            "This browser does not allow local data (IndexedDB is unavailable, as in private windows). Open Tallas in a normal window to keep your work.";
        STORE_NEWER:
            "Los datos locales son de una versión más nueva de Tallas. Recarga la página para usar la versión actual.",
            "The local data is from a newer version of Tallas. Reload the page to use the current version.";
        STORE_FULL:
            "El navegador no tiene espacio para guardar más datos. Libera espacio en el disco y vuelve a intentar.",
            "The browser has no room for more data. Free some disk space and try again.";
        STORE_FAILED:
            "No se pudo leer o escribir en el almacenamiento local ({}). Recarga la página y vuelve a intentar.",
            "Local storage could not be read or written ({}). Reload the page and try again.";
        STORE_UNKNOWN_JOKE:
            "La talla «{}» ya no está en este navegador. Recarga la página para ver las tallas actuales.",
            "The joke “{}” is no longer in this browser. Reload the page to see the current jokes.";
        STORE_UNKNOWN_RUN:
            "La corrida «{}» ya no está en este navegador. Recarga la página para ver las corridas actuales.",
            "The run “{}” is no longer in this browser. Reload the page to see the current runs.";
        STORE_RUN_EXISTS:
            "Ya hay una corrida «{}». Espera un segundo y vuelve a crearla.",
            "There is already a run “{}”. Wait a second and create it again.";
        STORE_SNAPSHOT_EXISTS:
            "ya hay un dataset congelado con el id {}; vuelve a congelar en un momento",
            "a frozen dataset with the id {} exists; freeze again in a moment";
        LINEAGE:
            "{}: {}",
            "{}: {}";
        LINEAGE_KIT:
            "ajustado con el kit de entrenamiento del dataset «{}» ({})",
            "tuned with the training kit of dataset “{}” ({})";
        LINEAGE_DATASET:
            "ajustado con el dataset «{}»",
            "tuned on dataset “{}”";
        LINEAGE_BASE:
            "desde {}",
            "from {}";
        HOME_TITLE:
            "Tu taller de tallas",
            "Your joke workshop";
        HOME_LEDE:
            "De las transcripciones a un modelo que habla chileno, en seis pasos: cada uno dice cuánto llevas y adónde ir.",
            "From transcripts to a model that speaks Chilean, in six steps: each says how far you are and where to go.";
        HOME_READING:
            "Leyendo tu espacio de trabajo…",
            "Reading your workspace…";
        HOME_NEXT:
            "Siguiente paso:",
            "Next step:";
        HOME_ALL_STARTED:
            "Cada paso ya tiene algo. Sigue curando, suma votos o congela un dataset nuevo cuando haya más tallas.",
            "Every step has something already. Keep curating, gather votes, or freeze a new dataset when there are more jokes.";
        HOME_COUNT_IMPORT:
            "{} rutinas · {} tallas",
            "{} routines · {} jokes";
        HOME_COUNT_RUNS:
            "{} corridas · {} tallas en la lista",
            "{} runs · {} jokes in the list";
        HOME_COUNT_JOKES:
            "{} de {} tallas etiquetadas",
            "{} of {} jokes labelled";
        HOME_COUNT_VOTE:
            "{} votaciones · {} votos",
            "{} ballots · {} votes";
        HOME_COUNT_LAB:
            "{} datasets congelados · {} modelos ajustados · {} evaluaciones",
            "{} frozen datasets · {} tuned models · {} evaluations";
        HOME_COUNT_PLAY:
            "{} modelos publicados en /play",
            "{} models published on /play";
        HOME_COUNT_PLAY_ASKING:
            "Preguntando al worker qué hay publicado en /play…",
            "Asking the worker what is published on /play…";
        HOME_COUNT_PLAY_UNKNOWN:
            "El worker no dijo qué hay publicado en /play (¿está corriendo `make dev`?).",
            "The worker did not say what is published on /play (is `make dev` running?).";
        HOME_DO_IMPORT:
            "Importa transcripciones (YouTube, Whisper, SRT, VTT…) o un CSV de tallas.",
            "Import transcripts (YouTube, Whisper, SRT, VTT…) or a CSV of jokes.";
        HOME_DO_RUNS:
            "Extrae las tallas de las transcripciones con una corrida.",
            "Extract the jokes from the transcripts with a run.";
        HOME_DO_JOKES:
            "Etiqueta tallas como buenas o fomes, con el teclado.",
            "Label jokes funny or not, with the keyboard.";
        HOME_DO_VOTE:
            "Comparte una votación para que el público diga qué tallas son buenas.",
            "Share a ballot so the crowd says which jokes are funny.";
        HOME_DO_DATASET:
            "Congela un dataset de palabra clave → talla.",
            "Freeze a keyword → joke dataset.";
        HOME_DO_FINE_TUNE:
            "Ajusta un modelo con el dataset, o registra uno ajustado en tu GPU.",
            "Tune a model on the dataset, or register one tuned on your GPU.";
        HOME_DO_EVALUATE:
            "Evalúa el modelo ajustado contra el base, con un modelo grande de juez.",
            "Evaluate the tuned model against the base, with a large model as judge.";
        HOME_DO_PLAY:
            "Publica un modelo en /play para que cualquiera lo pruebe desde el teléfono.",
            "Publish a model on /play so anyone can try it from a phone.";
        API_UNAUTHORIZED:
            "Falta el token del curador o no es el correcto. Pégalo arriba, en la cabecera (o en Ajustes): es CURATOR_TOKEN de proxy-worker/.dev.vars, o el secreto del worker desplegado.",
            "The curator token is missing or wrong. Paste it above, in the header (or in Settings): it is CURATOR_TOKEN in proxy-worker/.dev.vars, or the deployed worker's secret.";
        API_MODEL_NOT_SERVED:
            "El proveedor no sirve este modelo, o ya no: si lo ajustaste allí, lo borró o detuvo su endpoint. Ajústalo otra vez o elige otro. (Detalle: {})",
            "The provider does not serve this model, or no longer: if you tuned it there, it deleted it or stopped its endpoint. Tune it again or choose another. (Detail: {})";
        API_BAD_REQUEST:
            "El worker no aceptó lo enviado: revisa los campos y vuelve a intentar. (Detalle: {})",
            "The worker did not accept what was sent: check the fields and try again. (Detail: {})";
        API_PAYLOAD_TOO_LARGE:
            "Lo enviado es más grande de lo que el worker acepta: envía menos de una vez. (Detalle: {})",
            "What was sent is larger than the worker accepts: send less at a time. (Detail: {})";
        API_NOT_FOUND:
            "El worker no encontró lo pedido: se borró, o el enlace está incompleto. (Detalle: {})",
            "The worker did not find what was asked for: it was deleted, or the link is incomplete. (Detail: {})";
        API_METHOD_NOT_ALLOWED:
            "El worker no hace esa operación en esa dirección. Recarga la página y vuelve a intentar. (Detalle: {})",
            "The worker does not do that operation at that address. Reload the page and try again. (Detail: {})";
        API_NOT_CONFIGURED:
            "Al worker le falta un ajuste para esto; agrégalo en proxy-worker/.dev.vars (o en los secretos del worker) y reinícialo. (Detalle: {})",
            "The worker lacks a setting for this; add it in proxy-worker/.dev.vars (or the worker's secrets) and restart it. (Detail: {})";
        API_UPSTREAM_ERROR:
            "El proveedor del modelo respondió con un error o con algo que no sirve. Vuelve a intentar; si sigue, revisa la consola de `make dev`. (Detalle: {})",
            "The model's provider answered with an error or with something unusable. Try again; if it goes on, check the `make dev` console. (Detail: {})";
        API_INVALID_REPLY:
            "El modelo respondió, pero su respuesta no sirve para esta tarea ni tras pedirle corregirla. Prueba otra vez u otro modelo. (Detalle: {})",
            "The model answered, but its reply does not fit this task even after it was asked to fix it. Try again or another model. (Detail: {})";
        API_UPSTREAM_RATE_LIMITED:
            "El proveedor del modelo está frenando las solicitudes. Espera un poco, o baja la concurrencia, y vuelve a intentar. (Detalle: {})",
            "The model's provider is slowing requests down. Wait a little, or lower the concurrency, and try again. (Detail: {})";
        API_UPSTREAM_TIMEOUT:
            "El proveedor del modelo no respondió a tiempo. Vuelve a intentar. (Detalle: {})",
            "The model's provider did not answer in time. Try again. (Detail: {})";
        API_INTERNAL:
            "Algo falló dentro del worker. Vuelve a intentar; si sigue, revisa la consola de `make dev`. (Detalle: {})",
            "Something failed inside the worker. Try again; if it goes on, check the `make dev` console. (Detail: {})";
        API_FORBIDDEN:
            "El worker no permite esta solicitud desde aquí. (Detalle: {})",
            "The worker does not allow this request from here. (Detail: {})";
        API_GONE:
            "Eso ya no está disponible (por ejemplo, una votación cerrada). (Detalle: {})",
            "That is no longer available (for example, a closed ballot). (Detail: {})";
        API_RATE_LIMITED:
            "Demasiadas solicitudes seguidas. Espera un momento y vuelve a intentar. (Detalle: {})",
            "Too many requests in a row. Wait a moment and try again. (Detail: {})";
        API_BUDGET_EXHAUSTED:
            "Se acabó el presupuesto de hoy del playground público; se renueva a las 00:00 UTC. (Detalle: {})",
            "The public playground's budget for today is used up; it renews at 00:00 UTC. (Detail: {})";
        API_CONFLICT:
            "Eso choca con el estado actual de lo que nombra (por ejemplo, un trabajo que ya corre). Recarga y vuelve a intentar. (Detalle: {})",
            "That clashes with the current state of what it names (for example, a job already running). Reload and try again. (Detail: {})";
        API_UNKNOWN:
            "El worker rechazó la solicitud (HTTP {}). (Detalle: {})",
            "The worker refused the request (HTTP {}). (Detail: {})";
        API_WORKER_DOWN:
            "El worker no está corriendo o no responde en /api. Inicia `make dev` y vuelve a intentar.",
            "The worker is not running or does not answer on /api. Start `make dev` and try again.";
        API_UNEXPECTED_STATUS:
            "El worker respondió HTTP {} sin un error de la API. Revisa la consola de `make dev`.",
            "The worker answered HTTP {} without an API error. Check the `make dev` console.";
        API_BAD_RESPONSE:
            "El worker respondió algo que esta versión del app no entiende ({}). Recarga la página; si sigue pasando, el app y el worker no son de la misma versión.",
            "The worker answered something this version of the app does not understand ({}). Reload the page; if it keeps happening, the app and the worker are not the same version.";
        API_REQUEST:
            "No se pudo preparar la solicitud al worker ({}).",
            "The request to the worker could not be prepared ({}).";
        WORKER_START:
            "No se pudo iniciar el trabajo en segundo plano del navegador ({}). Recarga la página; si sigue pasando, revisa que el app esté completo (falta {}).",
            "The browser's background work could not start ({}). Reload the page; if it keeps happening, check that the app is complete ({} is missing).";
        WORKER_CRASHED:
            "El trabajo en segundo plano falló ({}). Recarga la página y vuelve a intentarlo.",
            "The background work failed ({}). Reload the page and try again.";
        WORKER_OTHER_BUILD:
            "Tallas se actualizó desde que abriste esta página. Recárgala para seguir: lo que guardaste no se pierde.",
            "Tallas was updated since this page was opened. Reload it to go on: nothing you saved is lost.";
        WORKER_NOT_LOADED:
            "no se pudo cargar",
            "it could not be loaded";
        WORKER_OTHER_ANSWER:
            "el worker respondió otra cosa",
            "the worker answered something else";
        UNKNOWN_ERROR:
            "error desconocido",
            "unknown error";
        BROWSER_NO_STORAGE:
            "el navegador no deja guardar datos locales",
            "the browser does not allow storing local data";
        BACKUP_NOT_JSON:
            "El archivo no es JSON ({}). Elige un archivo que Tallas haya exportado (tallas-*.json).",
            "The file is not JSON ({}). Choose a file Tallas exported (tallas-*.json).";
        BACKUP_FOREIGN:
            "El archivo no es un respaldo de Tallas (no dice \"format\": \"{}\"). Elige un archivo exportado desde Ajustes.",
            "The file is not a Tallas backup (it does not say \"format\": \"{}\"). Choose a file exported from Settings.";
        BACKUP_NEWER:
            "El respaldo es de una versión más nueva de Tallas (formato {}; esta lee hasta el {}). Actualiza la página.",
            "The backup is from a newer version of Tallas (format {}; this one reads up to {}). Reload the page.";
        BACKUP_DAMAGED:
            "El respaldo está dañado: {}. Nada se cambió; exporta de nuevo desde el navegador original.",
            "The backup is damaged: {}. Nothing was changed; export it again from the original browser.";
        BACKUP_NO_VERSION:
            "falta el número de versión",
            "the version number is missing";
        BACKUP_SAME_ID:
            "dos tallas tienen el mismo id",
            "two jokes have the same id";
        BACKUP_DANGLING_LABELS:
            "hay etiquetas de una talla que no está («{}»)",
            "there are labels of a joke that is not in it (“{}”)";
        DUPLICATES_FAILED:
            "No se pudieron leer las tallas para buscar duplicados: {}",
            "The jokes could not be read to find duplicates: {}";
        PIPELINE_START:
            "No se pudo iniciar el pipeline del navegador ({}). Recarga la página.",
            "The browser's pipeline could not start ({}). Reload the page.";
        PIPELINE_STOPPED:
            "El pipeline del navegador se detuvo ({}). Recarga la página: las corridas siguen donde quedaron.",
            "The browser's pipeline stopped ({}). Reload the page: runs carry on where they stopped.";
        PIPELINE_OTHER_TASK:
            "el worker respondió con el resultado de otra tarea",
            "the worker answered with another task's result";
        PIPELINE_NO_WINDOW:
            "la ventana ya no está en este navegador",
            "the window is no longer in this browser";
        PIPELINE_NO_JOKE:
            "la talla ya no está en este navegador",
            "the joke is no longer in this browser";
        EVAL_TYPED:
            "Escritas a mano",
            "Typed";
        EVAL_ALL_PAIRS:
            "Todos contra todos",
            "Every model against every other";
        EVAL_NO_KEYWORDS:
            "No hay palabras clave: elige un dataset congelado con ejemplos de validación, o escribe palabras clave, una por línea.",
            "No keywords: choose a frozen dataset with validation examples, or type keywords, one per line.";
        EVAL_BAD_KEYWORD:
            "La palabra clave de la línea {} no sirve ({}); corrígela o bórrala.",
            "The keyword on line {} cannot be used ({}); fix it or delete it.";
        EVAL_REPEATED_KEYWORD:
            "La palabra clave de la línea {} («{}») ya está en la línea {}: cada palabra clave se evalúa una vez.",
            "The keyword on line {} (“{}”) is already on line {}: each keyword is evaluated once.";
        EVAL_BAD_MODEL:
            "Un modelo no sirve: {}.",
            "A model cannot be used: {}.";
        EVAL_REPEATED_MODEL:
            "El modelo «{}» está dos veces: un modelo contra sí mismo no dice nada.",
            "The model “{}” is listed twice: a model against itself says nothing.";
        EVAL_TOO_FEW_MODELS:
            "Elige al menos dos modelos que comparar (o uno contra un modelo de referencia).",
            "Choose at least two models to compare (or one against a reference model).";
        EVAL_REFERENCE_IS_CANDIDATE:
            "El modelo de referencia «{}» también está entre los modelos: elige otra referencia o sácalo de la lista.",
            "The reference model “{}” is also among the models: choose another reference or take it off the list.";
        EVAL_NO_JUDGE:
            "Elige un modelo juez.",
            "Choose a judge model.";
        EVAL_TOO_LARGE:
            "Esta evaluación necesita {} llamadas y el límite es {}: usa menos palabras clave o modelos.",
            "This evaluation needs {} calls and the limit is {}: use fewer keywords or models.";
        PLAYGROUND_MODEL:
            "Modelo (vacío: el del worker; un modelo ajustado, por su id)",
            "Model (empty: the worker's; a tuned model, by its id)";
        EVAL_UNKNOWN_CALL:
            "la evaluación no tiene la llamada {}",
            "the evaluation has no call {}";
        EVAL_NO_JOKE:
            "no hay talla de {} que juzgar ({}); reintenta los fallidos",
            "there is no joke by {} to judge ({}); retry the failed ones";
        EVAL_NO_VALIDATION:
            "El dataset «{}» no tiene ejemplos de validación. Congélalo de nuevo con una parte de validación, o escribe las palabras clave.",
            "The dataset “{}” has no validation examples. Freeze it again with a validation share, or type the keywords.";
        PLAN_NO_ROUTINES:
            "No hay rutinas elegidas. Marca al menos una, o «Todas las rutinas».",
            "No routines chosen. Tick at least one, or “All routines”.";
        PLAN_NO_WINDOWS:
            "Las rutinas elegidas no tienen transcripción (o ya tienen tallas extraídas). Importa sus transcripciones o desmarca «solo lo que falta».",
            "The chosen routines have no transcript (or already have extracted jokes). Import their transcripts or untick “only what is missing”.";
        PLAN_NO_JOKES:
            "No hay tallas que procesar en lo elegido (o todas ya tienen este resultado). Elige otras rutinas o desmarca «solo lo que falta».",
            "There are no jokes to process in what was chosen (or all already have this result). Choose other routines or untick “only what is missing”.";
        IMPORT_UNREADABLE:
            "No se pudo leer el archivo ({}). Revisa que siga en su carpeta y vuelve a elegirlo.",
            "The file could not be read ({}). Check it is still in its folder and choose it again.";
        IMPORT_EMPTY_FILE:
            "El archivo está vacío: no tiene texto que leer.",
            "The file is empty: it has no text to read.";
        IMPORT_UNKNOWN_TABLE:
            "No es una tabla que Tallas conozca. La primera fila debe tener las columnas de una de estas: {}.",
            "This is not a table Tallas knows. The first row must have the columns of one of these: {}.";
    }
}
