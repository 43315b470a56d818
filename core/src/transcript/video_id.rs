//! YouTube video ids from the URL shapes people paste.

/// The 11-character id in a YouTube URL (`watch?v=`, `youtu.be/`, `/embed/`, `/shorts/`,
/// `/live/`), or of a bare id.
pub fn youtube_video_id(url: &str) -> Option<&str> {
    let url = url.trim();
    if is_video_id(url) {
        return Some(url);
    }
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (host, path) = without_scheme.split_once('/').unwrap_or((without_scheme, ""));
    let host = host.strip_prefix("www.").or_else(|| host.strip_prefix("m.")).unwrap_or(host);
    let candidate = match host {
        "youtu.be" => path.split(['?', '&', '#', '/']).next(),
        "youtube.com" | "music.youtube.com" | "youtube-nocookie.com" => {
            let (route, query) = path.split_once('?').unwrap_or((path, ""));
            let from_query = query.split(['&', '#']).find_map(|pair| pair.strip_prefix("v="));
            from_query.or_else(|| {
                ["embed/", "shorts/", "live/", "v/"]
                    .iter()
                    .find_map(|prefix| route.strip_prefix(prefix))
                    .and_then(|rest| rest.split(['/', '#']).next())
            })
        }
        _ => None,
    };
    candidate.filter(|id| is_video_id(id))
}

/// YouTube ids are 11 characters of the URL-safe base64 alphabet.
pub(crate) fn is_video_id(s: &str) -> bool {
    s.len() == 11 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn finds_the_id_in_every_url_shape() {
        for url in [
            "https://www.youtube.com/watch?v=RZYpVSGWkd0",
            "https://youtube.com/watch?feature=share&v=RZYpVSGWkd0#t=1",
            "http://youtu.be/RZYpVSGWkd0?t=30",
            "https://www.youtube.com/embed/RZYpVSGWkd0",
            "https://m.youtube.com/shorts/RZYpVSGWkd0",
            "RZYpVSGWkd0",
        ] {
            assert_eq!(youtube_video_id(url), Some("RZYpVSGWkd0"), "{url}");
        }
        for url in ["https://vimeo.com/RZYpVSGWkd0", "https://www.youtube.com/watch?v=corto", ""] {
            assert_eq!(youtube_video_id(url), None, "{url}");
        }
    }
}
