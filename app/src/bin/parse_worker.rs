//! The Web Worker that reads imported files (see `tallas_app::parse_worker`).

fn main() {
    console_error_panic_hook::set_once();
    tallas_app::parse_worker::serve();
}
