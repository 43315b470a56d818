//! Tests as data: every file under `transcript_fixtures/<kind>/` is parsed and the result compared
//! with its snapshot in `transcript_snapshots/`. Add a case by adding a file, then run
//! `INSTA_UPDATE=always cargo test -p tallas-core --test transcript` and read the new snapshot.
//! Below the fixtures: property tests (no panic on any input; windows and groups keep their rules).

// Native only (visibly, with `#[cfg(not(target_arch = "wasm32"))]`): the tests that read their
// fixture folders from disk, compare with insta snapshot files, or use proptest; their helpers are
// unused in WASM.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::path::{Path, PathBuf};

#[cfg(not(target_arch = "wasm32"))]
use proptest::prelude::*;
use serde_json::{Value, json};
use tallas_core::transcript::{
    Event, Format, ParseOptions, ParseReport, Rows, Segment, SegmentationConfig, TableOptions, Transcript, detect,
    group_utterances, pack_windows, parse, parse_comedians, parse_jokes, parse_routines, parse_shows,
    segment_transcript,
};
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const FORMATS: [Format; 11] = [
    Format::SegmentJsonl,
    Format::YoutubeTranscriptApi,
    Format::YoutubeJson3,
    Format::Srt,
    Format::WebVtt,
    Format::WhisperJson,
    Format::WhisperTsv,
    Format::Sbv,
    Format::Ttml,
    Format::YoutubeTimedText,
    Format::PlainText,
];

