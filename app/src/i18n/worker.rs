//! The words only the background worker writes (a dataset's exclusions, an evaluation's report),
//! a table of its own so neither page's WASM carries them.

use super::holes;

words! {
    areas {}
    text {
        DV_TRAINING_FILE:
            "Archivo de entrenamiento",
            "Training file";
        DV_VALIDATION_FILE:
            "Archivo de validación",
            "Validation file";
        DV_LINE:
            "línea {}",
            "line {}";
        DV_LINE_ALONE:
            "Línea {}",
            "Line {}";
        DV_ISSUE:
            "{}: {} (Detalle: {})",
            "{}: {} (Detail: {})";
        DV_NO_EXAMPLES:
            "no tiene ejemplos",
            "has no examples";
        DV_BLANK_LINE:
            "una línea en blanco",
            "a blank line";
        DV_INVALID_JSON:
            "no es JSON válido",
            "is not valid JSON";
        DV_NOT_AN_OBJECT:
            "no es un objeto JSON",
            "is not a JSON object";
        DV_NO_MESSAGES:
            "no tiene «messages»",
            "has no “messages”";
        DV_EMPTY_CONVERSATION:
            "una conversación vacía",
            "an empty conversation";
        DV_MESSAGE_NOT_OBJECT:
            "un mensaje que no es un objeto",
            "a message that is not an object";
        DV_UNKNOWN_ROLE:
            "un rol desconocido",
            "an unknown role";
        DV_MISSING_CONTENT:
            "un mensaje sin «content»",
            "a message without “content”";
        DV_EMPTY_CONTENT:
            "un mensaje vacío",
            "an empty message";
        DV_MULTIPLE_SYSTEM_MESSAGES:
            "más de un mensaje de sistema",
            "more than one system message";
        DV_MISPLACED_TOOL_MESSAGE:
            "un mensaje de herramienta fuera de lugar",
            "a tool message out of place";
        DV_MISSING_TOOL_CALL_ID:
            "un mensaje de herramienta sin «tool_call_id»",
            "a tool message without “tool_call_id”";
        DV_INVALID_WEIGHT:
            "un «weight» que no es 0 ni 1",
            "a “weight” other than 0 or 1";
        DV_LAST_NOT_ASSISTANT:
            "el último mensaje no es del asistente",
            "the last message is not the assistant's";
        DV_VALIDATION_TOO_LARGE:
            "un archivo de validación demasiado grande",
            "a validation file that is too large";
        DV_SYSTEM_PROMPT_DIFFERS:
            "un prompt de sistema distinto del que usa la app",
            "a system prompt other than the app's";
        DV_USER_PROMPT_DIFFERS:
            "un mensaje del usuario distinto del que arma la app",
            "a user message other than the one the app writes";
        KIT_INVALID:
            "El kit no pasó su propio validador, así que no se descargó (avísanos: es un error de Tallas). (Detalle: {})",
            "The kit failed its own validator, so it was not downloaded (tell us: it is a Tallas bug). (Detail: {})";
        DATASET_NO_FILE:
            "No llegó ningún archivo; elige uno.",
            "No file arrived; choose one.";
        DETAILS_NO_ROUTINE:
            "La rutina {} ya no está en este navegador (¿se restauró un respaldo?). Recarga la página y elígela de nuevo.",
            "Routine {} is no longer in this browser (was a backup restored?). Reload the page and choose it again.";
        BACKUP_UNWRITABLE:
            "el respaldo no se pudo escribir como JSON",
            "the backup could not be written as JSON";
        PIPELINE_BAD_COMMAND:
            "el pipeline no entendió el pedido ({})",
            "the pipeline did not understand the request ({})";
        EVAL_VERSUS_NAMED:
            "cada modelo contra {}",
            "each model against {}";
        EVAL_FROZEN:
            "Terminada: estos resultados ya no cambian.",
            "Finished: these results no longer change.";
        EVAL_IN_PROGRESS:
            "En curso: los resultados cubren los pares juzgados hasta ahora.",
            "In progress: the results cover the pairs judged so far.";
        EVAL_FACTS:
            "Palabras clave: {} ({}). Modelos: {}. Juez: {}. Diseño: {}. Prompts: {} y {}. Creada: {}",
            "Keywords: {} ({}). Models: {}. Judge: {}. Design: {}. Prompts: {} and {}. Created: {}";
        EVAL_NOTHING_YET:
            "Todavía no hay pares juzgados.",
            "No pair has been judged yet.";
        EVAL_PAIRS:
            "Por par de modelos (X / Y, desde el lado de X)",
            "Per pair of models (X / Y, from X's side)";
        EVAL_PAIR:
            "Par",
            "Pair";
        EVAL_WINS:
            "Gana X",
            "X wins";
        EVAL_LOSSES:
            "Gana Y",
            "Y wins";
        EVAL_TIES:
            "Empate",
            "Tie";
        EVAL_BOTH_BAD:
            "Ninguna sirve",
            "Both bad";
        EVAL_ERRORS:
            "Error",
            "Error";
        EVAL_UNPARSEABLE:
            "Sin veredicto",
            "No verdict";
        EVAL_WIN_RATE:
            "Tasa de X",
            "X's rate";
        EVAL_WILSON:
            "Wilson 95 %",
            "Wilson 95%";
        EVAL_BOOTSTRAP:
            "Bootstrap 95 %",
            "Bootstrap 95%";
        EVAL_LC:
            "Controlada por largo",
            "Length-controlled";
        EVAL_METHOD_RATE:
            "Un par gana solo si el juez elige la misma talla en los dos órdenes; si los órdenes no coinciden es empate. Tasa = (victorias + ½ empates y «ninguna sirve») / pares con preferencia; los errores y las respuestas sin veredicto se cuentan aparte y no entran (no son derrotas). Wilson: intervalo de puntaje al 95 % con victorias + ½ empates de N. Bootstrap: {} remuestreos de las palabras clave con reemplazo (semilla {}), percentiles 2,5 y 97,5.",
            "A pair is won only if the judge picks the same joke in both orders; orders that disagree make a tie. Rate = (wins + ½ ties and “both bad”) / pairs with a preference; errors and answers without a verdict are counted apart and left out (they are not losses). Wilson: the 95% score interval with wins + ½ ties of N. Bootstrap: {} resamples of the keywords with replacement (seed {}), 2.5th and 97.5th percentiles.";
        EVAL_LENGTH:
            "Sesgo por largo",
            "Length bias";
        EVAL_WINNERS_CHARS:
            "Largo medio de la ganadora",
            "Winners' mean length";
        EVAL_LOSERS_CHARS:
            "Largo medio de la perdedora",
            "Losers' mean length";
        EVAL_LONGER_WON:
            "Ganó la más larga",
            "Longer one won";
        EVAL_LENGTH_EFFECT:
            "Efecto del largo (β₁)",
            "Length effect (β₁)";
        EVAL_METHOD_LENGTH:
            "Como AlpacaEval 2: regresión logística del resultado de X (empate = ½) sobre d = tanh((largo X − largo Y) / desviación estándar de las diferencias); la tasa controlada es la que predice con d = 0, es decir con tallas igual de largas, con su intervalo al 95 % por la información de Fisher. β₁ > 0: el juez premia a X cuanto más larga es su talla. Sin ajuste posible (todo para un lado) se muestra «—».",
            "As AlpacaEval 2: a logistic regression of X's result (tie = ½) on d = tanh((length X − length Y) / standard deviation of the differences); the controlled rate is the one it predicts at d = 0, jokes of equal length, with its 95% interval from the Fisher information. β₁ > 0: the judge rewards X the longer its joke is. Without a possible fit (everything one way) it shows “—”.";
        EVAL_GAMES:
            "Pares juzgados",
            "Pairs judged";
        EVAL_RANKING:
            "Ranking (Bradley–Terry)",
            "Ranking (Bradley–Terry)";
        EVAL_METHOD_RANKING:
            "Fuerzas de Bradley–Terry (algoritmo MM de Hunter, empates como media victoria, media geométrica 1) sobre los pares con preferencia; intervalos de {} remuestreos de las palabras clave.",
            "Bradley–Terry strengths (Hunter's MM algorithm, ties as half a win, geometric mean 1) over the pairs with a preference; intervals from {} resamples of the keywords.";
        EVAL_POSITION:
            "Sesgo por posición del juez",
            "The judge's position bias";
        EVAL_FIRST_SLOT:
            "La primera posición ganó {} {} de los veredictos que eligieron una posición ({} de {}); sin sesgo sería 50 %.",
            "The first slot won {} {} of the verdicts that picked a slot ({} of {}); without a bias it would be 50%.";
        EVAL_ORDERS_DISAGREE:
            "Los dos órdenes no coincidieron en {} de los pares ({} de {}).",
            "The two orders disagreed on {} of the pairs ({} of {}).";
        EVAL_METHOD_POSITION:
            "Cada par se juzga con X primero y con Y primero. Se cuentan los veredictos «A» y «B» de ambos órdenes (intervalo de Wilson 95 %), y los pares cuyos dos órdenes prefirieron cosas distintas (otra talla, o una talla una vez y ninguna la otra).",
            "Each pair is judged with X first and with Y first. The verdicts “A” and “B” of both orders are counted (Wilson 95% interval), and so are the pairs whose two orders preferred different things (another joke, or a joke once and none the other time).";
        EVAL_ARENA:
            "La arena al lado del juez",
            "The arena beside the judge";
        EVAL_ARENA_AGREEMENT:
            "Acuerdo con el ranking del juez: τ de Kendall {} ({} pares de modelos en el mismo orden, {} al revés, {} modelos en ambos).",
            "Agreement with the judge's ranking: Kendall's τ {} ({} model pairs in the same order, {} reversed, {} models in both).";
        EVAL_METHOD_ARENA:
            "Votos del público en /play sobre estos modelos: fuerzas de Bradley–Terry con intervalos bootstrap sobre los votos. τ de Kendall entre los dos rankings sobre los modelos que ambos ordenan: 1 mismo orden, −1 orden inverso.",
            "The public's votes on /play on these models: Bradley–Terry strengths with bootstrap intervals over the votes. Kendall's τ between the two rankings on the models both rank: 1 same order, −1 reversed.";
        EVAL_VERDICT_A:
            "A (la primera)",
            "A (the first)";
        EVAL_VERDICT_B:
            "B (la segunda)",
            "B (the second)";
        EVAL_PENDING:
            "Pendiente",
            "Pending";
        EVAL_KEYWORD:
            "Palabra clave",
            "Keyword";
        EVAL_JOKE_X:
            "Talla de X",
            "X's joke";
        EVAL_JOKE_Y:
            "Talla de Y",
            "Y's joke";
        EVAL_REFERENCE:
            "Referencia",
            "Reference";
        EVAL_X_FIRST:
            "X primero",
            "X first";
        EVAL_X_SECOND:
            "Y primero",
            "Y first";
        EVAL_OUTCOME:
            "Resultado",
            "Outcome";
        EVAL_PEOPLE:
            "El juez frente a las personas",
            "The judge against people";
        EVAL_KAPPA:
            "Con {}: κ de Cohen {} sobre {} pares con las dos tallas etiquetadas.",
            "With {}: Cohen's κ {} over {} pairs with both jokes labelled.";
        EVAL_KAPPA_NONE:
            "Con {}: aún no hay pares con las dos tallas etiquetadas. Lleva las tallas a Tallas y etiquétalas o vótalas.",
            "With {}: no pair has both jokes labelled yet. Bring the jokes to Jokes and label them or put them to a vote.";
        EVAL_KAPPA_UNDEFINED:
            "Con {}: {} pares con las dos tallas etiquetadas, pero el κ no se puede calcular: el juez y las etiquetas dieron cada uno una sola respuesta en todos ellos.",
            "With {}: {} pairs with both jokes labelled, but κ cannot be computed: the judge and the labels each gave one answer throughout.";
        EVAL_CURATOR:
            "el curador",
            "the curator";
        EVAL_CROWD:
            "el público",
            "the crowd";
        EVAL_METHOD_PEOPLE:
            "Las tallas de la evaluación llevadas a Tallas reciben la etiqueta del curador y los votos del público (cuenta la mayoría). En cada par, las etiquetas prefieren la buena talla sobre la fome, y ninguna cuando las dos tienen la misma etiqueta; el κ de Cohen compara esa preferencia con el resultado del juez (X, Y o ninguna). 1: acuerdo perfecto; 0: el que daría el azar.",
            "The evaluation's jokes brought to Jokes get the curator's label and the crowd's votes (the majority counts). In each pair the labels prefer the funny joke over the not funny one, and neither when both have the same label; Cohen's κ compares that preference with the judge's outcome (X, Y or neither). 1: perfect agreement; 0: what chance would give.";
        EVAL_GONE:
            "La evaluación {} ya no está en este navegador.",
            "The evaluation {} is no longer in this browser.";
    }
}
