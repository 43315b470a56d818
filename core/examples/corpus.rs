//! Times the transcript pipeline over a real folder of transcripts, and near-duplicate detection
//! over real jokes, and prints one JSON object with the counts and the median time of each stage.
//!
//! ```text
//! cargo run --release -p tallas-core --example corpus -- <folder> [options]
//!   --jokes <file.csv|file.jsonl>  near-duplicates over these jokes (repeatable): a jokes CSV
//!                                  (`transcript::parse_jokes`) or JSONL with a "text" field
//!   --jokes-target <N>             pad the jokes to N with lightly edited copies (first word
//!                                  dropped), so that a fixed-size run is possible
//!   --dump-jokes <file>            write the jokes actually deduplicated as JSONL {"text"}, so a
//!                                  baseline can run on exactly the same texts
//!   --runs <N>                     timed runs; each time is the median (default 5)
//!   --lenient                      lenient parsing (keep the good rows of a damaged file)
//!   --tokens                       instead of the summary, print one JSON line per window:
//!                                  routine_id, index, chars, estimated_tokens (the default
//!                                  tokenizer's), estimated_tokens_by_tokenizer, text
//! ```
//!
//! Files are read first; only the pure stages are timed: parse (which includes the text health
//! pass: encoding repair, NFC, markers, lost accents), group (captions into utterances) and window
//! (utterances into windows, with token estimates). A file that cannot be read or parsed is
//! reported in `bad_files`, never a panic. This is a benchmark tool: it reads whatever folder it
//! is given and is never used by tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use serde_json::{Value, json};
use tallas_core::dedupe::{DedupeConfig, find_clusters};
use tallas_core::transcript::{
    ParseOptions, SegmentationConfig, TableOptions, Tokenizer, Transcript, Utterance, Window, estimate_tokens,
    group_utterances, pack_windows, parse, parse_jokes,
};

struct Args {
    folder: PathBuf,
    jokes: Vec<PathBuf>,
    jokes_target: Option<usize>,
    dump_jokes: Option<PathBuf>,
    runs: usize,
    lenient: bool,
    tokens: bool,
}

const USAGE: &str = "usage: corpus <folder> [--jokes <file.csv|file.jsonl>]... [--jokes-target N] \
                     [--dump-jokes FILE] [--runs N] [--lenient] [--tokens]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        folder: PathBuf::new(),
        jokes: Vec::new(),
        jokes_target: None,
        dump_jokes: None,
        runs: 5,
        lenient: false,
        tokens: false,
    };
    let mut folder = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value; {USAGE}"));
        match arg.as_str() {
            "--jokes" => args.jokes.push(value("--jokes")?.into()),
            "--dump-jokes" => args.dump_jokes = Some(value("--dump-jokes")?.into()),
            "--jokes-target" => {
                let v = value("--jokes-target")?;
                args.jokes_target = Some(v.parse().map_err(|_| format!("--jokes-target: not a count: {v:?}"))?);
            }
            "--runs" => {
                let v = value("--runs")?;
                args.runs = v.parse().map_err(|_| format!("--runs: not a count: {v:?}"))?;
                if args.runs == 0 {
                    return Err("--runs must be at least 1".into());
                }
            }
            "--lenient" => args.lenient = true,
            "--tokens" => args.tokens = true,
            "-h" | "--help" => return Err(USAGE.into()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}; {USAGE}")),
            path if folder.is_none() => folder = Some(PathBuf::from(path)),
            extra => return Err(format!("unexpected argument {extra:?}; {USAGE}")),
        }
    }
    args.folder = folder.ok_or_else(|| format!("no folder given; {USAGE}"))?;
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            println!("{}", json!({ "error": message }));
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            println!("{}", json!({ "error": message }));
            ExitCode::FAILURE
        }
    }
}

/// One transcript file, read.
struct Input {
    file: String,
    routine_id: String,
    bytes: Vec<u8>,
}

/// The outputs of one run, kept until its timing is done.
struct Outputs {
    transcripts: Vec<(usize, Transcript)>,
    utterances: Vec<Vec<Utterance>>,
    windows: Vec<Vec<Window>>,
    bad: Vec<Value>,
}

