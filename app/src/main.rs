fn main() {
    // Panics show their message in the console instead of "unreachable executed".
    console_error_panic_hook::set_once();
    tallas_app::i18n::start();
    if let Some(shell) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app-shell")) {
        shell.remove();
    }
    leptos::mount::mount_to_body(tallas_app::App);
    // For the first-render benchmark (tests/bench/app.mjs): when the app's own view is in the page.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("tallas-mounted");
    }
}
