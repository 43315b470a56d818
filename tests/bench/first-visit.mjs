// A first visit on an emulated phone, and its floor: shared by the open pages' benchmarks
// (voter.mjs, play.mjs).
import { SLOW_MOBILE, phoneContext, throttle } from "../support/phone.mjs";

/** Navigation start to `ready` on a fresh emulated phone (nothing cached), with the CPU slowed
 *  `cpu` times and a slow mobile link; milliseconds and the bytes transferred. */
export async function firstVisit(browser, url, ready, cpu = 4) {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await throttle(page, { cpu, network: SLOW_MOBILE });
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(ready, null, { polling: "raf", timeout: 60_000 });
  const ms = await page.evaluate(() => performance.now());
  const transferred = await page.evaluate(() =>
    performance.getEntriesByType("resource").reduce((sum, e) => sum + e.transferSize, performance.getEntriesByType("navigation")[0]?.transferSize ?? 0),
  );
  await context.close();
  return { ms, transferred };
}

/** A loopback server with one tiny page (`hola`) at every path: the floor of a first visit. */
export async function startFloorServer() {
  const { createServer } = await import("node:http");
  const server = createServer((_, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end('<!DOCTYPE html><html lang="es"><meta name="viewport" content="width=device-width"><p>hola</p></html>');
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) };
}
