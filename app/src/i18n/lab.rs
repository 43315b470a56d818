//! The words of the experiment's page only (`Lab`: dataset, fine-tune, evaluate), a table of their
//! own so the curator's other page does not carry them; the words both pages show are `curator`.

use super::holes;

words! {
    areas {}
    text {
        DATASET_RULES:
            "Reglas de selección",
            "Selection rules";
        DATASET_LABELS:
            "Etiqueta que cuenta",
            "Label that counts";
        DATASET_LABELS_CURATOR_OVER_LLM:
            "La del curador; si no hay, la del modelo",
            "The curator's; without one, the model's";
        DATASET_LABELS_CURATOR:
            "Solo la del curador",
            "The curator's only";
        DATASET_LABELS_LLM:
            "Solo la del modelo",
            "The model's only";
        DATASET_LABELS_NONE:
            "Ninguna: deciden el largo, el público y el grafo",
            "None: length, crowd and graph decide";
        DATASET_CROWD:
            "Exigir al público",
            "Ask the crowd";
        DATASET_CROWD_MIN:
            "Cota inferior mínima de «Buena talla» (% del IC 95%)",
            "Lowest accepted lower bound of “Funny” (% of the 95% CI)";
        DATASET_CROWD_REQUIRE:
            "Dejar fuera las tallas sin votos",
            "Leave out jokes without votes";
        DATASET_CROWD_MIN_VOTES:
            "Votos mínimos para que cuente el público",
            "Fewest votes for the crowd to count";
        DATASET_MENTALIZATION:
            "Exigir mentalización (grafo de conocimiento)",
            "Ask for mentalization (knowledge graph)";
        DATASET_MIN_NODES:
            "Nodos, mínimo",
            "Nodes, at least";
        DATASET_MAX_NODES:
            "Nodos, máximo",
            "Nodes, at most";
        DATASET_MIN_DEPTH:
            "Profundidad, mínimo",
            "Depth, at least";
        DATASET_MIN_CHARS:
            "Largo mínimo (caracteres)",
            "Shortest (characters)";
        DATASET_MAX_CHARS:
            "Largo máximo (caracteres)",
            "Longest (characters)";
        DATASET_PER_CLUSTER:
            "Tallas por grupo de casi duplicados (vacío: todas)",
            "Jokes per group of near-duplicates (empty: all)";
        DATASET_SEED:
            "Semilla de la división",
            "Split seed";
        DATASET_VALIDATION:
            "Validación (% de las tallas)",
            "Validation (% of the jokes)";
        DATASET_BAD_NUMBER:
            "«{}» debe ser un número entero de {} a {}.",
            "“{}” must be a whole number from {} to {}.";
        DATASET_PREVIEW:
            "Vista previa",
            "Preview";
        DATASET_BUILDING:
            "Armando el dataset con estas reglas…",
            "Building the dataset with these rules…";
        DATASET_COUNTS:
            "{} tallas candidatas: {} de entrenamiento, {} de validación, {} fuera.",
            "{} candidate jokes: {} for training, {} for validation, {} left out.";
        DATASET_KEYWORDS:
            "Palabras clave: {} de las {} tallas que pasan las reglas tienen una propia.",
            "Keywords: {} of the {} jokes that pass the rules have one of their own.";
        DATASET_TOKENS:
            "Tokens estimados: {} de entrenamiento ({} en las respuestas), {} de validación.",
            "Estimated tokens: {} for training ({} in the answers), {} for validation.";
        DATASET_VALID:
            "El validador acepta los archivos, con las reglas de Mistral.",
            "The validator accepts the files, by Mistral's rules.";
        DATASET_INVALID:
            "El validador encontró problemas:",
            "The validator found problems:";
        DATASET_EXCLUDED_BY:
            "Fuera, por motivo",
            "Left out, by reason";
        DATASET_EXCLUDED_LIST:
            "Ver las tallas que quedan fuera ({})",
            "See the jokes left out ({})";
        DATASET_NAME:
            "Nombre",
            "Name";
        DATASET_FREEZE:
            "Congelar este dataset",
            "Freeze this dataset";
        DATASET_FREEZING:
            "Congelando…",
            "Freezing…";
        DATASET_FROZEN:
            "Congelado: «{}».",
            "Frozen: “{}”.";
        DATASET_SNAPSHOTS:
            "Datasets congelados",
            "Frozen datasets";
        DATASET_NONE:
            "Aún no hay datasets congelados en este navegador.",
            "There are no frozen datasets in this browser yet.";
        DATASET_LINE:
            "{} de entrenamiento · {} de validación · {} fuera · {} tokens",
            "{} for training · {} for validation · {} left out · {} tokens";
        DATASET_DELETE:
            "Borrar",
            "Delete";
        DATASET_DELETE_CONFIRM:
            "¿Borrar el dataset «{}»? Los archivos ya descargados no cambian.",
            "Delete the dataset “{}”? Files already downloaded do not change.";
        KIT_DOWNLOAD:
            "Kit de entrenamiento (.zip)",
            "Training kit (.zip)";
        KIT_SOURCES:
            "Evaluaciones cuyos triunfos en ambos órdenes van al kit como pares de preferencia",
            "Evaluations whose both-orders wins go into the kit as preference pairs";
        KIT_SAVED:
            "Kit descargado: {}. Su README.md dice cómo entrenar con train.py y servir el modelo.",
            "Kit downloaded: {}. Its README.md says how to train with train.py and serve the model.";
        KIT_SAVED_WITHOUT:
            "Kit descargado: {}. Sin estos archivos, por falta de datos: {}.",
            "Kit downloaded: {}. Without these files, for lack of data: {}.";
        DATASET_COMPARE:
            "Comparar con el anterior",
            "Compare with the one before";
        DATASET_COMPARISON:
            "«{}» y «{}» comparten {} tallas; {} cambiaron de texto entre uno y otro.",
            "“{}” and “{}” share {} jokes; {} changed their text between the two.";
        DATASET_VALIDATE:
            "Validar un archivo JSONL",
            "Validate a JSONL file";
        DATASET_VALIDATE_HINT:
            "Revisa un archivo propio con las reglas de Mistral (las mismas que siguen TRL y Unsloth); nada se guarda.",
            "Checks a file of your own by Mistral's rules (the same TRL and Unsloth follow); nothing is kept.";
        DATASET_REPORT:
            "{} ejemplos, {} bytes.",
            "{} examples, {} bytes.";
        DATASET_RECIPES:
            "Los archivos son JSONL de chat, el formato que toman el SFTTrainer de TRL y Unsloth (docs/DATASET.md tiene la línea de cada uno).",
            "The files are chat JSONL, the format TRL's SFTTrainer and Unsloth take (docs/DATASET.md has the line for each).";
        DATASET_COSTS:
            "Costo estimado de un ajuste fino en Mistral con este archivo de entrenamiento (precios de lista publicados; mínimo US$4 por trabajo, más el almacenamiento mensual del modelo):",
            "Estimated cost of a Mistral fine-tune on this training file (published list prices; at least US$4 a job, plus the model's monthly storage):";
        DATASET_COST_BASE:
            "Modelo base",
            "Base model";
        DATASET_COST_ONE:
            "1 época",
            "1 epoch";
        DATASET_COST_THREE:
            "3 épocas",
            "3 epochs";
        DATASET_WHY_DUPLICATE_ID:
            "el mismo id dos veces",
            "the same id twice";
        DATASET_WHY_EMPTY:
            "sin texto",
            "no text";
        DATASET_WHY_TOO_SHORT:
            "más cortas que el mínimo",
            "shorter than the minimum";
        DATASET_WHY_TOO_LONG:
            "más largas que el máximo",
            "longer than the maximum";
        DATASET_WHY_UNLABELLED:
            "sin la etiqueta que piden las reglas",
            "without the label the rules ask for";
        DATASET_WHY_NOT_FUNNY:
            "etiquetadas como fomes",
            "labelled not funny";
        DATASET_WHY_TOO_FEW_VOTES:
            "con menos votos del público que los pedidos",
            "with fewer crowd votes than asked";
        DATASET_WHY_CROWD_TOO_LOW:
            "el público no las encontró lo bastante buenas",
            "the crowd did not find them funny enough";
        DATASET_WHY_NO_GRAPH:
            "sin grafo de conocimiento aún (dibújalo en Procesar)",
            "no knowledge graph yet (draw it in Process)";
        DATASET_WHY_MENTALIZATION:
            "mentalización fuera del rango",
            "mentalization outside the range";
        DATASET_WHY_CLUSTER_FULL:
            "casi duplicadas de otra que ya entró",
            "near-duplicates of one already in";
        DATASET_WHY_NO_USABLE_KEYWORD:
            "sin palabra clave usable",
            "no usable keyword";
        DATASET_WHY_KEYWORDS_TAKEN:
            "sus palabras clave las tomaron otras tallas",
            "their keywords went to other jokes";
        DATASET_NAME_HINT:
            "Un nombre que diga qué tiene, p. ej. «curadas 3–6 nodos».",
            "A name that says what it holds, e.g. “curated 3–6 nodes”.";
        DATASET_NAME_MISSING:
            "Ponle un nombre al dataset antes de congelarlo.",
            "Give the dataset a name before freezing it.";
        DATASET_EMPTY:
            "Ninguna talla pasa estas reglas: no hay nada que congelar. Relaja las reglas o etiqueta más tallas en Tallas.",
            "No joke passes these rules: there is nothing to freeze. Loosen the rules or label more jokes in Jokes.";
        DATASET_READING:
            "Leyendo los datasets congelados…",
            "Reading the frozen datasets…";
        DATASET_CHECKING:
            "Revisando el archivo…",
            "Checking the file…";
        EVAL_LIST:
            "Evaluaciones",
            "Evaluations";
        EVAL_LOADING:
            "Leyendo las evaluaciones…",
            "Reading the evaluations…";
        EVAL_EMPTY:
            "Aún no hay evaluaciones. Define una arriba.",
            "No evaluations yet. Define one above.";
        EVAL_OPEN:
            "Ver resultados",
            "Show results";
        EVAL_NEW:
            "Nueva evaluación",
            "New evaluation";
        EVAL_NAME:
            "Nombre",
            "Name";
        EVAL_NAME_PLACEHOLDER:
            "p. ej. base contra ajustado",
            "e.g. base versus tuned";
        EVAL_KEYWORDS:
            "Palabras clave",
            "Keywords";
        EVAL_DATASET_OPTION:
            "Dataset «{}»: {} de validación",
            "Dataset “{}”: {} for validation";
        EVAL_TYPED_LABEL:
            "Una palabra clave por línea",
            "One keyword per line";
        EVAL_MODELS:
            "Modelos (uno por línea; de otro proveedor como proveedor:modelo)",
            "Models (one per line; another provider's as provider:model)";
        EVAL_DESIGN:
            "Diseño",
            "Design";
        EVAL_VERSUS:
            "Cada modelo contra un modelo de referencia (como el experimento original)",
            "Each model against a reference model (as the original experiment)";
        EVAL_REFERENCE_MODEL:
            "Modelo de referencia",
            "Reference model";
        EVAL_JUDGE:
            "Juez",
            "Judge";
        EVAL_PROMPTS:
            "Instrucciones: juez {}, generación {} (las de esta versión de Tallas; quedan anotadas en la evaluación).",
            "Instructions: judge {}, generation {} (this version of Tallas's; the evaluation records them).";
        EVAL_SHOW_REFERENCE:
            "Mostrar al juez la talla del dataset como referencia",
            "Show the judge the dataset's joke as a reference";
        EVAL_HOW:
            "Cada modelo cuenta una talla por palabra clave; el juez ve cada par dos veces, una en cada orden. Puedes pausar, cerrar la pestaña y seguir: ninguna llamada se repite ni se paga dos veces.",
            "Each model tells one joke per keyword; the judge sees each pair twice, once in each order. You can pause, close the tab and go on: no call is repeated or paid twice.";
        EVAL_START:
            "Empezar la evaluación",
            "Start the evaluation";
        EVAL_RESULTS:
            "Resultados",
            "Results";
        EVAL_REFRESH:
            "Actualizar",
            "Refresh";
        EVAL_EXPORT_JSON:
            "Descargar JSON",
            "Download JSON";
        EVAL_EXPORT_CSV:
            "Descargar CSV",
            "Download CSV";
        EVAL_COMPUTING:
            "Calculando…",
            "Computing…";
        EVAL_METHOD:
            "Método",
            "Method";
        EVAL_BY_KEYWORD:
            "Por palabra clave: las tallas, la referencia, los dos veredictos y sus razones",
            "Per keyword: the jokes, the reference, both verdicts and their reasons";
        EVAL_CHART:
            "Tasa de victorias de X por par, con su intervalo de Wilson 95 %; la línea punteada es 50 %.",
            "X's win rate per pair, with its Wilson 95% interval; the dotted line is 50%.";
        FT_TUNED:
            "Tus modelos ajustados",
            "Your tuned models";
        FT_LOADING:
            "Leyendo los modelos ajustados…",
            "Reading the tuned models…";
        FT_NEW:
            "Nuevo ajuste",
            "New fine-tune";
        FT_EXPORT_HINT:
            "También puedes descargar los archivos del dataset (página Dataset) y ajustar en tu GPU con TRL o Unsloth; luego registra el modelo abajo.",
            "You can also download the dataset's files (Dataset page) and tune on your GPU with TRL or Unsloth; then register the model below.";
        FT_READING_MODELS:
            "Preguntando qué modelos se pueden ajustar…",
            "Asking which models can be tuned…";
        FT_NO_BASES:
            "Ningún modelo del worker dice que se pueda ajustar: la API de ajuste fino de Mistral está obsoleta y no tiene reemplazo. Descarga los archivos del dataset (página Dataset), ajusta en tu GPU o con otro proveedor, y registra el modelo abajo.",
            "No model of the worker says it can be tuned: Mistral's fine-tuning API is deprecated with no replacement. Download the dataset's files (Dataset page), tune on your GPU or with another provider, and register the model below.";
        FT_READING_DATASETS:
            "Leyendo los datasets congelados…",
            "Reading the frozen datasets…";
        FT_NO_DATASETS:
            "Aún no hay un dataset congelado: un ajuste aprende de uno.",
            "No frozen dataset yet: a fine-tune learns from one.";
        FT_TO_DATASET:
            "Congelar uno en Dataset",
            "Freeze one in Dataset";
        FT_DATASET:
            "Dataset congelado",
            "Frozen dataset";
        FT_DATASET_OPTION:
            "«{}»: {} de entrenamiento, {} de validación",
            "“{}”: {} for training, {} for validation";
        FT_BASE:
            "Modelo base",
            "Base model";
        FT_STEPS:
            "Pasos de entrenamiento",
            "Training steps";
        FT_RATE:
            "Tasa de aprendizaje (vacía: la del proveedor)",
            "Learning rate (empty: the provider's)";
        FT_EPOCHS:
            "Épocas (pasadas por el archivo)",
            "Epochs (passes over the file)";
        FT_RANK:
            "Rango LoRA (vacío: el del proveedor)",
            "LoRA rank (empty: the provider's)";
        FT_OPENAI_HINT:
            "OpenAI no recibe tasa de aprendizaje ni rango LoRA: déjalos vacíos. Los proveedores que ajustan modelos abiertos con su API, como Nebius, reciben ambos.",
            "OpenAI takes no learning rate or LoRA rank: leave them empty. Providers that tune open models with its API, such as Nebius, take both.";
        FT_NEEDS_ENDPOINT:
            "Este proveedor sirve un modelo ajustado desde esta base solo en un endpoint dedicado: inícialo en su consola antes de usarlo aquí.",
            "This provider serves a model tuned from this base only from a dedicated endpoint: start one in its console before using it here.";
        FT_CREATE_STARTED:
            "Empezar el ajuste (esto gasta)",
            "Start the fine-tune (this spends)";
        FT_STARTED:
            "Ajuste {} creado y en marcha: síguelo abajo.",
            "Fine-tune {} created and running: follow it below.";
        FT_ESTIMATED_EPOCHS:
            "Entrenaría {} tokens en {} épocas; costo estimado {}.",
            "It would train {} tokens over {} epochs; estimated cost {}.";
        FT_PRICE_UNKNOWN:
            "desconocido (el proveedor no da estimación y Tallas no tiene su precio para este modelo: míralo en su página de precios)",
            "unknown (the provider gives no estimate and Tallas does not have its price for this model: see its pricing page)";
        FT_STAGE_QUEUED:
            "En cola",
            "Queued";
        FT_STAGE_VALIDATING:
            "Revisando los archivos",
            "Checking the files";
        FT_STAGE_VALIDATED:
            "Listo para empezar",
            "Ready to start";
        FT_STAGE_RUNNING:
            "Entrenando",
            "Training";
        FT_STAGE_DEPLOYING:
            "Entrenado; desplegando el modelo",
            "Trained; deploying the model";
        FT_STAGE_SUCCEEDED:
            "Listo",
            "Done";
        FT_STAGE_FAILED:
            "Falló",
            "Failed";
        FT_STAGE_CANCELLING:
            "Cancelando",
            "Cancelling";
        FT_STAGE_CANCELLED:
            "Cancelado",
            "Cancelled";
        FT_FAILURE:
            "El proveedor dice: {}",
            "The provider says: {}";
        FT_SUFFIX:
            "Sufijo del modelo (opcional)",
            "Model suffix (optional)";
        FT_ESTIMATE:
            "Estimar (sin crear nada)",
            "Estimate (creates nothing)";
        FT_CREATE:
            "Crear el ajuste",
            "Create the fine-tune";
        FT_CHOOSE_DATASET:
            "Elige un dataset congelado (congélalo en la página Dataset).",
            "Choose a frozen dataset (freeze one on the Dataset page).";
        FT_BAD_NUMBERS:
            "Los pasos, las épocas y el rango deben ser números enteros, y la tasa de aprendizaje un número como 0.0001.",
            "The steps, epochs and rank must be whole numbers, and the learning rate a number such as 0.0001.";
        FT_ESTIMATING:
            "Estimando…",
            "Estimating…";
        FT_CREATING:
            "Creando el ajuste…",
            "Creating the fine-tune…";
        FT_CREATED:
            "Ajuste {} creado, sin empezar: revísalo abajo y pulsa «Empezar».",
            "Fine-tune {} created, not started: check it below and press “Start”.";
        FT_UPLOADING_TRAIN:
            "Subiendo el archivo de entrenamiento…",
            "Uploading the training file…";
        FT_UPLOADING_VALIDATION:
            "Subiendo el archivo de validación…",
            "Uploading the validation file…";
        FT_ESTIMATED:
            "Entrenaría {} tokens en {} pasos; costo estimado {}.",
            "It would train {} tokens in {} steps; estimated cost {}.";
        FT_NONE:
            "Aún no hay modelos ajustados. Crea un ajuste arriba o registra uno abajo.",
            "No tuned models yet. Create a fine-tune above or register one below.";
        FT_REGISTERED:
            "Registrado",
            "Registered";
        FT_STEP:
            "Paso",
            "Step";
        FT_TRAIN_LOSS:
            "Pérdida de entrenamiento",
            "Training loss";
        FT_VALID_LOSS:
            "Pérdida de validación",
            "Validation loss";
        FT_MODEL_ID:
            "Modelo: {}",
            "Model: {}";
        FT_EVALUATE:
            "Evaluarlo",
            "Evaluate it";
        FT_PLAYGROUND:
            "Probarlo en el playground",
            "Try it in the playground";
        FT_START:
            "Empezar (esto gasta)",
            "Start (this spends)";
        FT_FORGET:
            "Olvidar",
            "Forget";
        FT_FORGET_CONFIRM:
            "¿Olvidar {} en este navegador? El modelo sigue donde está; puedes registrarlo otra vez con su id.",
            "Forget {} in this browser? The model stays where it is; you can register it again by its id.";
        FT_CANCEL:
            "Cancelar",
            "Cancel";
        FT_REGISTER:
            "Registrar un modelo ajustado en otra parte",
            "Register a model tuned elsewhere";
        FT_REGISTER_HINT:
            "El id con que el worker lo encuentra: proveedor:modelo para un servidor de UPSTREAMS (vLLM, llama.cpp, Ollama), o el id de Mistral.",
            "The id the worker finds it by: provider:model for a server in UPSTREAMS (vLLM, llama.cpp, Ollama), or Mistral's id.";
        FT_MODEL:
            "Id del modelo",
            "Model id";
        FT_NO_DATASET:
            "Sin dataset",
            "No dataset";
        FT_KIT_METHOD:
            "Entrenado con el kit de entrenamiento del dataset",
            "Trained with the dataset's training kit";
        FT_KIT_NONE:
            "No, o no sé",
            "No, or unknown";
        FT_KIT_METHOD_OPTION:
            "Sí, con train.py --method {}",
            "Yes, with train.py --method {}";
        FT_KIT_NEEDS_DATASET:
            "Un kit es de un dataset congelado: elige el dataset cuyo kit lo entrenó.",
            "A kit is a frozen dataset's: choose the dataset whose kit trained it.";
        FT_REGISTER_BASE:
            "Modelo base (del que partió el ajuste)",
            "Base model (the one it was tuned from)";
        FT_NOTE:
            "Nota (cómo se ajustó)",
            "Note (how it was tuned)";
        FT_REGISTER_SAVE:
            "Registrar",
            "Register";
        FT_MODEL_EMPTY:
            "Escribe el id del modelo.",
            "Type the model's id.";
        EVAL_TO_WORKSPACE:
            "Llevar sus tallas a Tallas (para etiquetarlas o votarlas)",
            "Bring its jokes to Jokes (to label them or put them to a vote)";
        EVAL_BROUGHT:
            "{} tallas nuevas en Tallas ({} ya estaban). Etiquétalas o vótalas; el juez se compara con esas etiquetas aquí.",
            "{} new jokes in Jokes ({} were there already). Label them or put them to a vote; the judge is compared with those labels here.";
    }
}