fn run(args: &Args) -> Result<(), String> {
    let (inputs, mut bad_files) = read_folder(&args.folder)?;
    let options = ParseOptions { lenient: args.lenient, format: None };
    let config = SegmentationConfig::default();

    let mut times: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut last = None;
    let runs = if args.tokens { 1 } else { args.runs };
    for _ in 0..runs {
        let t0 = Instant::now();
        let mut transcripts = Vec::with_capacity(inputs.len());
        let mut bad = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            match parse(&input.bytes, &options) {
                Ok(t) => transcripts.push((i, t)),
                Err(report) => bad.push(json!({
                    "file": input.file,
                    "errors": report.issues.len(),
                    "first": report.issues.iter().take(3).map(ToString::to_string).collect::<Vec<_>>(),
                })),
            }
        }
        let t1 = Instant::now();
        let utterances: Vec<Vec<Utterance>> =
            transcripts.iter().map(|(_, t)| group_utterances(&t.segments, &config)).collect();
        let t2 = Instant::now();
        let windows: Vec<Vec<Window>> = transcripts
            .iter()
            .zip(&utterances)
            .map(|((i, _), u)| pack_windows(u, &inputs[*i].routine_id, &config))
            .collect();
        let t3 = Instant::now();
        for (stage, from, to) in [("parse", t0, t1), ("group", t1, t2), ("window", t2, t3), ("total", t0, t3)] {
            times.entry(stage).or_default().push(ms(to - from));
        }
        // Dropping the previous run's outputs here keeps deallocation out of the timed stages.
        last = Some(Outputs { transcripts, utterances, windows, bad });
    }
    let Some(out) = last else { return Err("no run".into()) };

    if args.tokens {
        for window in out.windows.iter().flatten() {
            let line = json!({
                "routine_id": window.routine_id,
                "index": window.index,
                "chars": window.chars,
                "estimated_tokens": window.estimated_tokens,
                "estimated_tokens_by_tokenizer": {
                    "tekken": estimate_tokens(&window.text, Tokenizer::Tekken),
                    "sentence_piece": estimate_tokens(&window.text, Tokenizer::SentencePiece),
                },
                "text": window.text,
            });
            println!("{line}");
        }
        return Ok(());
    }

    let mut warning_kinds: BTreeMap<String, usize> = BTreeMap::new();
    for (_, t) in &out.transcripts {
        for w in &t.warnings {
            let kind = serde_json::to_value(&w.kind).ok();
            let kind = kind.as_ref().and_then(|k| k["kind"].as_str()).unwrap_or("unknown").to_owned();
            *warning_kinds.entry(kind).or_default() += 1;
        }
    }
    let mut formats: BTreeMap<String, usize> = BTreeMap::new();
    for (_, t) in &out.transcripts {
        *formats.entry(t.format.to_string()).or_default() += 1;
    }
    bad_files.extend(out.bad);
    let all_windows = out.windows.iter().flatten();
    let mut summary = json!({
        "tool": "tallas-core example corpus",
        "optimized": !cfg!(debug_assertions),
        "runs": runs,
        "threads_available": std::thread::available_parallelism().map_or(1, |n| n.get()),
        "folder": args.folder.display().to_string(),
        "files": inputs.len(),
        "bytes": inputs.iter().map(|i| i.bytes.len()).sum::<usize>(),
        "counts": {
            "routines": out.transcripts.len(),
            "segments": out.transcripts.iter().map(|(_, t)| t.segments.len()).sum::<usize>(),
            "groups": out.utterances.iter().map(Vec::len).sum::<usize>(),
            "windows": out.windows.iter().map(Vec::len).sum::<usize>(),
            "window_chars": all_windows.clone().map(|w| w.chars).sum::<usize>(),
            "estimated_tokens": all_windows.map(|w| u64::from(w.estimated_tokens)).sum::<u64>(),
            "warnings": warning_kinds.values().sum::<usize>(),
        },
        "formats": formats,
        "warning_kinds": warning_kinds,
        "bad_files": bad_files,
        "stages_ms": medians(&times),
        "stages_ms_all_runs": times,
        "note": "parse includes the text health pass; times are medians over runs, files read beforehand",
    });
    if !args.jokes.is_empty() {
        summary["jokes"] = jokes_stage(args)?;
    }
    println!("{}", serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?);
    Ok(())
}

