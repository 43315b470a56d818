//! Criterion benchmark of near-duplicate clustering over 10,000 synthetic jokes
//! (`support/synth.rs`: ~10% edited copies, ~2% exact copies), never on the corpus.
//! Run: `cargo bench -p tallas-core --bench dedupe`.
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
    use tallas_core::dedupe::{DedupeConfig, find_clusters};

    fn dedupe(c: &mut Criterion) {
        let jokes = super::synth::jokes(10_000, 7);
        let texts: Vec<&str> = jokes.iter().map(String::as_str).collect();
        let config = DedupeConfig::default();
        // The edited and exact copies must be found, or the benchmark measures the wrong work.
        let clusters = find_clusters(&texts, &config);
        assert!(clusters.len() > 500, "only {} clusters", clusters.len());

        let mut group = c.benchmark_group("dedupe");
        group.throughput(Throughput::Elements(texts.len() as u64));
        group.bench_function("find_clusters/10k_jokes", |b| b.iter(|| find_clusters(black_box(&texts), &config)));
        group.finish();
    }

    fn config() -> Criterion {
        super::criterion_main::short_run(10, Duration::from_secs(1), Duration::from_secs(5))
    }

    criterion_group! { name = benches; config = config(); targets = dedupe }
}
