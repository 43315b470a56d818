//! Reading the files a curator drops on the import page: each file becomes a [`FileReport`]
//! (what it was read as, what it holds, its warnings, or why it was refused) and its records
//! join one [`ImportBatch`] that the store writes in a single transaction.
//!
//! Transcripts are recognised by content (`tallas_core::transcript::detect`); CSV tables by
//! their header row, so the corpus's files import whatever they are called.

use serde::{Deserialize, Serialize};
use tallas_core::transcript::{
    self, Issue, ParseOptions, ParseReport, Rows, TableOptions, parse_comedians, parse_jokes, parse_routines,
    parse_shows,
};

use super::model::{
    CatalogEntry, Joke, JokeSource, Routine, RoutineMeta, SegmentRecord, TextVersion, TranscriptRecord, VersionKind,
};

/// How strict the import is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Keep the good rows of a file with bad ones (the bad ones are listed) instead of refusing it.
    pub lenient: bool,
}

impl FileReport {
    /// A file the browser could not read at all (removed or unreadable on disk).
    pub fn unreadable(file_name: String, reason: String) -> Self {
        let problem = crate::i18n::fill(crate::i18n::t().IMPORT_UNREADABLE, &[&reason]);
        Self { file_name, read_as: None, outcome: Outcome::Rejected { problems: vec![problem] }, warnings: vec![] }
    }
}

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub file_name: String,
    /// What the file was read as ("SRT", "jokes CSV", ...); `None` when it could not be told.
    pub read_as: Option<String>,
    pub outcome: Outcome,
    /// Repairs, suspected lost accents and (in lenient mode) the rows left out, each located.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Read; `items` counts what it holds, in the file's own unit.
    Read { items: usize, unit: Unit },
    /// Nothing from this file is imported; every problem found is listed.
    Rejected { problems: Vec<String> },
}

/// What a file's items are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    Segments,
    Jokes,
    Routines,
    Comedians,
    Shows,
}

/// The records read from a set of files, to be written together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportBatch {
    /// Partial routines: a transcript, metadata, or both. The store merges them into what it has.
    pub routines: Vec<Routine>,
    pub jokes: Vec<Joke>,
    pub catalog: Vec<CatalogEntry>,
    /// Keys of catalog rows to remove ([`CatalogEntry::key`]): the comedians a curator's typed
    /// details replace (`domain::details`). Files only add.
    #[serde(default)]
    pub catalog_removed: Vec<String>,
}

impl ImportBatch {
    pub fn is_empty(&self) -> bool {
        self.routines.is_empty() && self.jokes.is_empty() && self.catalog.is_empty() && self.catalog_removed.is_empty()
    }

    /// One record per id: routines read from several files (a transcript and the routines table)
    /// are merged in file order, and a joke or catalog row read twice is kept once.
    pub fn deduplicated(self) -> Self {
        let mut routines: Vec<Routine> = Vec::with_capacity(self.routines.len());
        let mut routine_at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for routine in self.routines {
            match routine_at.get(&routine.id) {
                Some(&i) => routines[i].merge(routine),
                None => {
                    routine_at.insert(routine.id.clone(), routines.len());
                    routines.push(routine);
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        let jokes = self.jokes.into_iter().filter(|joke| seen.insert(joke.id.clone())).collect();
        let mut seen = std::collections::HashSet::new();
        let catalog = self.catalog.into_iter().rev().filter(|entry| seen.insert(entry.key())).collect::<Vec<_>>();
        // The last row of a key wins, as a later file would overwrite an earlier one.
        Self { routines, jokes, catalog: catalog.into_iter().rev().collect(), catalog_removed: self.catalog_removed }
    }
}

/// Reads every file; a refused file adds nothing to the batch.
pub fn read_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    options: ImportOptions,
    now_ms: u64,
) -> (Vec<FileReport>, ImportBatch) {
    let mut batch = ImportBatch::default();
    let reports = files.into_iter().map(|(name, bytes)| read_file(name, bytes, options, now_ms, &mut batch)).collect();
    (reports, batch)
}

/// The CSV tables Tallas reads, told apart by their columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableKind {
    Jokes,
    Routines,
    Comedians,
    Shows,
}

/// Reads one file into `batch` and says what happened.
pub fn read_file(name: &str, bytes: &[u8], options: ImportOptions, now_ms: u64, batch: &mut ImportBatch) -> FileReport {
    let report = |read_as: Option<String>, outcome, warnings| FileReport {
        file_name: name.to_owned(),
        read_as,
        outcome,
        warnings,
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let problem = crate::i18n::t().IMPORT_EMPTY_FILE.to_owned();
        return report(None, Outcome::Rejected { problems: vec![problem] }, vec![]);
    }
    let table_options = TableOptions { lenient: options.lenient };
    match table_kind(bytes) {
        Some(kind) => {
            let read_as = Some(kind.name().to_owned());
            match read_table(kind, name, bytes, &table_options, now_ms, batch) {
                Ok((items, unit, issues)) => report(read_as, Outcome::Read { items, unit }, located(&issues)),
                Err(failure) => report(read_as, rejected(failure), vec![]),
            }
        }
        None if has_extension(name, "csv") => {
            let problem = crate::i18n::fill(
                crate::i18n::t().IMPORT_UNKNOWN_TABLE,
                &[&TableKind::ALL.map(TableKind::columns).join(" · ")],
            );
            report(Some("CSV".into()), Outcome::Rejected { problems: vec![problem] }, vec![])
        }
        None => {
            let parse_options = ParseOptions { lenient: options.lenient, format: None };
            match transcript::parse(bytes, &parse_options) {
                Ok(parsed) => {
                    let items = parsed.segments.len();
                    batch.routines.push(Routine {
                        id: routine_id_from_file_name(name),
                        transcript: Some(TranscriptRecord {
                            file_name: name.to_owned(),
                            format: wire_name(parsed.format),
                            segments: parsed.segments.iter().map(SegmentRecord::from).collect(),
                            imported_at_ms: now_ms,
                        }),
                        meta: None,
                    });
                    let read_as = Some(parsed.format.to_string());
                    report(read_as, Outcome::Read { items, unit: Unit::Segments }, located(&parsed.warnings))
                }
                Err(failure) => {
                    let read_as = Some(transcript::detect(bytes).to_string());
                    report(read_as, rejected(failure), vec![])
                }
            }
        }
    }
}

fn rejected(failure: ParseReport) -> Outcome {
    Outcome::Rejected { problems: located(&failure.issues) }
}

fn located(issues: &[Issue]) -> Vec<String> {
    issues.iter().map(ToString::to_string).collect()
}

fn wire_name(format: transcript::Format) -> String {
    serde_json::to_value(format).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn has_extension(name: &str, extension: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| ext.eq_ignore_ascii_case(extension))
}

/// The corpus names transcripts `routine_<id>_transcript.jsonl`; that id links a transcript to
/// its row in the routines table and to its jokes. Other files are their own routine, named by
/// the file.
pub fn routine_id_from_file_name(name: &str) -> String {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let digits =
        stem.strip_prefix("routine_").map(|rest| rest.split(|c: char| !c.is_ascii_digit()).next().unwrap_or(""));
    match digits {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => stem.to_owned(),
    }
}

impl TableKind {
    const ALL: [TableKind; 4] = [TableKind::Jokes, TableKind::Routines, TableKind::Comedians, TableKind::Shows];