/// Every regular file of `folder`, sorted by name, with a routine id from its name
/// (`routine_<id>_transcript.jsonl` → `<id>`, else the file stem).
fn read_folder(folder: &Path) -> Result<(Vec<Input>, Vec<Value>), String> {
    let entries = std::fs::read_dir(folder).map_err(|e| format!("cannot read folder {}: {e}", folder.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.sort();
    let mut inputs = Vec::new();
    let mut bad = Vec::new();
    for path in paths {
        let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if file.starts_with('.') || file.eq_ignore_ascii_case("README.md") {
            continue;
        }
        match std::fs::read(&path) {
            Ok(bytes) => {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let routine_id = stem
                    .strip_prefix("routine_")
                    .and_then(|s| s.strip_suffix("_transcript"))
                    .map_or_else(|| stem.clone(), str::to_owned);
                inputs.push(Input { file, routine_id, bytes });
            }
            Err(e) => bad.push(json!({ "file": file, "errors": 1, "first": [format!("cannot read: {e}")] })),
        }
    }
    if inputs.is_empty() {
        return Err(format!("no readable files in {}", folder.display()));
    }
    Ok((inputs, bad))
}

/// Reads the jokes files (the CSV parse is timed as `parse_ms`), pads them if asked, and times
/// `find_clusters` with the default configuration.
fn jokes_stage(args: &Args) -> Result<Value, String> {
    let mut files = Vec::new();
    for path in &args.jokes {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read jokes file {}: {e}", path.display()))?;
        files.push((path, bytes));
    }
    let mut texts: Vec<String> = Vec::new();
    let mut sources = Vec::new();
    let mut parse_ms = 0.0;
    for (path, bytes) in &files {
        let before = texts.len();
        let t0 = Instant::now();
        let mut problems: Vec<String> = Vec::new();
        let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv {
            match parse_jokes(bytes, &TableOptions { lenient: true }) {
                Ok(rows) => {
                    texts.extend(rows.rows.into_iter().map(|j| j.text));
                    problems.extend(rows.issues.iter().map(ToString::to_string));
                }
                Err(report) => problems.extend(report.issues.iter().map(ToString::to_string)),
            }
        } else {
            let text = String::from_utf8_lossy(bytes);
            for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                match serde_json::from_str::<Value>(line) {
                    Ok(v) => match v.get("text").and_then(Value::as_str) {
                        Some(t) => texts.push(t.to_owned()),
                        None => problems.push(format!("line {}: no string field \"text\"", n + 1)),
                    },
                    Err(e) => problems.push(format!("line {}: {e}", n + 1)),
                }
            }
        }
        parse_ms += ms(t0.elapsed());
        sources.push(json!({
            "file": path.display().to_string(),
            "format": if is_csv { "csv" } else { "jsonl" },
            "jokes": texts.len() - before,
            "problems": problems.len(),
            "first_problems": problems.iter().take(3).collect::<Vec<_>>(),
        }));
    }
    let real = texts.len();
    if let Some(target) = args.jokes_target
        && real > 0
    {
        for k in real..target {
            // A lightly edited copy: the first word dropped (a joke extracted twice, trimmed).
            let base = &texts[k % real];
            let edited = base.split_once(' ').map_or(base.as_str(), |(_, rest)| rest).to_owned();
            texts.push(edited);
        }
    }
    if let Some(dump) = &args.dump_jokes {
        let lines: String = texts.iter().map(|t| format!("{}\n", json!({ "text": t }))).collect();
        std::fs::write(dump, lines).map_err(|e| format!("cannot write {}: {e}", dump.display()))?;
    }

    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let config = DedupeConfig::default();
    let mut runs = Vec::new();
    let mut clusters = Vec::new();
    for _ in 0..args.runs {
        let t0 = Instant::now();
        let found = find_clusters(&refs, &config);
        runs.push(ms(t0.elapsed()));
        clusters = found;
    }
    let mut sorted = runs.clone();
    Ok(json!({
        "sources": sources,
        "jokes": texts.len(),
        "real_jokes": real,
        "padded_jokes": texts.len() - real,
        "clusters": clusters.len(),
        "clustered_jokes": clusters.iter().map(|c| c.members.len()).sum::<usize>(),
        "config": config,
        "parse_ms": parse_ms,
        "dedupe_ms": median(&mut sorted),
        "dedupe_ms_all_runs": runs,
    }))
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 }
}

fn medians(times: &BTreeMap<&str, Vec<f64>>) -> BTreeMap<String, f64> {
    times.iter().map(|(k, v)| ((*k).to_owned(), median(&mut v.clone()))).collect()
}
