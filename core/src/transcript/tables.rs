//! Reading the corpus's CSV tables: columns found by header name (the files do not agree on an
//! order), one typed row per record, and every bad field reported with its line and column.

use serde::Serialize;

use super::decode::strip_bom;
use super::{Issue, IssueKind, ParseReport, Table};

/// How the table readers treat bad rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// Keep the good rows and report the bad ones in [`Rows::issues`] instead of refusing the file.
    pub lenient: bool,
}

/// The rows read from a table, and (in lenient mode) the errors of the rows left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rows<T> {
    pub rows: Vec<T>,
    pub issues: Vec<Issue>,
}

/// One record, with accessors that check a field and remember every problem found.
pub(crate) struct Record<'a> {
    table: Table,
    line: usize,
    header: &'a [String],
    fields: Vec<String>,
    issues: Vec<Issue>,
}

impl Record<'_> {
    fn column(&self, name: &str) -> usize {
        self.header.iter().position(|h| h.eq_ignore_ascii_case(name)).unwrap_or(0)
    }

    /// The trimmed field; `read` guarantees every required column exists.
    pub fn raw(&self, name: &str) -> &str {
        self.fields.get(self.column(name)).map_or("", |f| f.trim())
    }

    /// Records a problem with field `name`; returns `None` for the caller's convenience.
    pub fn bad<T>(&mut self, name: &str, expected: &str) -> Option<T> {
        let found = match self.raw(name) {
            "" => "an empty field".to_owned(),
            value => format!("{value:?}"),
        };
        let column = self.column(name) + 1;
        let kind = IssueKind::Field { name: name.to_owned(), expected: expected.to_owned(), found };
        self.issues.push(Issue::error(self.table, self.line, column, kind));
        None
    }

    pub fn text(&mut self, name: &str) -> Option<String> {
        match self.raw(name) {
            "" => self.bad(name, "a value"),
            value => Some(value.to_owned()),
        }
    }

    pub fn optional_text(&self, name: &str) -> Option<String> {
        Some(self.raw(name)).filter(|v| !v.is_empty()).map(str::to_owned)
    }

    pub fn number(&mut self, name: &str) -> Option<u32> {
        let value = self.raw(name);
        match value.parse() {
            Ok(n) if value.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => self.bad(name, "a whole number"),
        }
    }

    /// A checked value: `parse` gives `None` when the field is not what `expected` describes.
    pub fn parsed<T>(&mut self, name: &str, expected: &str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        match parse(self.raw(name)) {
            Some(v) => Some(v),
            None => self.bad(name, expected),
        }
    }
}

/// Reads a table whose header must hold `columns`; `row` turns a record into a typed row, or
/// `None` after reporting what is wrong through the record.
pub(crate) fn read<T>(
    input: &[u8],
    table: Table,
    columns: &[&str],
    options: &TableOptions,
    mut row: impl FnMut(&mut Record) -> Option<T>,
) -> Result<Rows<T>, ParseReport> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(strip_bom(input));
    let mut records = reader.byte_records();
    let fatal = |issue| Err(ParseReport { issues: vec![issue] });
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|f| String::from_utf8_lossy(f).trim().to_owned()).collect(),
        _ => return fatal(Issue::expected(table, 1, 1, format!("a header line: {}", columns.join(",")), "nothing")),
    };
    let missing: Vec<&str> =
        columns.iter().copied().filter(|c| !header.iter().any(|h| h.eq_ignore_ascii_case(c))).collect();
    if !missing.is_empty() {
        let expected = format!("a header with the column(s) {}", missing.join(", "));
        return fatal(Issue::expected(table, 1, 1, expected, format!("{:?}", header.join(","))));
    }
    let mut rows = Vec::new();
    let mut issues = Vec::new();
    for result in records {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                // Cannot happen on a byte slice with flexible records; kept so nothing is silent.
                let line = e.position().map_or(0, |p| p.line() as usize);
                issues.push(Issue::expected(table, line, 1, "a readable CSV record", e.to_string()));
                break;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.len() != header.len() {
            let expected = format!("{} fields like the header", header.len());
            issues.push(Issue::expected(table, line, 1, expected, format!("{} field(s)", record.len())));
            continue;
        }
        let mut fields = Vec::with_capacity(record.len());
        let mut bad_utf8 = false;
        for (i, field) in record.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(text) => fields.push(text.to_owned()),
                Err(e) => {
                    let byte = field.get(e.valid_up_to()).copied().unwrap_or(0);
                    let kind = IssueKind::InvalidUtf8 { bytes: format!("0x{byte:02X}") };
                    issues.push(Issue::error(table, line, i + 1, kind));
                    bad_utf8 = true;
                    break;
                }
            }
        }
        if bad_utf8 {
            continue;
        }
        let mut record = Record { table, line, header: &header, fields, issues: Vec::new() };
        match (row(&mut record), record.issues.is_empty()) {
            (Some(value), true) => rows.push(value),
            (None, true) => issues.push(Issue::expected(table, line, 1, "a valid row", "a row that could not be read")),
            (_, false) => issues.append(&mut record.issues),
        }
    }
    if !options.lenient && !issues.is_empty() {
        return Err(ParseReport { issues });
    }
    Ok(Rows { rows, issues })
}
