//! The anonymous ids the open pages make on a first visit and keep in this browser's
//! `localStorage`: a voter's (the same for every ballot) and a player's in the arena. Nothing but
//! this browser ties one to a person.

/// The id kept under `key`: 32 random hex digits, made once and kept (a fresh one each visit
/// where this browser keeps nothing).
pub fn kept_id(key: &str) -> String {
    let kept = crate::local_storage::read(key);
    if let Some(id) = kept.filter(|id| tallas_core::ballot::validate_voter_id(id).is_ok()) {
        return id;
    }
    let id = random_hex();
    crate::local_storage::write(key, &id);
    id
}

fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto: still unique enough to tell people apart.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
