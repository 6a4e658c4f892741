import { chromium } from "playwright-core";
import http from "node:http"; import fs from "node:fs"; import path from "node:path";
const dist = process.env.DIST ?? "/work/main/dist";
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
const server = http.createServer((req, res) => { const rel = new URL(req.url, "http://x").pathname; const file = path.join(dist, rel === "/" ? "index.html" : path.normalize(rel)); if (!fs.existsSync(file)) return res.writeHead(404).end(); res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }); fs.createReadStream(file).pipe(res); });
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
await cdp.send("Profiler.start");
await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: "commit" });
const t = await page.evaluate(() => new Promise((done) => { const look = () => { const rows = [...document.querySelectorAll(".terminal-host .xterm-rows > div")].map((r) => r.textContent.trim()).filter((r) => r); if (rows.length && /[#$]$/.test(rows[rows.length - 1])) done(performance.now()); else requestAnimationFrame(look); }; look(); }));
const { profile } = await cdp.send("Profiler.stop");
console.log("prompt", Math.round(t));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map(), total = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const ms = (dt[i] || 0) / 1000;
  let id = profile.samples[i]; const n = byId.get(id);
  const k = n.callFrame.functionName; self.set(k, (self.get(k) || 0) + ms);
  const seen = new Set();
  while (id !== undefined) { const f = byId.get(id).callFrame.functionName; if (!seen.has(f)) { seen.add(f); total.set(f, (total.get(f) || 0) + ms); } id = parent.get(id); }
}
console.log("-- self"); [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).forEach(([k, v]) => console.log(v.toFixed(1).padStart(8), k.slice(0, 150)));
console.log("-- total"); [...total.entries()].filter(([k]) => !/^\(|^$/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 60).forEach(([k, v]) => console.log(v.toFixed(1).padStart(8), k.slice(0, 150)));
await browser.close(); server.close();
