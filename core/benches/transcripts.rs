//! Criterion benchmarks of the transcript pipeline on synthetic routines (`support/synth.rs`),
//! never on the corpus: parsing each format, then grouping and windowing.
//! Run: `cargo bench -p tallas-core --bench transcripts`.
//! Native only (criterion does not run in a browser); `benches/pipeline.rs` is the WASM comparison.

#[path = "support/synth.rs"]
mod synth;

#[macro_use]
#[path = "support/criterion_main.rs"]
mod criterion_main;

native_main!();

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Duration;

    use criterion::{Criterion, Throughput, criterion_group};
    use tallas_core::transcript::{
        Format, ParseOptions, SegmentationConfig, group_utterances, pack_windows, parse, segment_transcript,
    };

    /// Captions per routine: the corpus average.
    const CAPTIONS: usize = 233;

    fn parsing(c: &mut Criterion) {
        let youtube = super::synth::captions(1, CAPTIONS);
        let whisper = super::synth::captions(4, CAPTIONS);
        let inputs = [
            ("jsonl_youtube", super::synth::to_jsonl(&youtube, false), Format::SegmentJsonl),
            ("jsonl_whisper", super::synth::to_jsonl(&whisper, true), Format::SegmentJsonl),
            ("srt", super::synth::to_srt(&youtube), Format::Srt),
            ("vtt", super::synth::to_vtt(&youtube), Format::WebVtt),
        ];
        let mut group = c.benchmark_group("parse");
        for (name, text, format) in &inputs {
            // The input must parse: a benchmark of the error path would measure nothing useful.
            let parsed = parse(text.as_str(), &ParseOptions::default()).expect("synthetic input parses");
            assert_eq!(parsed.format, *format, "{name} detected as {:?}", parsed.format);
            assert_eq!(parsed.segments.len(), CAPTIONS);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(*name, |b| b.iter(|| parse(black_box(text.as_str()), &ParseOptions::default())));
        }
        group.finish();
    }

    fn segmentation(c: &mut Criterion) {
        let config = SegmentationConfig::default();
        let mut group = c.benchmark_group("segment");
        for (name, seed) in [("youtube", 1), ("whisper", 4)] {
            let text = super::synth::to_jsonl(&super::synth::captions(seed, CAPTIONS), seed.is_multiple_of(4));
            let transcript = parse(text.as_str(), &ParseOptions::default()).expect("synthetic input parses");
            let utterances = group_utterances(&transcript.segments, &config);
            group.throughput(Throughput::Elements(transcript.segments.len() as u64));
            group.bench_function(format!("group/{name}"), |b| {
                b.iter(|| group_utterances(black_box(&transcript.segments), &config))
            });
            group.bench_function(format!("window/{name}"), |b| {
                b.iter(|| pack_windows(black_box(&utterances), "routine", &config))
            });
            group.bench_function(format!("group+window/{name}"), |b| {
                b.iter(|| segment_transcript(black_box(&transcript), "routine", &config))
            });
        }
        group.finish();
    }

    fn config() -> Criterion {
        super::criterion_main::short_run(30, Duration::from_millis(500), Duration::from_secs(2))
    }

    criterion_group! { name = benches; config = config(); targets = parsing, segmentation }
}
