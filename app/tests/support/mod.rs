//! What the app's scenario test files share.

/// One test per function of the file's `scenarios` module, each given a repository made by
/// `$make` (an expression that may `.await`): `native` tests block on the future against the
/// in-memory store, `browser` tests run async in Chromium (wasm-bindgen-test) against IndexedDB.
macro_rules! scenario_tests {
    (native, $make:expr, [$($name:ident),* $(,)?]) => {
        $(
            #[test]
            fn $name() {
                futures_executor::block_on(async { scenarios::$name(&$make).await });
            }
        )*
    };
    (browser, $make:expr, [$($name:ident),* $(,)?]) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                scenarios::$name(&$make).await;
            }
        )*
    };
}

pub(crate) use scenario_tests;
