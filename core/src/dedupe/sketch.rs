//! The per-text work of deduplication (normalise, shingle, sign), which is independent per text
//! and is therefore split over threads natively. WASM has no threads here and runs it in one.

use super::minhash::Family;
use super::normalize::normalize;
use super::shingles::ShingleSets;

/// Everything later steps need about each text, in input order.
pub(crate) struct Sketches {
    pub(crate) normalized: Vec<String>,
    pub(crate) sets: ShingleSets,
    /// Row `i` is `signatures[i * width..(i + 1) * width]`, `width = family.len()`.
    pub(crate) signatures: Vec<u32>,
}

impl Sketches {
    fn of(texts: &[&str], shingle: usize, family: &Family) -> Self {
        let width = family.len();
        let mut sketches = Self {
            normalized: Vec::with_capacity(texts.len()),
            sets: ShingleSets::new(),
            signatures: vec![0; texts.len() * width],
        };
        let mut chars = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let normalized = normalize(text);
            sketches.sets.push(&normalized, shingle, &mut chars);
            family.sign(sketches.sets.bag(i), &mut sketches.signatures[i * width..(i + 1) * width]);
            sketches.normalized.push(normalized);
        }
        sketches
    }

    fn append(&mut self, other: Sketches) {
        self.normalized.extend(other.normalized);
        self.sets.append(&other.sets);
        self.signatures.extend(other.signatures);
    }
}

/// Sketches of all `texts`, in input order whatever the number of threads.
pub(crate) fn sketch_all(texts: &[&str], shingle: usize, family: &Family) -> Sketches {
    let threads = worker_threads(texts.len());
    if threads <= 1 {
        return Sketches::of(texts, shingle, family);
    }
    std::thread::scope(|scope| {
        let parts: Vec<_> = texts
            .chunks(texts.len().div_ceil(threads))
            .map(|part| {
                let work = move || Sketches::of(part, shingle, family);
                // A thread that cannot start (resource limits) leaves its part to this one.
                std::thread::Builder::new().spawn_scoped(scope, work).map_err(|_| part)
            })
            .collect();
        let mut all = Sketches::of(&[], shingle, family);
        for part in parts {
            let sketches = match part {
                Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(part) => Sketches::of(part, shingle, family),
            };
            all.append(sketches);
        }
        all
    })
}

/// Threads only pay off above a few thousand texts; more than the machine's cores never do.
#[cfg(not(target_family = "wasm"))]
fn worker_threads(texts: usize) -> usize {
    const TEXTS_PER_THREAD: usize = 2_000;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    cores.min(texts / TEXTS_PER_THREAD).max(1)
}

#[cfg(target_family = "wasm")]
fn worker_threads(_texts: usize) -> usize {
    1
}
