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
pub fn help() -> [(&'static str, &'static str); 12] {
    let w = crate::i18n::t();
    [
        ("j / ↓", w.HELP_NEXT),
        ("k / ↑", w.HELP_PREVIOUS),
        ("f", w.HELP_FUNNY),
        ("n", w.HELP_NOT_FUNNY),
        ("s", w.HELP_SKIP),
        ("e", w.HELP_EDIT),
        ("p", w.HELP_KEYWORDS),
        ("m", w.HELP_MERGE),
        ("u / Ctrl+Z", w.HELP_UNDO),
        ("Shift+U / Ctrl+Y", w.HELP_REDO),
        ("/", w.HELP_SEARCH),
        ("?", w.HELP_HELP),
    ]
}
