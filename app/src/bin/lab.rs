//! The experiment's areas (`/dataset`, `/fine-tune`, `/evaluate`): a page binary of their own, so
//! the curator's workspace does not carry them (see `tallas_app::Lab`).

fn main() {
    tallas_app::start(tallas_app::Lab);
}
