//! The open pages' words (the voter's page; later the public playground): a table of their own,
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
        OPEN_NOT_FOUND:
            "Aquí no hay nada. Revisa el enlace que te compartieron.",
            "There is nothing here. Check the link you were given.";
    }
}
