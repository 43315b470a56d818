//! The background Web Worker: imports, backups, near-duplicates, routine details and pipeline
//! runs (see `tallas_app::background`).

fn main() {
    console_error_panic_hook::set_once();
    tallas_app::background::worker::serve();
}
