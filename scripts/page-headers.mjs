// Writes the built site's `_headers` (Workers static assets read it): every page and asset gets a
// Content-Security-Policy that allows exactly what the pages load, and the headers that go with
// it. Trunk starts each page's WASM from an inline module script whose text names the build's
// hashed files, so the policy allows each of those scripts by its SHA-256, computed here from the
// built HTML, and no other inline script. Run by scripts/build-open.sh once every page is built.
//
// Usage: node scripts/page-headers.mjs DIST_DIR
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The curator's two pages and the open pages, as the build lays them out. */
export const PAGES = ["index.html", "lab/index.html", "open/index.html", "play-app/index.html"];

/** The text of every inline script (one without `src`) of an HTML page. */
export function inlineScripts(html) {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map(([, text]) => text);
}

/** The policy for pages whose inline scripts have these texts. */
export function policy(scripts) {
  const hashes = [...new Set(scripts.map((text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`))];
  return [
    "default-src 'none'",
    // The page's own JS and WASM, and its loader by hash; WASM needs compiling.
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
    "style-src 'self'",
    "img-src 'self'",
    // The API is on the same origin (the worker serves both).
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function headersFile(scripts) {
  return [
    "/*",
    `  Content-Security-Policy: ${policy(scripts)}`,
    "  X-Content-Type-Options: nosniff",
    // A voter's link names the ballot: it is sent to no other site.
    "  Referrer-Policy: no-referrer",
    "  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()",
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2];
  if (!dist) {
    console.error("usage: node scripts/page-headers.mjs DIST_DIR");
    process.exit(2);
  }
  const missing = PAGES.filter((page) => !existsSync(join(dist, page)));
  if (missing.length > 0) {
    console.error(`page-headers: ${missing.join(", ")} not built in ${dist}; build every page first`);
    process.exit(1);
  }
  const scripts = PAGES.flatMap((page) => inlineScripts(readFileSync(join(dist, page), "utf8")));
  writeFileSync(join(dist, "_headers"), headersFile(scripts));
  console.log(`page-headers: ${scripts.length} inline scripts allowed by hash in ${join(dist, "_headers")}`);
}
