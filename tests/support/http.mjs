// How the integration tests call the worker: JSON in and out, every answer kept as one line so a
// suite can check at the end that no secret ever left the worker.
import assert from "node:assert/strict";

export function apiClient() {
  const seen = [];

  /**
   * `body` may be an object (sent as JSON), a string (sent as is) or a ReadableStream (streamed);
   * `token` is sent as a bearer token. The answer has `status`, `headers`, `text`, `json` (or null)
   * and `line`, the whole answer on one line.
   */
  async function call(base, path, { method = "GET", body, token, headers = {}, contentType = "application/json" } = {}) {
    const init = { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } };
    if (body !== undefined) {
      init.headers["content-type"] = contentType;
      if (body instanceof ReadableStream) {
        init.body = body;
        init.duplex = "half";
      } else {
        init.body = typeof body === "string" ? body : JSON.stringify(body);
      }
    }
    const res = await fetch(base + path, init);
    const text = await res.text();
    const line = record(`${method} ${path} ${res.status} ${JSON.stringify([...res.headers])} ${text}`);
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, text, json, line };
  }

  /** Keeps an answer read some other way (a stream, say) for the final check. */
  function record(line) {
    seen.push(line);
    return line;
  }

  /** No kept answer contains any of `secrets`; `atLeast` guards against checking nothing. */
  function assertNoSecrets(secrets, { atLeast = 10 } = {}) {
    assert.ok(seen.length >= atLeast, `only ${seen.length} responses were checked`);
    for (const line of seen) {
      for (const secret of secrets) assert.ok(!line.includes(secret), line.slice(0, 200));
    }
  }

  return { call, record, assertNoSecrets };
}
