// What the browser scripts (playground.mjs, budgets.mjs) share: their command-line options, a
// loopback server that sends files as a static host does, and Debian's headless Chromium.

import { chromium } from "playwright-core";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/** The value after `--name` on the command line, or `dflt`. */
export function option(name, dflt) {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
}

const types = { ".toml": "text/plain", ".md": "text/markdown", ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

/**
 * Starts a server on a free loopback port; resolves with its base URL and `close`.
 * `route(pathname)` says what to send: `{ dir, rel, length }`, the file `rel` below `dir`,
 * with its length (as a static host sends a file; the page then unpacks the wasm while it
 * downloads) unless `length` is false. Anything outside `dir`, or missing, is a 404.
 */
export async function serve(route) {
  const server = http.createServer((req, res) => {
    const { dir, rel, length = true } = route(new URL(req.url, "http://x").pathname);
    const file = path.join(dir, rel === "/" ? "index.html" : path.normalize(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end("not found");
      return;
    }
    const headers = { "content-type": types[path.extname(file)] ?? "application/octet-stream" };
    if (length) headers["content-length"] = fs.statSync(file).size;
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { base: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Headless Chromium on a fresh `profile` directory, with the flags this machine needs. */
export function launch(profile) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    viewport: { width: 1280, height: 720 },
  });
}
