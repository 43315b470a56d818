// A phone for the open pages' tests and benchmarks: Playwright's device emulation (a small
// viewport, touch, `isMobile`), and through the DevTools protocol a slowed CPU and a slow mobile
// link, as a voter in a venue meets them.

/** About a slow 3G/4G link in a crowded venue: 1.6 Mbps down, 750 kbps up, 150 ms round trip. */
export const SLOW_MOBILE = { latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };

/** A browser context that looks like a phone 360 px wide to the page. */
export function phoneContext(browser, { width = 360, height = 740 } = {}) {
  return browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "es-CL",
    userAgent:
      "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36",
  });
}

/** Slows `page`'s CPU `cpu` times and its network to `network` (null: full speed). */
export async function throttle(page, { cpu = 4, network = SLOW_MOBILE } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  if (network) {
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, ...network });
  }
  return cdp;
}