/// Every fixture, each compared with its snapshot `transcript@<kind>__<case>.snap`; one run reports
/// every snapshot that changed.
#[test]
#[cfg(not(target_arch = "wasm32"))]
fn fixtures() {
    insta::with_settings!({ snapshot_path => "transcript_snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::glob!("transcript_fixtures", "*/*", |path| insta::assert_json_snapshot!("transcript", check(path)));
    });
}

#[cfg(not(target_arch = "wasm32"))]
/// Parses one fixture the way its folder says.
fn check(path: &Path) -> Value {
    let kind = path.parent().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap();
    let bytes = std::fs::read(path).unwrap();
    match kind {
        "jokes_csv" => table(|o| parse_jokes(&bytes, o)),
        "routines_csv" => table(|o| parse_routines(&bytes, o)),
        "comedians_csv" => table(|o| parse_comedians(&bytes, o)),
        "shows_csv" => table(|o| parse_shows(&bytes, o)),
        "windows" => windows(&bytes),
        // Files of other encodings: their format is detected, as an import does.
        "encodings" => transcript(detect(&bytes), &bytes),
        _ => transcript(format_of(kind), &bytes),
    }
}

fn format_of(folder: &str) -> Format {
    match folder {
        "segment_jsonl" => Format::SegmentJsonl,
        "youtube_transcript_api" => Format::YoutubeTranscriptApi,
        "youtube_json3" => Format::YoutubeJson3,
        "srt" => Format::Srt,
        "webvtt" => Format::WebVtt,
        "whisper_json" => Format::WhisperJson,
        "whisper_tsv" => Format::WhisperTsv,
        "sbv" => Format::Sbv,
        "ttml" => Format::Ttml,
        "youtube_timed_text" => Format::YoutubeTimedText,
        "plain_text" => Format::PlainText,
        other => panic!("unknown fixture folder {other}"),
    }
}

/// The strict result; when strict refuses the input, its report and the lenient result too.
fn transcript(format: Format, bytes: &[u8]) -> Value {
    let strict = parse(bytes, &ParseOptions { lenient: false, format: Some(format) });
    let detected = detect(bytes);
    match strict {
        Ok(t) => json!({ "detected": detected, "strict": shown(&t) }),
        Err(report) => {
            let lenient = parse(bytes, &ParseOptions { lenient: true, format: Some(format) });
            json!({
                "detected": detected,
                "strict_error": messages(&report),
                "lenient": lenient.map_or_else(|r| json!({ "error": messages(&r) }), |t| shown(&t)),
            })
        }
    }
}

/// A transcript with its issues as people read them (their structure is checked separately).
fn shown(t: &Transcript) -> Value {
    json!({
        "format": t.format,
        "segments": t.segments,
        "warnings": t.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

fn messages(report: &ParseReport) -> Vec<String> {
    report.to_string().lines().map(str::to_owned).collect()
}

fn table<T: serde::Serialize>(read: impl Fn(&TableOptions) -> Result<Rows<T>, ParseReport>) -> Value {
    let shown = |rows: Rows<T>| json!({ "rows": rows.rows, "issues": rows.issues.iter().map(ToString::to_string).collect::<Vec<_>>() });
    match read(&TableOptions { lenient: false }) {
        Ok(rows) => json!({ "strict": shown(rows) }),
        Err(report) => json!({
            "strict_error": messages(&report),
            "lenient": read(&TableOptions { lenient: true }).map_or_else(|r| json!({ "error": messages(&r) }), shown),
        }),
    }
}

/// Small limits so that a short fixture shows grouping, packing, boundaries and overlap.
fn small_config() -> SegmentationConfig {
    SegmentationConfig { max_group_chars: 80, max_window_chars: 200, ..SegmentationConfig::default() }
}

fn windows(bytes: &[u8]) -> Value {
    let t = parse(bytes, &ParseOptions::default()).unwrap();
    let config = small_config();
    let segmentation = segment_transcript(&t, "rutina-prueba", &config);
    json!({ "config": config, "segments": t.segments.len(), "segmentation": segmentation })
}

#[wasm_bindgen_test(unsupported = test)]
fn issues_serialize_with_their_location_and_kind() {
    let input = "{\"start_time\": 1, \"end_time\": 0.5, \"transcript\": \"x\"}\n{\"start_time\": true}\n";
    let err = parse(input, &ParseOptions::default()).unwrap_err();
    assert_eq!(
        serde_json::to_value(&err).unwrap(),
        json!({ "issues": [{
            "input": "segment_jsonl", "severity": "error", "line": 2, "column": 19,
            "kind": { "kind": "json", "message": "invalid type: boolean `true`, expected seconds as a number from 0 to 1000000" },
        }]})
    );
    assert_eq!(
        err.to_string(),
        "1 problem in the input\n- segment JSONL, line 2, column 19: invalid type: boolean `true`, expected seconds as a \
         number from 0 to 1000000"
    );
    // An end before the start is repaired, not refused: the text is good.
    let lenient = parse(input, &ParseOptions { lenient: true, format: None }).unwrap();
    assert_eq!(lenient.segments[0].end_ms, Some(1_000));
    assert_eq!(
        serde_json::to_value(&lenient.warnings[0]).unwrap(),
        json!({
            "input": "segment_jsonl", "severity": "warning", "line": 1, "column": 31,
            "kind": { "kind": "end_before_start", "start_ms": 1000, "end_ms": 500 },
        })
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn str_and_bytes_are_both_accepted() {
    let from_str = parse("hola\n", &ParseOptions::default()).unwrap();
    let from_bytes = parse(b"hola\n".as_slice(), &ParseOptions::default()).unwrap();
    assert_eq!(from_str, from_bytes);
    assert_eq!(detect("WEBVTT\n"), Format::WebVtt);
    assert_eq!(detect(&b"1\n00:00:01,000 --> 00:00:02,000\nx\n".to_vec()), Format::Srt);
}

// ---------------------------------------------------------------------------------------------
// Properties.

#[cfg(not(target_arch = "wasm32"))]
/// Pieces that make random inputs reach deep into every parser, not just fail on the first byte.
fn syntax_soup() -> impl Strategy<Value = String> {
    let pieces = vec![
        "\n",
        "\r\n",
        " ",
        "\t",
        "-->",
        " --> ",
        "00:00:01,000",
        "00:01.500",
        "1:02",
        "[00:05]",
        "1",
        "42",
        "-3",
        "1e400",
        "WEBVTT",
        "NOTE",
        "STYLE",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "\"",
        ":",
        ",",
        "\"text\"",
        "\"start\"",
        "\"duration\"",
        "\"events\"",
        "\"segs\"",
        "\"utf8\"",
        "\"tStartMs\"",
        "\"start_time\"",
        "\"end_time\"",
        "\"transcript\"",
        "Ã",
        "±",
        "Â¿",
        "â€",
        "ñ",
        "\u{301}",
        "\u{FFFD}",
        "[Risas]",
        "(risas)",
        "[ __ ]",
        "<i>",
        "</c>",
        "<00:00:01.000>",
        "&amp;",
        "&#",
        ";",
        "qu",
        "mdico",
        "hola",
        "\u{0}",
        "\u{200B}",
        "\u{AD}",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..80).prop_map(|v| v.concat())
}

/// What every successfully parsed transcript guarantees about its text and events.
fn assert_clean(t: &Transcript) {
    for s in &t.segments {
        assert!(!s.text.is_empty() || !s.events.is_empty(), "empty segment kept: {s:?}");
        assert_eq!(s.text.trim(), s.text, "untrimmed: {s:?}");
        assert!(!s.text.contains("  "), "double space: {s:?}");
        assert!(!s.text.chars().any(char::is_control), "control character: {s:?}");
        for e in &s.events {
            assert!(s.text.is_char_boundary(e.at()), "event inside a character: {s:?}");
        }
        if let (Some(start), Some(end)) = (s.start_ms, s.end_ms) {
            assert!(start <= end, "{s:?}");
        }
    }
}

fn parse_everything(bytes: &[u8]) {
    let _ = detect(bytes);
    for format in FORMATS {
        for lenient in [false, true] {
            if let Ok(t) = parse(bytes, &ParseOptions { lenient, format: Some(format) }) {
                assert_clean(&t);
                let config = SegmentationConfig { max_group_chars: 30, max_window_chars: 90, ..Default::default() };
                let _ = segment_transcript(&t, "r", &config);
            }
        }
    }
    for lenient in [false, true] {
        let options = TableOptions { lenient };
        let _ = parse_jokes(bytes, &options);
        let _ = parse_routines(bytes, &options);
        let _ = parse_comedians(bytes, &options);
        let _ = parse_shows(bytes, &options);
    }
}

#[cfg(not(target_arch = "wasm32"))]
proptest! {
    #[test]
    fn no_parser_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        parse_everything(&bytes);
    }

    #[test]
    fn no_parser_panics_on_syntax_soup(text in syntax_soup()) {
        parse_everything(text.as_bytes());
    }

    #[test]
    fn no_parser_panics_on_damaged_fixtures(case in 0usize..1000, cut in 0usize..4000, byte in any::<u8>()) {
        // Real-looking files, cut short or with one byte changed.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcript_fixtures");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&root).unwrap()
            .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let mut bytes = std::fs::read(&files[case % files.len()]).unwrap();
        if !bytes.is_empty() {
            let at = cut % bytes.len();
            bytes[at] = byte;
            parse_everything(&bytes);
            bytes.truncate(at);
            parse_everything(&bytes);
        }
    }

    #[test]
    fn groups_and_windows_keep_their_rules(
        segments in prop::collection::vec(segment(), 0..40),
        max_group_chars in 1usize..120,
        max_window_chars in 1usize..400,
        overlap_utterances in 0usize..4,
        min_pause_ms in 0u64..500,
        min_group_ms in 0u64..3_000,
        boundary_zone_percent in 0u8..=100,
    ) {
        let config = SegmentationConfig {
            min_pause_ms, min_group_ms, max_group_chars, max_window_chars, overlap_utterances, boundary_zone_percent,
            ..SegmentationConfig::default()
        };
        let utterances = group_utterances(&segments, &config);

        // Every segment in exactly one group, in order; no group over its limit unless it is one segment.
        let mut next = 0;
        for u in &utterances {
            prop_assert_eq!(u.segments.start, next);
            prop_assert!(u.segments.end > u.segments.start);
            next = u.segments.end;
            let texts: Vec<&str> =
                segments[u.segments.clone()].iter().map(|s| s.text.as_str()).filter(|t| !t.is_empty()).collect();
            // Marker-only segments add no characters, so "a single segment" means a single one with words.
            prop_assert!(u.chars() <= max_group_chars || texts.len() == 1, "{:?}", u);
            prop_assert_eq!(&u.text, &texts.join(" "));
            let events: usize = segments[u.segments.clone()].iter().map(|s| s.events.len()).sum();
            prop_assert_eq!(u.events.len(), events);
            for e in &u.events {
                prop_assert!(u.text.is_char_boundary(e.at()));
            }
        }
        prop_assert_eq!(next, segments.len());

        // Windows: each utterance new in exactly one window, in order, plus the declared overlap.
        let windows = pack_windows(&utterances, "r", &config);
        let mut covered = 0;
        for (i, w) in windows.iter().enumerate() {
            prop_assert_eq!(w.index, i);
            prop_assert_eq!(w.utterances.start + w.overlap, covered);
            prop_assert!(w.overlap <= overlap_utterances);
            prop_assert!(i > 0 || w.overlap == 0);
            prop_assert!(w.utterances.end > covered, "a window with nothing new");
            covered = w.utterances.end;
            prop_assert_eq!(w.chars, w.text.chars().count());
            prop_assert!(w.chars <= max_window_chars || w.utterances.len() == 1, "{:?}", w);
            let rendered: Vec<String> = utterances[w.utterances.clone()].iter().map(|u| u.render()).collect();
            prop_assert_eq!(&w.text, &rendered.join("\n"));
        }
        prop_assert_eq!(covered, utterances.len());
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// Random segments: times that may be missing, overlap or leave pauses; words of varied length;
/// and events.
fn segment() -> impl Strategy<Value = Segment> {
    let words = prop::collection::vec("[a-zñáé]{1,12}", 0..12).prop_map(|w| w.join(" "));
    let events = prop::collection::vec(0u8..4, 0..3);
    (prop::option::weighted(0.9, 0u64..100_000), 0u64..5_000, words, events).prop_map(|(start, len, text, kinds)| {
        let at = text.len();
        let mut events: Vec<Event> = kinds
            .into_iter()
            .map(|k| match k {
                0 => Event::Laughter { at },
                1 => Event::Applause { at },
                2 => Event::Music { at: 0 },
                _ => Event::Masked { at },
            })
            .collect();
        // Parsers emit events in text order; so does this.
        events.sort_by_key(|e| e.at());
        Segment { start_ms: start, end_ms: start.map(|s| s + len), text, events }
    })
}
