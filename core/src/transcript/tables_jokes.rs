//! The curated jokes table: `routine_id,show_id,event_name,show_name,start_timestamp,text,video_id`.

use serde::Serialize;

use super::health::normalize;
use super::tables::{self, Rows, TableOptions};
use super::timecode::parse_hh_mm_ss;
use super::video_id::is_video_id;
use super::{ParseReport, Table};

/// A joke a person picked out of a routine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CuratedJoke {
    pub routine_id: u32,
    pub show_id: u32,
    pub event_name: String,
    pub show_name: String,
    /// `start_timestamp` ("HH:MM:SS") in milliseconds.
    pub start_ms: u64,
    /// With repaired encoding and normalised whitespace and Unicode.
    pub text: String,
    pub video_id: String,
}

const COLUMNS: [&str; 7] = ["routine_id", "show_id", "event_name", "show_name", "start_timestamp", "text", "video_id"];

/// Reads the jokes CSV.
pub fn parse_jokes<T: AsRef<[u8]> + ?Sized>(
    input: &T,
    options: &TableOptions,
) -> Result<Rows<CuratedJoke>, ParseReport> {
    tables::read(input.as_ref(), Table::JokesCsv, &COLUMNS, options, |r| {
        let routine_id = r.number("routine_id");
        let show_id = r.number("show_id");
        let event_name = r.text("event_name");
        let show_name = r.text("show_name");
        let start_ms = r.parsed("start_timestamp", "a time like 00:03:31 (HH:MM:SS)", parse_hh_mm_ss);
        let text = r.text("text").map(|t| normalize(&t));
        let video_id =
            r.parsed("video_id", "an 11-character YouTube video id", |v| is_video_id(v).then(|| v.to_owned()));
        Some(CuratedJoke {
            routine_id: routine_id?,
            show_id: show_id?,
            event_name: event_name?,
            show_name: show_name?,
            start_ms: start_ms?,
            text: text?,
            video_id: video_id?,
        })
    })
}
