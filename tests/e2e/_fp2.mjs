import { chromium } from "playwright-core";
import http from "node:http"; import fs from "node:fs"; import path from "node:path";
const dist = process.env.DIST ?? "/work/main/dist";
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
const server = http.createServer((req, res) => { const rel = new URL(req.url, "http://x").pathname; const file = path.join(dist, rel === "/" ? "index.html" : path.normalize(rel)); if (!fs.existsSync(file)) return res.writeHead(404).end(); res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }); fs.createReadStream(file).pipe(res); });
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
for (let i = 0; i < 3; i++) {
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
await page.addInitScript(() => {
  window.__ev = [];
  const mo = new MutationObserver(() => {
    const t = performance.now();
    if (!window.__splashGone && !document.querySelector(".boot-splash") && document.querySelector("#app")) { window.__splashGone = t; window.__ev.push(["splash gone", t]); }
    if (!window.__xterm && document.querySelector(".xterm")) { window.__xterm = t; window.__ev.push(["xterm", t]); }
    if (!window.__rows && document.querySelector(".xterm-rows > div")) { window.__rows = t; window.__ev.push(["rows", t]); }
  });
  document.addEventListener("DOMContentLoaded", () => mo.observe(document.body, { childList: true, subtree: true, characterData: true }));
  const ws = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...a) => { window.__ev.push(["instantiate start", performance.now()]); const r = await ws(...a); window.__ev.push(["instantiate done", performance.now()]); return r; };
  const wi = WebAssembly.instantiate;
  WebAssembly.instantiate = async (...a) => { window.__ev.push(["instantiate(b) start", performance.now()]); const r = await wi(...a); window.__ev.push(["instantiate(b) done", performance.now()]); return r; };
});
await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: "commit" });
const t = await page.evaluate(() => new Promise((done) => { const look = () => { const rows = [...document.querySelectorAll(".terminal-host .xterm-rows > div")].map((r) => r.textContent.trim()).filter((r) => r); if (rows.length && /[#$]$/.test(rows[rows.length - 1])) done(performance.now()); else requestAnimationFrame(look); }; look(); }));
const ev = await page.evaluate(() => window.__ev.map(([k, v]) => k + "@" + Math.round(v)));
console.log("prompt", Math.round(t), ev.join("  "));
await browser.close();
}
server.close();
