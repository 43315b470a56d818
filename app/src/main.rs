fn main() {
    // Panics show their message in the console instead of "unreachable executed".
    console_error_panic_hook::set_once();
    tallas_app::i18n::start();
    leptos::mount::mount_to_body(tallas_app::App);
}
