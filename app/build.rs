//! Gives each build of the app an identity, `TALLAS_BUILD`: a hash of the sources both of its
//! binaries are built from (the page and the background worker). Trunk content-hashes the page's
//! files but not the worker's, so a page opened before a deploy starts the deployed worker; the
//! worker's first message carries this identity and the page tells the curator to reload instead
//! of exchanging messages neither side may read.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

/// What the page and worker are built from, relative to this crate.
const INPUTS: [&str; 5] = ["src", "Cargo.toml", "../core/src", "../core/Cargo.toml", "../Cargo.lock"];

fn main() {
    // SipHash with fixed keys: the same sources give the same identity on every machine.
    let mut hasher = DefaultHasher::new();
    for input in INPUTS {
        println!("cargo::rerun-if-changed={input}");
        hash_path(Path::new(input), &mut hasher);
    }
    println!("cargo::rustc-env=TALLAS_BUILD={:016x}", hasher.finish());
}

/// Hashes a file's path and contents, or a folder's entries in name order.
fn hash_path(path: &Path, hasher: &mut DefaultHasher) {
    path.hash(hasher);
    if path.is_dir() {
        let mut entries: Vec<_> =
            fs::read_dir(path).into_iter().flatten().filter_map(Result::ok).map(|entry| entry.path()).collect();
        entries.sort();
        for entry in entries {
            hash_path(&entry, hasher);
        }
    } else {
        fs::read(path).unwrap_or_default().hash(hasher);
    }
}
