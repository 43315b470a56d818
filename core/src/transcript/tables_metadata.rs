//! The corpus's metadata tables: routines (one performance at one festival), comedians and
//! shows (the act's name). Columns are found by name, in any order.

use serde::Serialize;

use super::tables::{self, Rows, TableOptions};
use super::video_id::youtube_video_id;
use super::{ParseReport, Table};

/// One performance: `ID,SHOWID,EVENT,VERSION,YEAR,TV,DATE,VIDEO`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Routine {
    pub id: u32,
    pub show_id: u32,
    pub event: String,
    /// The festival's edition as written, a roman numeral ("XLVIII")...
    pub version: String,
    /// ... and its value (48).
    pub version_number: u32,
    pub year: u16,
    /// The channels that aired it ("Canal 13, TVN" gives two); empty when unknown.
    pub tv: Vec<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub video_url: Option<String>,
    pub video_id: Option<String>,
}

/// `ID,NAME,NATIONALITY,BIRTHDATE,GENDER,SHOWID`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comedian {
    pub id: u32,
    pub show_id: u32,
    pub name: String,
    pub nationality: Option<String>,
    /// `YYYY-MM-DD`; often unknown.
    pub birthdate: Option<String>,
    pub gender: Option<String>,
}

/// `ID,TITLE`: the act's name, as the festival billed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Show {
    pub id: u32,
    pub title: String,
}

/// Reads `routines.csv`.
pub fn parse_routines<T: AsRef<[u8]> + ?Sized>(
    input: &T,
    options: &TableOptions,
) -> Result<Rows<Routine>, ParseReport> {
    let columns = ["ID", "SHOWID", "EVENT", "VERSION", "YEAR", "TV", "DATE", "VIDEO"];
    tables::read(input.as_ref(), Table::RoutinesCsv, &columns, options, |r| {
        let id = r.number("ID");
        let show_id = r.number("SHOWID");
        let event = r.text("EVENT");
        let version_number = r.parsed("VERSION", "a roman numeral like XLVIII", roman);
        let version = r.optional_text("VERSION");
        let year = r.parsed("YEAR", "a year like 1999", |y| y.parse().ok().filter(|y| (1900..=2100).contains(y)));
        let tv = r.raw("TV").split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
        let date = optional_date(r, "DATE");
        let video_url = r.optional_text("VIDEO");
        let video_id = match &video_url {
            None => Some(None),
            Some(url) => match youtube_video_id(url) {
                Some(id) => Some(Some(id.to_owned())),
                None => r.bad("VIDEO", "a YouTube video URL such as https://www.youtube.com/watch?v=<id>"),
            },
        };
        Some(Routine {
            id: id?,
            show_id: show_id?,
            event: event?,
            version: version?,
            version_number: version_number?,
            year: year?,
            tv,
            date: date?,
            video_url,
            video_id: video_id?,
        })
    })
}

/// Reads `comedians.csv`.
pub fn parse_comedians<T: AsRef<[u8]> + ?Sized>(
    input: &T,
    options: &TableOptions,
) -> Result<Rows<Comedian>, ParseReport> {
    let columns = ["ID", "NAME", "NATIONALITY", "BIRTHDATE", "GENDER", "SHOWID"];
    tables::read(input.as_ref(), Table::ComediansCsv, &columns, options, |r| {
        let id = r.number("ID");
        let show_id = r.number("SHOWID");
        let name = r.text("NAME");
        let birthdate = optional_date(r, "BIRTHDATE");
        Some(Comedian {
            id: id?,
            show_id: show_id?,
            name: name?,
            nationality: r.optional_text("NATIONALITY"),
            birthdate: birthdate?,
            gender: r.optional_text("GENDER"),
        })
    })
}

/// Reads `shows.csv`.
pub fn parse_shows<T: AsRef<[u8]> + ?Sized>(input: &T, options: &TableOptions) -> Result<Rows<Show>, ParseReport> {
    tables::read(input.as_ref(), Table::ShowsCsv, &["ID", "TITLE"], options, |r| {
        let id = r.number("ID");
        let title = r.text("TITLE");
        Some(Show { id: id?, title: title? })
    })
}

/// `Some(None)` for an empty field, `Some(Some(date))` for a valid date, `None` after reporting.
fn optional_date(r: &mut tables::Record, name: &str) -> Option<Option<String>> {
    match r.optional_text(name) {
        None => Some(None),
        Some(d) if is_date(&d) => Some(Some(d)),
        Some(_) => r.bad(name, "a date like 1999-02-24 (YYYY-MM-DD)"),
    }
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten()
    };
    match parts.as_slice() {
        [y, m, d] => {
            number(y, 4).is_some()
                && number(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(d, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

/// The value of a roman numeral written the standard way ("XLVIII" is 48; "IIII" is refused).
fn roman(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<i64> = s.chars().map(digit).collect::<Option<_>>()?;
    // Bounded by the string's length, so i64 cannot overflow on any real input; checked anyway.
    let mut total: i64 = 0;
    for (i, &v) in values.iter().enumerate() {
        let signed = if values.get(i + 1).is_some_and(|&next| next > v) { -v } else { v };
        total = total.checked_add(signed)?;
    }
    let total = u32::try_from(total).ok()?;
    // Only the canonical spelling of the value counts: that rejects "IIII", "VX" and "IIV".
    (total > 0 && to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value && out.len() < 64 {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn roman_numerals() {
        assert_eq!(roman("XLVIII"), Some(48));
        assert_eq!(roman("LXIII"), Some(63));
        assert_eq!(roman("I"), Some(1));
        for bad in ["", "IIII", "VX", "IIV", "48", "xl"] {
            assert_eq!(roman(bad), None, "{bad}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn dates() {
        assert!(is_date("1999-02-24"));
        assert!(!is_date("1999-2-24") && !is_date("1999-13-01") && !is_date("24/02/1999"));
    }
}
