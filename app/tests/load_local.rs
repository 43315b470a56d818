//! `browser::load_local`, the page's reads from IndexedDB and the background worker: only the
//! latest read is shown, whatever order the reads answer in.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tallas_app::browser::{load_local, sleep};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_slower_older_read_does_not_overwrite_a_newer_one() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    // A form toggled twice: the first read (of the closed state) answers long after the second.
    let asked = RwSignal::new(0u32);
    let shown = load_local(move || {
        let n = asked.get();
        async move {
            sleep(if n == 0 { 300 } else { 20 }).await;
            n
        }
    });
    sleep(10).await;
    assert_eq!(shown.get_untracked(), None, "nothing is shown before a read answers");
    asked.set(1);
    sleep(100).await;
    assert_eq!(shown.get_untracked(), Some(1), "the newer read answered");
    sleep(400).await;
    assert_eq!(shown.get_untracked(), Some(1), "the older read answered last and was dropped");
    drop(owner);
}

#[wasm_bindgen_test]
async fn the_value_in_place_stays_until_the_newer_read_answers() {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    owner.set();
    let asked = RwSignal::new(0u32);
    let shown = load_local(move || {
        let n = asked.get();
        async move {
            sleep(50).await;
            n
        }
    });
    sleep(120).await;
    assert_eq!(shown.get_untracked(), Some(0));
    asked.set(1);
    sleep(10).await;
    assert_eq!(shown.get_untracked(), Some(0), "no flash of a loading state while the next read runs");
    sleep(120).await;
    assert_eq!(shown.get_untracked(), Some(1));
    drop(owner);
}
