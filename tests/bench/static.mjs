// The release app (dist/) from a plain loopback file server, with `/api/*` passed on to the worker:
// for the app benchmark's `BENCH_SERVE=static`, which takes `wrangler dev`'s asset delivery (its
// local proxy streams each file through a worker, 100–400 ms for the WASM) out of the first render,
// as a CDN serving the files would. The files and the answers are the same as the worker's.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";

import { ROOT } from "../support/services.mjs";

const DIST = join(ROOT, "dist");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".webmanifest": "application/manifest+json",
};

/** Serves dist/ on a free loopback port; other than `/api/*`, an unknown path is the app (SPA), or
 *  under `/vote/` the open pages. */
export async function startStatic(workerUrl) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path === "/api" || path.startsWith("/api/")) {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const answer = await fetch(workerUrl + req.url, {
        method: req.method,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "host")),
        body: ["GET", "HEAD"].includes(req.method) ? undefined : Buffer.concat(chunks),
      });
      // fetch has already decoded the body: passing the worker's content-encoding on would have
      // the browser decode it again.
      const headers = Object.fromEntries([...answer.headers].filter(([k]) => !["content-encoding", "content-length"].includes(k)));
      res.writeHead(answer.status, headers);
      res.end(Buffer.from(await answer.arrayBuffer()));
      return;
    }
    const file = normalize(join(DIST, path));
    const inside = file.startsWith(DIST) && extname(file) !== "";
    const body = await (inside ? readFile(file) : Promise.reject()).catch(() => null);
    if (body) {
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } else {
      // As the worker does: a voter's /vote/<id> is the open pages' HTML, any other path the app's.
      const page = path.startsWith("/vote/") ? join(DIST, "open", "index.html") : join(DIST, "index.html");
      res.writeHead(200, { "content-type": TYPES[".html"] });
      res.end(await readFile(page));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) };
}
