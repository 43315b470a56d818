//! The open pages (a voter's `/vote/<id>`): their own small WASM, never the curator's workspace
//! (see `tallas_app::open`).

fn main() {
    tallas_app::open::start();
}
