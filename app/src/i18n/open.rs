//! The open pages' words (the voter's page, the public playground): a table of their own,
//! so a phone on a mobile network downloads only these, not the curator's hundreds.

use super::holes;

words! {
    areas {}
    text {
        VOTE_PAGE_TITLE:
            "Votación de tallas",
            "Vote on jokes";
        VOTE_LOADING:
            "Cargando tallas…",
            "Loading jokes…";
        VOTE_FUNNY:
            "Buena talla",
            "Funny";
        VOTE_NOT_FUNNY:
            "Fome",
            "Not funny";
        VOTE_SKIP:
            "Paso",
            "Skip";
        VOTE_CHOICES:
            "Tu voto",
            "Your vote";
        VOTE_JOKE:
            "Talla",
            "Joke";
        VOTE_COUNT_ONE:
            "1 votada",
            "1 voted";
        VOTE_COUNT:
            "{} votadas",
            "{} voted";
        VOTE_KEYS:
            "Con teclado: f buena talla, n fome, s paso.",
            "With a keyboard: f funny, n not funny, s skip.";
        VOTE_CLOSES:
            "Cierra el {}.",
            "Closes on {}.";
        VOTE_THANKS_TITLE:
            "¡Gracias!",
            "Thank you!";
        VOTE_THANKS_TEXT:
            "Votaste todas las tallas de esta votación. Tus votos ayudan a que un modelo aprenda humor chileno.",
            "You voted on every joke of this vote. Your votes help a model learn Chilean humour.";
        VOTE_SENDING:
            "Enviando tus últimos votos ({})…",
            "Sending your last votes ({})…";
        VOTE_UNKNOWN_TITLE:
            "Esta votación no existe",
            "There is no such vote";
        VOTE_UNKNOWN_TEXT:
            "Revisa el enlace que te compartieron: puede haber quedado cortado.",
            "Check the link you were given: it may have been cut short.";
        VOTE_CLOSED_TITLE:
            "La votación terminó",
            "Voting has ended";
        VOTE_CLOSED_TEXT:
            "¡Gracias por pasar! Esta votación ya cerró.",
            "Thanks for coming by! This vote has closed.";
        VOTE_CLOSED_UNSENT:
            "{} de tus votos no alcanzaron a llegar antes del cierre.",
            "{} of your votes did not arrive before it closed.";
        VOTE_OFFLINE:
            "Sin conexión. Sigue votando: tus votos quedan guardados aquí y se envían solos cuando vuelva la señal.",
            "Offline. Keep voting: your votes are kept here and sent by themselves when the signal is back.";
        VOTE_PENDING_ONE:
            "1 voto por enviar.",
            "1 vote waiting to be sent.";
        VOTE_PENDING:
            "{} votos por enviar.",
            "{} votes waiting to be sent.";
        VOTE_RATE_LIMITED:
            "Llegan muchos votos desde tu red. Seguimos solos en {} s; puedes seguir votando.",
            "Many votes are coming from your network. We go on by ourselves in {} s; you can keep voting.";
        VOTE_UNREACHABLE_TITLE:
            "No pudimos conectar",
            "We could not connect";
        VOTE_UNREACHABLE_TEXT:
            "Revisa tu conexión. Lo intentamos de nuevo solos en {} s.",
            "Check your connection. We try again by ourselves in {} s.";
        VOTE_RETRY:
            "Reintentar ahora",
            "Try again now";
        VOTE_NO_STORAGE:
            "Este navegador no guarda datos (¿modo privado?): si recargas la página, los votos aún no enviados se pierden.",
            "This browser keeps no data (private mode?): if you reload the page, votes not yet sent are lost.";
        VOTE_FAILED:
            "Algo falló: {}. Recarga la página para seguir.",
            "Something failed: {}. Reload the page to go on.";
        PLAY_PAGE_TITLE:
            "Tallas: pide un chiste",
            "Tallas: ask for a joke";
        PLAY_INTRO:
            "Escribe una palabra y un modelo entrenado con humor chileno te cuenta una talla sobre ella.",
            "Type a word and a model trained on Chilean humour tells you a joke about it.";
        PLAY_KEYWORD:
            "Palabra clave",
            "Keyword";
        PLAY_KEYWORD_HINT:
            "Una palabra o una frase corta, como «suegra» o «la micro».",
            "A word or a short phrase, such as «mother-in-law» or «the bus».";
        PLAY_SUGGESTED:
            "Ideas",
            "Ideas";
        PLAY_MODEL:
            "Modelo",
            "Model";
        PLAY_ASK:
            "Cuéntame una talla",
            "Tell me a joke";
        PLAY_AGAIN:
            "Otra",
            "Another";
        PLAY_TELLING:
            "Pensando la talla…",
            "Thinking of a joke…";
        PLAY_TOLD_BY:
            "Contada por {}",
            "Told by {}";
        PLAY_LOADING:
            "Cargando…",
            "Loading…";
        PLAY_KEYWORD_EMPTY:
            "Escribe una palabra o una frase corta primero.",
            "Type a word or a short phrase first.";
        PLAY_KEYWORD_LONG:
            "La palabra clave tiene {} caracteres; el máximo es {}. Acórtala.",
            "The keyword has {} characters; the most is {}. Shorten it.";
        PLAY_KEYWORD_CONTROL:
            "La palabra clave no puede tener saltos de línea ni tabulaciones.",
            "The keyword cannot have line breaks or tabs.";
        PLAY_RATE_LIMITED:
            "Vas muy rápido: espera {} s y pide otra.",
            "You are going too fast: wait {} s and ask again.";
        PLAY_BUDGET_SPENT:
            "Por hoy se acabaron las tallas: el presupuesto del día se gastó. Vuelve después de las 00:00 UTC (en {} h {} min).",
            "No more jokes today: the day's budget is spent. Come back after 00:00 UTC (in {} h {} min).";
        PLAY_CLOSED_TITLE:
            "El playground está cerrado",
            "The playground is closed";
        PLAY_CLOSED_TEXT:
            "Todavía no hay modelos publicados. Vuelve más tarde.",
            "No models are published yet. Come back later.";
        PLAY_UNREACHABLE:
            "No pudimos conectar con el servidor. Revisa tu conexión y vuelve a pedir.",
            "We could not reach the server. Check your connection and ask again.";
        PLAY_CUT:
            "La talla quedó a medias: {} Pide otra.",
            "The joke was cut short: {} Ask again.";
        PLAY_CUT_LONG:
            "el modelo se pasó del largo permitido.",
            "the model went past the allowed length.";
        PLAY_CUT_UPSTREAM:
            "el modelo dejó de responder.",
            "the model stopped answering.";
        PLAY_FAILED:
            "Algo falló: {}.",
            "Something failed: {}.";
        PLAY_HISTORY:
            "Tus últimas tallas",
            "Your last jokes";
        PLAY_MODES:
            "Modo",
            "Mode";
        PLAY_MODE_ASK:
            "Pide una talla",
            "Ask for a joke";
        PLAY_MODE_ARENA:
            "Arena",
            "Arena";
        ARENA_INTRO:
            "Dos modelos cuentan una talla sobre la misma palabra, sin decir quién es quién. Elige la mejor; después te contamos cuál era cuál.",
            "Two models tell a joke about the same word, without saying which is which. Pick the better one; then we tell you who wrote which.";
        ARENA_START:
            "Enfrentar",
            "Face off";
        ARENA_THINKING:
            "Dos modelos están pensando…",
            "Two models are thinking…";
        ARENA_SLOT_A:
            "Talla A",
            "Joke A";
        ARENA_SLOT_B:
            "Talla B",
            "Joke B";
        ARENA_CHOICES:
            "¿Cuál es mejor?",
            "Which is better?";
        ARENA_A:
            "A",
            "A";
        ARENA_B:
            "B",
            "B";
        ARENA_TIE:
            "Empate",
            "Tie";
        ARENA_NEITHER:
            "Ninguna",
            "Neither";
        ARENA_WROTE:
            "La escribió {}",
            "Written by {}";
        ARENA_THANKS:
            "¡Gracias por tu voto!",
            "Thanks for your vote!";
        ARENA_AGAIN:
            "Otra ronda",
            "Another round";
        ARENA_NEEDS_TWO:
            "La arena necesita dos modelos publicados; por ahora puedes pedir una talla.",
            "The arena needs two published models; for now you can ask for a joke.";
        ARENA_VOTE_FAILED:
            "Tu voto no llegó: {}",
            "Your vote did not arrive: {}";
        ARENA_SEND_AGAIN:
            "Enviar de nuevo",
            "Send again";
        OPEN_NOT_FOUND:
            "Aquí no hay nada. Revisa el enlace que te compartieron.",
            "There is nothing here. Check the link you were given.";
    }
}
