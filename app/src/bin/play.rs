//! The public playground (`/play`): an open page of its own, so a player never downloads a voter's
//! page and a voter never the playground's (see `tallas_app::open`).

fn main() {
    tallas_app::open::start_play();
}
