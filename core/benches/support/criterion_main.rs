//! What every criterion benchmark here shares. Criterion is a native-only dependency, yet the
//! benches also build for WASM (`scripts/bench-wasm.sh`), so each keeps its groups in a `native`
//! module and gets its `main` from [`native_main!`]; runs are short, set by [`short_run`].

/// A native `main` running `native::benches` (a `criterion_group!`), and an empty one in WASM.
macro_rules! native_main {
    () => {
        #[cfg(not(target_arch = "wasm32"))]
        fn main() {
            native::benches();
            criterion::Criterion::default().configure_from_args().final_summary();
        }

        #[cfg(target_arch = "wasm32")]
        fn main() {}
    };
}

/// A short run: the machine has two shared cores, and these figures are for trends.
#[cfg(not(target_arch = "wasm32"))]
pub fn short_run(
    samples: usize,
    warm_up: std::time::Duration,
    measurement: std::time::Duration,
) -> criterion::Criterion {
    criterion::Criterion::default()
        .sample_size(samples)
        .warm_up_time(warm_up)
        .measurement_time(measurement)
        .configure_from_args()
}
