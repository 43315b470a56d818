//! One contract, two implementations: the same suite runs against IndexedDB (in a browser,
//! with `wasm-bindgen-test-runner`) and against the in-memory twin (there, and natively with
//! `cargo test -p tallas-app`).

use tallas_app::store::{Exchange, PlaygroundRepo};
use tallas_core::api::TokenUsage;

fn exchange(keyword: &str, created_at_ms: u64) -> Exchange {
    Exchange {
        keyword: keyword.into(),
        joke: format!("Una talla sobre {keyword}."),
        model: "mistral-small-latest".into(),
        prompt_version: "generate-v1".into(),
        usage: TokenUsage { prompt_tokens: 12, completion_tokens: 30 },
        created_at_ms,
    }
}

/// The shared suite. Each function gets a fresh, empty repository.
mod suite {
    use super::*;

    pub async fn starts_empty(repo: &impl PlaygroundRepo) {
        assert_eq!(repo.list_exchanges().await.unwrap(), vec![]);
    }

    pub async fn add_returns_the_exchange_with_a_new_id(repo: &impl PlaygroundRepo) {
        let first = repo.add_exchange(exchange("completo", 1_700_000_000_000)).await.unwrap();
        let second = repo.add_exchange(exchange("micro", 1_700_000_000_001)).await.unwrap();
        assert_eq!(first.value, exchange("completo", 1_700_000_000_000));
        assert!(second.id > first.id, "{} then {}", first.id, second.id);
    }

    pub async fn lists_newest_first(repo: &impl PlaygroundRepo) {
        for (i, keyword) in ["uno", "dos", "tres"].into_iter().enumerate() {
            repo.add_exchange(exchange(keyword, 1_000 + i as u64)).await.unwrap();
        }
        let keywords: Vec<String> = repo.list_exchanges().await.unwrap().into_iter().map(|s| s.value.keyword).collect();
        assert_eq!(keywords, ["tres", "dos", "uno"]);
    }

    pub async fn keeps_every_field_exactly(repo: &impl PlaygroundRepo) {
        let odd = Exchange {
            keyword: "ñandú 🐦".into(),
            joke: "Línea uno\nlínea \"dos\" — ¿sí?".into(),
            model: "ft:open-mistral-7b:abc:20250101".into(),
            prompt_version: String::new(),
            usage: TokenUsage { prompt_tokens: 0, completion_tokens: u32::MAX },
            // The largest integer a JS number holds exactly.
            created_at_ms: (1 << 53) - 1,
        };
        let stored = repo.add_exchange(odd.clone()).await.unwrap();
        let listed = repo.list_exchanges().await.unwrap();
        assert_eq!(listed, vec![stored]);
        assert_eq!(listed[0].value, odd);
    }
}

/// Declares one test per suite function, run against repositories made by `$make` (an
/// expression that may `.await`): `native` tests block on the future, `browser` tests are async.
macro_rules! suite_tests {
    ($kind:ident: $make:expr) => {
        suite_tests!(@each $kind, $make, [
            starts_empty,
            add_returns_the_exchange_with_a_new_id,
            lists_newest_first,
            keeps_every_field_exactly
        ]);
    };
    (@each native, $make:expr, [$($name:ident),*]) => {
        $(
            #[test]
            fn $name() {
                futures_executor::block_on(async { suite::$name(&$make).await });
            }
        )*
    };
    (@each browser, $make:expr, [$($name:ident),*]) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                suite::$name(&$make).await;
            }
        )*
    };
}

#[cfg(not(target_arch = "wasm32"))]
mod memory_native {
    use super::*;
    use tallas_app::store::MemoryStore;

    suite_tests!(native: MemoryStore::new());
}

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(target_arch = "wasm32")]
mod memory_browser {
    use super::*;
    use tallas_app::store::MemoryStore;

    suite_tests!(browser: MemoryStore::new());
}

#[cfg(target_arch = "wasm32")]
mod indexed_db {
    use super::*;
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use tallas_app::store::{IndexedDbStore, StoreError};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// A database of its own for each test, so tests cannot see each other's rows. The test
    /// runner's browser profile is thrown away afterwards, which cleans them up.
    fn unique_name(label: &str) -> String {
        format!("tallas-test-{label}-{}", js_sys::Math::random())
    }

    async fn fresh() -> IndexedDbStore {
        IndexedDbStore::open(&unique_name("suite")).await.expect("IndexedDB opens in the test browser")
    }

    suite_tests!(browser: fresh().await);

    #[wasm_bindgen_test]
    async fn exchanges_survive_reopening_the_database() {
        let name = unique_name("reopen");
        let saved = IndexedDbStore::open(&name).await.unwrap().add_exchange(exchange("once", 5)).await.unwrap();
        // A second connection, as after a page reload.
        let listed = IndexedDbStore::open(&name).await.unwrap().list_exchanges().await.unwrap();
        assert_eq!(listed, vec![saved]);
    }

    /// The v1 schema and record, written by hand rather than by the app's code, so that a
    /// change to the app's migrations or types that breaks existing databases fails here.
    /// While v1 is current this checks reading old data; once a v2 exists it checks the upgrade.
    #[wasm_bindgen_test]
    async fn reads_a_database_written_by_schema_v1() {
        let name = unique_name("v1");
        let db = Database::open(name.as_str())
            .with_version(1u32)
            .with_on_upgrade_needed(|_, db| {
                db.create_object_store("playground_exchanges")
                    .with_key_path("id".into())
                    .with_auto_increment(true)
                    .build()?;
                Ok(())
            })
            .await
            .unwrap();
        let row = js_sys::JSON::parse(
            r#"{"keyword":"completo","joke":"Una talla.","model":"mistral-small-latest",
                "prompt_version":"generate-v1","usage":{"prompt_tokens":3,"completion_tokens":5},
                "created_at_ms":1700000000000}"#,
        )
        .unwrap();
        let tx = db.transaction("playground_exchanges").with_mode(TransactionMode::Readwrite).build().unwrap();
        {
            let store = tx.object_store("playground_exchanges").unwrap();
            store.add(row).primitive().unwrap().await.unwrap();
        }
        tx.commit().await.unwrap();
        db.close();

        let listed = IndexedDbStore::open(&name).await.unwrap().list_exchanges().await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, 1);
        assert_eq!(
            listed[0].value,
            Exchange {
                keyword: "completo".into(),
                joke: "Una talla.".into(),
                model: "mistral-small-latest".into(),
                prompt_version: "generate-v1".into(),
                usage: TokenUsage { prompt_tokens: 3, completion_tokens: 5 },
                created_at_ms: 1_700_000_000_000,
            }
        );
    }

    #[wasm_bindgen_test]
    async fn a_database_from_a_newer_app_is_reported_not_broken() {
        let name = unique_name("newer");
        let newer = Database::open(name.as_str()).with_version(1000u32).await.unwrap();
        newer.close();
        assert_eq!(IndexedDbStore::open(&name).await.err(), Some(StoreError::NewerVersion));
    }
}
