//! The work of the `corpus` example (parse → group → window over 130 routines, then near-duplicates
//! over 10,000 jokes) on synthetic inputs of the corpus's shape (`support/synth.rs`), timed the
//! same way natively and in headless Chromium, so that WASM can be compared with native:
//! - native: `cargo bench -p tallas-core --bench pipeline`
//! - WASM: `scripts/bench-wasm.sh` (wasm-bindgen-test-runner with `tests/webdriver.json`)
//!
//! Both print one line `PIPELINE {json}` with the counts and the median time of each stage over
//! five runs. Natively, deduplication uses both cores above a few thousand texts; WASM has no
//! threads and uses one.

#[path = "support/synth.rs"]
mod synth;

use serde_json::json;
use tallas_core::dedupe::{DedupeConfig, find_clusters};
use tallas_core::transcript::{ParseOptions, SegmentationConfig, group_utterances, pack_windows, parse};

const RUNS: usize = 5;
const ROUTINES: u64 = 130;
const JOKES: usize = 10_000;

/// Runs everything `RUNS` times with `now` (milliseconds) as the clock; returns the report.
fn measure(now: impl Fn() -> f64) -> String {
    let inputs = synth::corpus(ROUTINES);
    let jokes = synth::jokes(JOKES, 7);
    let texts: Vec<&str> = jokes.iter().map(String::as_str).collect();
    let options = ParseOptions::default();
    let config = SegmentationConfig::default();
    let dedupe = DedupeConfig::default();

    let stages = ["parse", "group", "window", "total", "dedupe"];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); stages.len()];
    let mut counts = json!(null);
    for _ in 0..RUNS {
        let t0 = now();
        let transcripts: Vec<_> = inputs.iter().filter_map(|(_, bytes)| parse(bytes, &options).ok()).collect();
        let t1 = now();
        let utterances: Vec<_> = transcripts.iter().map(|t| group_utterances(&t.segments, &config)).collect();
        let t2 = now();
        let windows: Vec<_> = utterances.iter().zip(&inputs).map(|(u, (id, _))| pack_windows(u, id, &config)).collect();
        let t3 = now();
        let clusters = find_clusters(&texts, &dedupe);
        let t4 = now();
        for (slot, value) in times.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t3 - t0, t4 - t3]) {
            slot.push(value);
        }
        counts = json!({
            "routines": transcripts.len(),
            "bytes": inputs.iter().map(|(_, b)| b.len()).sum::<usize>(),
            "segments": transcripts.iter().map(|t| t.segments.len()).sum::<usize>(),
            "groups": utterances.iter().map(Vec::len).sum::<usize>(),
            "windows": windows.iter().map(Vec::len).sum::<usize>(),
            "warnings": transcripts.iter().map(|t| t.warnings.len()).sum::<usize>(),
            "jokes": texts.len(),
            "clusters": clusters.len(),
        });
    }
    let medians: serde_json::Map<String, serde_json::Value> =
        stages.iter().zip(&times).map(|(stage, values)| ((*stage).to_owned(), json!(median(values)))).collect();
    let all: serde_json::Map<String, serde_json::Value> =
        stages.iter().zip(&times).map(|(stage, values)| ((*stage).to_owned(), json!(values))).collect();
    json!({
        "target": if cfg!(target_arch = "wasm32") { "wasm32 (headless Chromium)" } else { "native" },
        "runs": RUNS,
        "counts": counts,
        "stages_ms": medians,
        "stages_ms_all_runs": all,
    })
    .to_string()
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let start = std::time::Instant::now();
    println!("PIPELINE {}", measure(|| start.elapsed().as_secs_f64() * 1000.0));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::wasm_bindgen;
    use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen]
    extern "C" {
        /// `performance.now()`: milliseconds, as precise as the browser allows.
        #[wasm_bindgen(js_namespace = performance)]
        fn now() -> f64;
    }

    #[wasm_bindgen_test]
    fn pipeline() {
        console_log!("PIPELINE {}", super::measure(now));
    }
}
