//! Builds a training kit from one JSON input file, through the same core code the app's
//! background worker runs, and writes it as a folder and as the zip the app downloads.
//!
//! ```text
//! cargo run -p tallas-core --example training-kit -- <input.json> <out-dir>
//! ```
//!
//! `<input.json>` is a `tallas_core::dataset::kit::KitInput`: `{"dataset": {id, name,
//! created_at_ms, config, prompt_version, train, validation}, "labelled": [...], "arena": [...],
//! "evaluation_pairs": [...]}` (e.g. `core/tests/kit_fixtures/full.json`). The kit's files are
//! written into `<out-dir>` itself (`<out-dir>/kit.json`, `<out-dir>/data/train.jsonl`, …; a file
//! an earlier kit left there that this one lacks is removed, nothing else is touched), and the zip
//! beside it as `<out-dir>.zip` (its entries under the kit's own folder, `tallas-<slug>/…`).
//! Prints the counts and the absent files. Exits 0 when the kit's validator finds nothing, 1 when
//! it finds a problem (each printed), 2 when the input cannot be read or the output written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tallas_core::dataset::kit::{self, Kit, KitInput, build_kit, validate_kit};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out] = args.as_slice() else {
        eprintln!("usage: training-kit <input.json> <out-dir>");
        return ExitCode::from(2);
    };
    match run(Path::new(input), Path::new(out)) {
        Ok(kit) => report(&kit),
        Err(message) => {
            eprintln!("training-kit: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(input: &Path, out: &Path) -> Result<Kit, String> {
    let text = std::fs::read_to_string(input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let input: KitInput =
        serde_json::from_str(&text).map_err(|e| format!("{} is not a kit input: {e}", input.display()))?;
    let kit = build_kit(&input);
    write_folder(&kit, out)?;
    let zip = kit.to_zip().map_err(|e| e.to_string())?;
    let zip_path = PathBuf::from(format!("{}.zip", out.display()));
    std::fs::write(&zip_path, zip).map_err(|e| format!("cannot write {}: {e}", zip_path.display()))?;
    println!("kit: {} and {}", out.display(), zip_path.display());
    Ok(kit)
}

fn write_folder(kit: &Kit, out: &Path) -> Result<(), String> {
    let every_path = [
        kit::README,
        kit::MANIFEST,
        kit::TRAIN,
        kit::VALIDATION,
        kit::PREFERENCES,
        kit::LABELS,
        kit::TRAIN_PY,
        kit::REQUIREMENTS,
        kit::SERVE,
    ];
    for path in every_path.iter().filter(|path| kit.file(path).is_none()) {
        let stale = out.join(path);
        if stale.is_file() {
            std::fs::remove_file(&stale).map_err(|e| format!("cannot remove {}: {e}", stale.display()))?;
        }
    }
    for file in &kit.files {
        let path = out.join(&file.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        }
        std::fs::write(&path, &file.contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

fn report(kit: &Kit) -> ExitCode {
    let counts = &kit.counts;
    println!(
        "rows: train {}, validation {}, preferences {}, labels {}",
        counts.train, counts.validation, counts.preferences.rows, counts.labels.rows
    );
    for absent in &kit.absent {
        println!("absent: {}: {}", absent.path, absent.why);
    }
    let issues = validate_kit(kit);
    for issue in &issues {
        eprintln!("invalid: {issue}");
    }
    if issues.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
