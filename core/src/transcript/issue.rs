//! Problems found while reading an input: where (input kind, line, column) and what was expected.
//! One type serves transcripts and CSV tables so a caller shows every problem the same way.

use std::fmt;

use serde::Serialize;

use super::Format;

/// Which input an issue is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Input {
    Transcript(Format),
    Table(Table),
}

/// The CSV tables of the curated corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// `routine_id,show_id,event_name,show_name,start_timestamp,text,video_id`.
    JokesCsv,
    /// `ID,SHOWID,EVENT,VERSION,YEAR,TV,DATE,VIDEO` (any column order).
    RoutinesCsv,
    /// `ID,NAME,NATIONALITY,BIRTHDATE,GENDER,SHOWID` (any column order).
    ComediansCsv,
    /// `ID,TITLE`.
    ShowsCsv,
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Table::JokesCsv => "jokes CSV",
            Table::RoutinesCsv => "routines CSV",
            Table::ComediansCsv => "comedians CSV",
            Table::ShowsCsv => "shows CSV",
        })
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Input::Transcript(format) => format.fmt(f),
            Input::Table(table) => table.fmt(f),
        }
    }
}

/// An error makes strict parsing fail; a warning never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located. Lines and columns count from 1; columns count characters (for CSV
/// tables, fields). Warnings about a segment's text point at the start of that text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{input}, line {line}, column {column}: {kind}")]
pub struct Issue {
    pub input: Input,
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub kind: IssueKind,
}

impl Issue {
    pub(crate) fn error(input: impl Into<Input>, line: usize, column: usize, kind: IssueKind) -> Self {
        Self { input: input.into(), severity: Severity::Error, line, column, kind }
    }

    pub(crate) fn warning(input: impl Into<Input>, line: usize, column: usize, kind: IssueKind) -> Self {
        Self { input: input.into(), severity: Severity::Warning, line, column, kind }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Shorthand for the most common error: the input has something else where `expected` should be.
    pub(crate) fn expected(
        input: impl Into<Input>,
        line: usize,
        column: usize,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        Self::error(input, line, column, IssueKind::Expected { expected: expected.into(), found: found.into() })
    }
}

impl From<Format> for Input {
    fn from(format: Format) -> Self {
        Input::Transcript(format)
    }
}

impl From<Table> for Input {
    fn from(table: Table) -> Self {
        Input::Table(table)
    }
}

/// What is wrong. Each variant's message says what was expected, so a person can fix the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IssueKind {
    /// The input has `found` where the format needs `expected`.
    Expected { expected: String, found: String },
    /// The JSON does not parse or has the wrong shape; `message` is the JSON parser's, without
    /// its position (the issue carries the position in the whole input).
    Json { message: String },
    /// The XML is not well-formed; `message` is the XML reader's, without its position.
    Xml { message: String },
    /// A CSV field holds the wrong kind of value.
    Field { name: String, expected: String, found: String },
    /// Bytes that are not UTF-8 (lenient mode decodes each such byte as Latin-1).
    InvalidUtf8 { bytes: String },
    /// A segment that ends before it starts (a warning: its end is set to its start).
    EndBeforeStart { start_ms: u64, end_ms: u64 },
    /// A word that looks like a Spanish word whose accented letter was lost ("mdico"); the
    /// suggestion is absent when several words fit ("s": "sí" or "sé").
    LostAccent { segment: usize, word: String, suggestion: Option<String> },
    /// Text that had been UTF-8-encoded twice ("niÃ±a") and was repaired ("niña").
    RepairedEncoding { segment: usize, before: String, after: String },
    /// The input was read and holds no text at all: it would be an empty routine.
    NoText,
    /// The file is not UTF-8 and was read in `encoding` (its byte-order mark's, or Windows-1252
    /// for a file without any UTF-8 in it).
    ReadAs { encoding: String },
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueKind::Expected { expected, found } => write!(f, "expected {expected}, found {found}"),
            IssueKind::Json { message } => write!(f, "{message}"),
            IssueKind::Xml { message } => {
                write!(f, "the XML is not well-formed: {message}; fix the file or export it again")
            }
            IssueKind::Field { name, expected, found } => {
                write!(f, "`{name}` should be {expected}, found {found}")
            }
            IssueKind::InvalidUtf8 { bytes } => {
                write!(f, "expected UTF-8 text, found the byte(s) {bytes}; save the file as UTF-8")
            }
            IssueKind::EndBeforeStart { start_ms, end_ms } => write!(
                f,
                "expected the end time to be at or after the start time, found start {} and end {}; \
                 the end was set to the start",
                Millis(*start_ms),
                Millis(*end_ms)
            ),
            IssueKind::LostAccent { segment, word, suggestion: Some(s) } => {
                write!(f, "segment {segment}: {word:?} looks like {s:?} with its accented letter lost")
            }
            IssueKind::LostAccent { segment, word, suggestion: None } => {
                write!(f, "segment {segment}: {word:?} looks like a word with its accented letter lost")
            }
            IssueKind::RepairedEncoding { segment, before, after } => {
                write!(f, "segment {segment}: repaired doubly encoded UTF-8 {before:?} to {after:?}")
            }
            IssueKind::ReadAs { encoding } => {
                write!(
                    f,
                    "expected UTF-8, found {encoding}, and read it as such; if an accent looks wrong, save the file as UTF-8 and import it again"
                )
            }
            IssueKind::NoText => write!(
                f,
                "expected some text, found none: nothing would be imported (for a transcriber's output, it heard no \
                 speech; check the audio, or import another file)"
            ),
        }
    }
}

/// Formats milliseconds as `H:MM:SS.mmm` in messages, the way people read subtitle times.
struct Millis(u64);

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0;
        write!(f, "{}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
    }
}

/// Why an input was refused: every error found, not just the first, so one round of fixes suffices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct ParseReport {
    pub issues: Vec<Issue>,
}

impl fmt::Display for ParseReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.issues.len();
        write!(f, "{n} problem{} in the input", if n == 1 { "" } else { "s" })?;
        for issue in &self.issues {
            write!(f, "\n- {issue}")?;
        }
        Ok(())
    }
}
