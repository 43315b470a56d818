//! A voter's page (`/vote/<id>`): an open page of its own WASM, never the curator's workspace
//! (see `tallas_app::open`).

fn main() {
    tallas_app::open::start_vote();
}
