//! The Web Worker that reads imported files and runs the pipeline (see `tallas_app::background`).

fn main() {
    console_error_panic_hook::set_once();
    tallas_app::background::serve();
}
