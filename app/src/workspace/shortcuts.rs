//! The curation keyboard, as in Prodigy and Argilla: one key per action, no modifier needed.

/// What a key press asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Next,
    Previous,
    Funny,
    NotFunny,
    /// Leave the joke unlabelled and go to the next one.
    Skip,
    Edit,
    Undo,
    Redo,
    Search,
    ToggleHelp,
    /// Merge the selected joke's near-duplicates into it.
    Merge,
    /// Go to the selected joke's keywords.
    Keywords,
}

/// A key press as the browser reports it (`KeyboardEvent.key` and the modifiers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Press<'a> {
    pub key: &'a str,
    pub ctrl_or_meta: bool,
    pub alt: bool,
}

/// The command for a key press outside a text field; `None` leaves the key to the browser.
pub fn command(press: Press<'_>) -> Option<Command> {
    if press.alt {
        return None;
    }
    if press.ctrl_or_meta {
        // The editor convention, for people who reach for it.
        return match press.key {
            "z" => Some(Command::Undo),
            "Z" | "y" => Some(Command::Redo),
            _ => None,
        };
    }
    match press.key {
        "j" | "ArrowDown" => Some(Command::Next),
        "k" | "ArrowUp" => Some(Command::Previous),
        "f" => Some(Command::Funny),
        "n" => Some(Command::NotFunny),
        "s" => Some(Command::Skip),
        "e" => Some(Command::Edit),
        "u" => Some(Command::Undo),
        "U" => Some(Command::Redo),
        "m" => Some(Command::Merge),
        "p" => Some(Command::Keywords),
        "/" => Some(Command::Search),
        "?" => Some(Command::ToggleHelp),
        _ => None,
    }
}

/// The shortcuts as the help lists them: keys, then what they do.
pub const HELP: [(&str, &str); 12] = [
    ("j / ↓", "siguiente talla"),
    ("k / ↑", "talla anterior"),
    ("f", "buena talla"),
    ("n", "fome (no es graciosa)"),
    ("s", "saltar sin etiquetar"),
    ("e", "editar el texto (Ctrl+Enter guarda, Esc cancela)"),
    ("p", "editar las palabras clave (Enter guarda)"),
    ("m", "fusionar en esta talla sus casi-duplicados"),
    ("u / Ctrl+Z", "deshacer"),
    ("Shift+U / Ctrl+Y", "rehacer"),
    ("/", "buscar"),
    ("?", "mostrar u ocultar esta ayuda"),
];