    fn name(self) -> &'static str {
        match self {
            TableKind::Jokes => "jokes CSV",
            TableKind::Routines => "routines CSV",
            TableKind::Comedians => "comedians CSV",
            TableKind::Shows => "shows CSV",
        }
    }

    fn columns(self) -> &'static str {
        match self {
            TableKind::Jokes => "routine_id,show_id,event_name,show_name,start_timestamp,text,video_id",
            TableKind::Routines => "ID,SHOWID,EVENT,VERSION,YEAR,TV,DATE,VIDEO",
            TableKind::Comedians => "ID,NAME,NATIONALITY,BIRTHDATE,GENDER,SHOWID",
            TableKind::Shows => "ID,TITLE",
        }
    }

    /// Whether a header row has this table's columns (in any order and case).
    fn matches(self, header: &[String]) -> bool {
        let mut wanted = self.columns().split(',');
        wanted.all(|column| header.iter().any(|h| h.eq_ignore_ascii_case(column)))
            && (self != TableKind::Shows || header.len() == 2)
    }
}

/// The table whose columns the first line names, if any.
fn table_kind(bytes: &[u8]) -> Option<TableKind> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|&b| b == b'\n').next()?;
    let header: Vec<String> =
        String::from_utf8_lossy(first_line).split(',').map(|h| h.trim().trim_matches('"').to_owned()).collect();
    // Jokes before comedians: the jokes table also has `show_id`, but only it has `text`.
    TableKind::ALL.into_iter().find(|kind| kind.matches(&header))
}

type TableRead = (usize, Unit, Vec<Issue>);

fn read_table(
    kind: TableKind,
    file_name: &str,
    bytes: &[u8],
    options: &TableOptions,
    now_ms: u64,
    batch: &mut ImportBatch,
) -> Result<TableRead, ParseReport> {
    fn done<T>(rows: &Rows<T>, unit: Unit) -> TableRead {
        (rows.rows.len(), unit, rows.issues.clone())
    }
    match kind {
        TableKind::Jokes => {
            let rows = parse_jokes(bytes, options)?;
            batch.jokes.extend(rows.rows.iter().enumerate().map(|(i, row)| Joke {
                routine_id: Some(row.routine_id.to_string()),
                start_ms: Some(row.start_ms),
                video_id: Some(row.video_id.clone()),
                ..Joke::new(
                    joke_id(row.routine_id, row.start_ms, &row.text),
                    JokeSource::Table { file_name: file_name.to_owned(), row: i + 1 },
                    TextVersion { kind: VersionKind::Imported, text: row.text.clone(), at_ms: now_ms },
                )
            }));
            Ok(done(&rows, Unit::Jokes))
        }
        TableKind::Routines => {
            let rows = parse_routines(bytes, options)?;
            batch.routines.extend(rows.rows.iter().map(|row| Routine {
                id: row.id.to_string(),
                transcript: None,
                meta: Some(RoutineMeta {
                    show_id: Some(row.show_id),
                    event: Some(row.event.clone()),
                    year: Some(row.year),
                    date: row.date.clone(),
                    video_id: row.video_id.clone(),
                }),
            }));
            Ok(done(&rows, Unit::Routines))
        }
        TableKind::Comedians => {
            let rows = parse_comedians(bytes, options)?;
            batch.catalog.extend(rows.rows.iter().map(|row| CatalogEntry::Comedian {
                id: row.id,
                show_id: row.show_id,
                name: row.name.clone(),
            }));
            Ok(done(&rows, Unit::Comedians))
        }
        TableKind::Shows => {
            let rows = parse_shows(bytes, options)?;
            batch
                .catalog
                .extend(rows.rows.iter().map(|row| CatalogEntry::Show { id: row.id, title: row.title.clone() }));
            Ok(done(&rows, Unit::Shows))
        }
    }
}

/// A joke's id from what identifies it in its table, so a second import of the same row finds
/// it already there. FNV-1a of the text: stable across builds and platforms, unlike std's hasher.
fn joke_id(routine_id: u32, start_ms: u64, text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("r{routine_id}-{start_ms}-{hash:016x}")
}
