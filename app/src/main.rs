fn main() {
    tallas_app::start(tallas_app::App);
}
