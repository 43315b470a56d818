fn main() {
    // Panics show their message in the console instead of "unreachable executed".
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tallas_app::App);
}
