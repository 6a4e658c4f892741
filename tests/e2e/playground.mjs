// The playground end to end, in headless Chromium: boots the page from dist/, types into the
// terminal, interrupts, opens modules of the course pack, works through M03's first steps
// (run blocks, an answer, hints), reads the X-ray, reloads to check what persists, and takes
// screenshots (light and dark) to look at.
//
//   node tests/e2e/playground.mjs [--dist DIR] [--out DIR]
//
// Prints one line per check and "N passed, N failed" at the end; exits 1 if any failed.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { launch, option, root, serve } from "./common.mjs";

const dist = path.resolve(option("--dist", path.join(root, "dist")));
const out = path.resolve(option("--out", path.join(root, "target", "e2e")));
fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync(out)) if (f.startsWith("fail-")) fs.rmSync(path.join(out, f));

// dist/ on a loopback port. `/fixtures/…` serves tests/e2e/fixtures (a pack to open with
// ?pack=URL); under `/no-length/…` files go without their length, as from a host that
// compresses on the fly (the page then reads the whole wasm before unpacking it).
const fixtures = path.join(root, "tests", "e2e", "fixtures");
const server = await serve((pathname) => {
  const length = !pathname.startsWith("/no-length/");
  const rest = length ? pathname : pathname.slice("/no-length".length);
  return rest.startsWith("/fixtures/") ? { dir: fixtures, rel: rest.slice("/fixtures".length), length } : { dir: dist, rel: rest, length };
});
const base = server.base;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "wharf-e2e-"));
const browser = await launch(profile);
const page = browser.pages()[0] ?? (await browser.newPage());
const consoleErrors = [];
page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
page.on("pageerror", (e) => consoleErrors.push(String(e)));

let passed = 0;
let failed = 0;
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok    ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${name}: ${String(e.message ?? e).split("\n")[0]}`);
    await page.screenshot({ path: path.join(out, `fail-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
  }
}
const assert = (cond, msg) => {
  if (!cond) throw new Error(msg);
};

/** The terminal's rows as text, trailing blanks trimmed. */
const screen = () =>
  page.evaluate(() =>
    [...document.querySelectorAll(".terminal-host .xterm-rows > div")]
      .map((r) => r.textContent.replace(/\u00a0/g, " ").trimEnd())
      .join("\n")
      .trimEnd());
/** Waits until the terminal shows `pred(text)`. */
async function waitScreen(pred, what, timeout = 5000) {
  const end = Date.now() + timeout;
  let text = "";
  while (Date.now() < end) {
    text = await screen();
    if (pred(text)) return text;
    await page.waitForTimeout(50);
  }
  throw new Error(`terminal never showed ${what}; it shows:\n${text}`);
}
const lastLine = (t) => t.split("\n").filter((l) => l.trim()).pop() ?? "";
const atPrompt = (t) => /[#$] ?$/.test(lastLine(t));
async function typeLine(text) {
  await page.click(".terminal-host");
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

await page.goto(base);

await check("the page boots and the shell prompts", async () => {
  await page.waitForSelector(".terminal-host .xterm-rows", { timeout: 15000 });
  await waitScreen(atPrompt, "a prompt", 15000);
});

await check("a typed command runs and prints", async () => {
  await typeLine("echo hello-e2e");
  await waitScreen((t) => t.split("\n").includes("hello-e2e") && atPrompt(t), "the echo's output");
});

await check("line editing: arrows, Home, Backspace", async () => {
  await page.click(".terminal-host");
  await page.keyboard.type("echo wrld");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.type("o");
  await page.keyboard.press("End");
  await page.keyboard.type("!!");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Enter");
  await waitScreen((t) => t.split("\n").includes("world!"), "world!");
});

await check("Ctrl-C interrupts the foreground program", async () => {
  await typeLine("cat");
  await typeLine("meow");
  await waitScreen((t) => t.split("\n").filter((l) => l === "meow").length >= 2, "cat repeating meow");
  await page.keyboard.press("Control+C");
  await waitScreen((t) => t.includes("^C") && atPrompt(t), "^C and a new prompt");
  await typeLine("echo after-interrupt");
  await waitScreen((t) => t.split("\n").includes("after-interrupt"), "the shell answering again");
});

await check("a runaway never freezes the page and Ctrl-C stops it", async () => {
  await typeLine("yes");
  await page.waitForSelector(".status.busy");
  // Animation frames keep coming while the machine runs flat out: it gets a slice per frame.
  const gaps = await page.evaluate(() => new Promise((done) => {
    const gaps = [];
    let last = performance.now();
    const end = last + 1000;
    const frame = (t) => {
      gaps.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(frame); else done(gaps);
    };
    requestAnimationFrame(frame);
  }));
  const worst = Math.round(Math.max(...gaps));
  console.log(`      ${gaps.length} frames in 1 s while busy, slowest ${worst} ms`);
  assert(gaps.length >= 15 && worst < 300, `${gaps.length} frames, slowest ${worst} ms`);
  await page.keyboard.press("Control+C");
  await waitScreen(atPrompt, "the prompt after interrupting yes");
  await page.waitForSelector(".status.idle");
  await typeLine("echo after-interrupt");
  await waitScreen((t) => lastLine(t.replace(/\n[^\n]*$/, "")) === "after-interrupt", "the shell answering after yes");
});

await check("↑ recalls the previous command", async () => {
  await page.click(".terminal-host");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await waitScreen((t) => t.split("\n").filter((l) => l === "after-interrupt").length >= 2, "the recalled command's output");
});

const M01 = "Images and containers: the first run";
const M03 = "Containers by hand I: chroot and namespaces";
const M04 = "Containers by hand II: cgroups and pivot_root";
const h1 = () => page.evaluate(() => document.querySelector(".lesson-body h1")?.textContent);
const stepDone = () => page.waitForSelector(".step .step-status.done", { timeout: 10000 });

await check("the module list shows the course pack and opens a module", async () => {
  const n = await page.locator(".module").count();
  assert(n >= 5, `only ${n} modules listed`);
  assert((await h1()) === M01, `the first module opens first, not ${await h1()}`);
  await page.locator(".module", { hasText: M04 }).click();
  await page.waitForFunction((t) => document.querySelector(".lesson-body h1")?.textContent === t, M04);
  assert((await page.evaluate(() => location.hash)) === "#/M04/tree", "the address names the module and step");
  await page.locator(".module", { hasText: M03 }).click();
  await page.waitForFunction((t) => document.querySelector(".lesson-body h1")?.textContent === t, M03);
  await waitScreen(atPrompt, "a prompt on the module's fresh machine", 15000);
});

await check("M03's first step: its run block runs, the answer is checked, the step turns done", async () => {
  await page.evaluate(() => { location.hash = "#/M03/host"; });
  await page.waitForSelector('.step[data-step="host"]');
  assert(!(await page.$(".step .step-status.done")), "done before anything ran");
  await page.locator(".step .run").first().click();
  await waitScreen((t) => /PID/.test(t) && atPrompt(t), "ps aux's table");
  await page.fill("#answer-input", "box");
  await page.press("#answer-input", "Enter");
  await page.waitForSelector(".answer-feedback.wrong");
  await page.fill("#answer-input", "wharf");
  await page.press("#answer-input", "Enter");
  await stepDone();
  await page.waitForSelector('.step-pill.status-done[aria-label^="Step 1:"]');
});

await check("M03's next step turns done from its run block alone", async () => {
  await page.click(".lesson-nav .nav-next");
  await page.waitForSelector('.step[data-step="empty-root"]');
  assert((await page.evaluate(() => location.hash)) === "#/M03/empty-root", "the address follows the step");
  await page.locator(".step .run").first().click();
  await waitScreen((t) => t.includes("No such file or directory") && atPrompt(t), "chroot failing");
  await stepDone();
});

await check("hints: one on request, and one when the learner is half way", async () => {
  await page.click(".lesson-nav .nav-next");
  await page.waitForSelector('.step[data-step="copy-shell"]');
  assert(!(await page.$(".callout.hint")), "a hint before asking");
  await page.click(".show-hint");
  await page.waitForSelector(".callout.hint >> text=ldd /bin/sh");
  await typeLine("mkdir -p /root/jail/bin && cp /bin/sh /root/jail/bin/");
  await page.waitForSelector(".callout.hint.auto >> text=loader", { timeout: 10000 });
});

await check("the X-ray draws the process tree", async () => {
  await page.click("#xray-tab-processes");
  await page.waitForSelector(".xray-body svg.diagram .node");
  const titles = await page.$$eval(".xray-body svg.diagram .node-title", (ns) => ns.map((n) => n.textContent));
  assert(titles.includes("sh"), `no shell in the process tree: ${titles.join(", ")}`);
});

await check("the X-ray tabs switch with the keyboard", async () => {
  await page.focus("#xray-tab-processes");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector("#xray-tab-network")?.getAttribute("aria-selected") === "true");
  const titles = await page.$$eval(".xray-body svg.diagram .node-title", (ns) => ns.map((n) => n.textContent));
  assert(titles.includes("lo"), `no loopback in the network view: ${titles.join(", ")}`);
  await page.click("#xray-tab-filesystem");
  await page.waitForSelector(".xray-body .frame-label");
  const frames = await page.$$eval(".xray-body .frame-label", (ns) => ns.map((n) => n.textContent));
  assert(frames.some((f) => f.startsWith("host mount namespace")), `frames: ${frames.join(", ")}`);
  await page.click("#xray-tab-processes");
});

await check("the splitter resizes the lesson pane from the keyboard", async () => {
  const before = await page.$eval(".lesson", (e) => e.getBoundingClientRect().width);
  await page.focus(".splitter.vertical");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const after = await page.$eval(".lesson", (e) => e.getBoundingClientRect().width);
  assert(Math.round(after - before) === 48, `lesson went from ${before} to ${after}`);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
});

await check("screenshot (light)", async () => {
  await page.evaluate(() => document.activeElement?.blur());
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, "playground-light.png") });
});

await check("the theme toggle switches to dark", async () => {
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  for (let i = 0; i < 3 && (await theme()) !== "dark"; i++) await page.click(".theme-toggle");
  assert((await theme()) === "dark", "never dark");
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, "playground-dark.png") });
});

await check("history, theme, step and progress survive a reload", async () => {
  await page.reload();
  await page.waitForSelector(".terminal-host .xterm-rows");
  await waitScreen(atPrompt, "a prompt after reload", 15000);
  assert((await page.evaluate(() => document.documentElement.dataset.theme)) === "dark", "theme forgotten");
  assert((await h1()) === M03, "module forgotten");
  assert((await page.evaluate(() => location.hash)) === "#/M03/copy-shell", "step forgotten");
  assert((await page.locator(".step-pill.status-done").count()) === 2, "progress forgotten");
  await page.click(".terminal-host");
  await page.keyboard.press("ArrowUp");
  await waitScreen((t) => lastLine(t).endsWith("cp /bin/sh /root/jail/bin/"), "the last command recalled");
  await page.keyboard.press("Control+C");
});

await check("a damaged progress record is discarded with a notice", async () => {
  await page.evaluate(() => localStorage.setItem("wharf.v2.progress.docker", "{not json"));
  await page.reload();
  await page.waitForSelector(".notice");
  assert((await page.locator(".step-pill.status-done").count()) === 0, "progress kept");
});

await check("a host that sends no length still gets a working page", async () => {
  await page.goto(`${base}no-length/`);
  await page.waitForSelector(".terminal-host .xterm-rows", { timeout: 15000 });
  await waitScreen(atPrompt, "a prompt", 15000);
  await typeLine("echo unpacked-whole");
  await waitScreen((t) => t.split("\n").includes("unpacked-whole"), "the echo's output");
});

await check("?pack=URL opens another pack, and its step turns done", async () => {
  await page.goto(`${base}?pack=/fixtures/mini-pack/pack.toml`);
  await page.waitForFunction(() => document.querySelector(".lesson-body h1")?.textContent === "Leave a mark", null, { timeout: 15000 });
  await waitScreen(atPrompt, "a prompt", 15000);
  assert((await page.locator(".module").count()) === 1, "the tiny pack has one module");
  await page.locator(".step .run").first().click();
  await stepDone();
});

await check("Open pack… reads a pack from files", async () => {
  await page.goto(base);
  await page.waitForFunction((t) => document.querySelector(".lesson-body h1")?.textContent === t, M03, { timeout: 15000 });
  const dir = path.join(fixtures, "mini-pack");
  await page.setInputFiles('input[type="file"]', [path.join(dir, "pack.toml"), path.join(dir, "mark.md")]);
  await page.waitForFunction(() => document.querySelector(".lesson-body h1")?.textContent === "Leave a mark");
  // Its progress, saved by the previous check under the pack's ID, comes back with it.
  await page.waitForSelector(".step-pill.status-done", { timeout: 5000 });
});

await check("Start over forgets the module's progress", async () => {
  page.once("dialog", (d) => d.accept());
  await page.click(".lesson-meta .reset");
  await page.waitForFunction(() => document.querySelectorAll(".step-pill.status-done").length === 0);
  await waitScreen(atPrompt, "a prompt on the fresh machine", 15000);
});

// X-ray of the daemon (helper xray): images, a container up close, networks, volumes, and
// one selection shared by every tab.
/** The X-ray's node with title `title` (exact), as a locator. */
const xnode = (title) =>
  page.locator(".xray-body g.node", { has: page.locator(".node-title", { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) }) }).first();
const xtitles = () => page.$$eval(".xray-body svg.diagram .node-title", (ns) => ns.map((n) => n.textContent));
const xbadges = () => page.$$eval(".xray-body svg.diagram .badge text", (ns) => ns.map((n) => n.textContent));
const hex64 = (t) => /^[0-9a-f]{64}$/m.test(t);
/** Saves the whole X-ray pane as `name`, on a page tall enough to show most of it. */
async function shotXray(name) {
  await page.setViewportSize({ width: 1280, height: 1800 });
  await page.waitForTimeout(250);
  await page.locator(".xray-pane").screenshot({ path: path.join(out, name) });
  await page.setViewportSize({ width: 1280, height: 720 });
}
/** Clears the screen (so earlier output cannot match), runs `line`, waits for `done`. */
async function runDocker(line, done, timeout = 20000) {
  await page.click(".terminal-host");
  await page.keyboard.press("Control+L");
  await typeLine(line);
  await waitScreen((t) => done(t) && atPrompt(t), `the end of: ${line}`, timeout);
}

await check("X-ray Images: docker run and commit draw layer stacks, a shared layer on both", async () => {
  await runDocker("docker run -d --name web -p 8080:80 nginx", hex64);
  await runDocker("docker network create appnet", hex64);
  await runDocker("docker run -d --name db --network appnet --network-alias database -v dbdata:/data --memory 64m alpine sh -c 'rm /etc/motd; touch /new; sleep 1000'", hex64);
  await runDocker("docker commit db snap", (t) => /^sha256:[0-9a-f]{64}$/m.test(t));
  await page.click("#xray-tab-images");
  await page.waitForFunction(() => [...document.querySelectorAll(".xray-body .node-title")].some((n) => n.textContent === "snap:latest"), null, { timeout: 5000 });
  const titles = await xtitles();
  for (const t of ["nginx:latest", "alpine:latest", "snap:latest"]) assert(titles.includes(t), `no ${t}: ${titles.join(", ")}`);
  assert(titles.some((t) => t.startsWith("ADD file:")), `no ADD layer: ${titles.join(", ")}`);
  const shared = (await xbadges()).filter((b) => b === "shared ×2").length;
  assert(shared === 2, `alpine's layer should show as shared in alpine and snap, saw ${shared}`);
  await shotXray("xray-images.png");
});

let dbKey = "";
await check("X-ray Containers: db's union mount shows the whiteout, new file, namespaces and limits", async () => {
  await page.click("#xray-tab-containers");
  await xnode("db").click();
  dbKey = await xnode("db").getAttribute("data-select");
  assert(/^container:[0-9a-f]{64}$/.test(dbKey ?? ""), `data-select=${dbKey}`);
  await page.waitForFunction(() => [...document.querySelectorAll(".xray-body .section-title")].some((n) => n.textContent === "Union mount of db"));
  assert((await xnode("db").getAttribute("aria-pressed")) === "true", "db not marked selected");
  const titles = await xtitles();
  for (const t of ["container layer (upper)", "init layer", "merged /", "/etc/motd", "/new", "/etc"]) assert(titles.includes(t), `no ${t}: ${titles.join(", ")}`);
  const badges = await xbadges();
  for (const b of ["whiteout", "copy-up", "new"]) assert(badges.includes(b), `no ${b} badge: ${badges.join(", ")}`);
  assert(titles.some((t) => t.startsWith("PID 1 · sh -c")), `no PID 1: ${titles.join(", ")}`);
  assert(badges.some((b) => /^host \d+$/.test(b)), "no host PID beside PID 1");
  assert(titles.some((t) => /^memory .* \/ 64MiB$/.test(t)), `no memory limit: ${titles.join(", ")}`);
  await shotXray("xray-containers.png");
});

await check("X-ray: the selected container is marked in Network, Volumes and Images, with what it is tied to", async () => {
  const marked = (key) => page.$eval(`.xray-body g.node[data-select="${key}"]`, (g) => g.getAttribute("class"));
  await page.click("#xray-tab-network");
  await page.waitForSelector(`.xray-body g.node[data-select="${dbKey}"]`);
  assert((await marked(dbKey)).includes("mark-selected"), "db not selected in Network");
  assert((await marked("network:appnet")).includes("mark-related"), "appnet not tied to db");
  const titles = await xtitles();
  assert(titles.includes("0.0.0.0:8080 → 80/tcp"), `no published port: ${titles.join(", ")}`);
  const frames = await page.$$eval(".xray-body .frame-label", (ns) => ns.map((n) => n.textContent));
  assert(frames.some((f) => f.startsWith("appnet · 172.18.0.0/16")), `frames: ${frames.join(" | ")}`);
  const dbDetail = await xnode("db").locator(".node-detail").textContent();
  assert(dbDetail.startsWith("172.18.0.2 · DNS db, database"), `db's detail: ${dbDetail}`);
  await shotXray("xray-network.png");
  await page.click("#xray-tab-volumes");
  await page.waitForSelector('.xray-body g.node[data-select="volume:dbdata"]');
  assert((await marked("volume:dbdata")).includes("mark-related"), "dbdata not tied to db");
  await page.click("#xray-tab-images");
  const alpine = await xnode("alpine:latest").getAttribute("class");
  assert(alpine.includes("mark-related"), `alpine: ${alpine}`);
  const nginx = await xnode("nginx:latest").getAttribute("class");
  assert(!nginx.includes("mark-"), `nginx should be unmarked: ${nginx}`);
});

await check("X-ray: clicking a volume selects it everywhere, a second click lets go", async () => {
  await page.click("#xray-tab-volumes");
  const vol = page.locator('.xray-body g.node[data-select="volume:dbdata"]');
  await vol.click();
  await page.waitForFunction(() => document.querySelector('.xray-body g.node[data-select="volume:dbdata"]')?.classList.contains("mark-selected"));
  await vol.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll(".xray-body g.node.mark-selected, .xray-body g.node.mark-related").length === 0);
  await vol.click();
  await shotXray("xray-volumes.png");
});

// Tab completion and Docker's detach keys (issue 8's terminal).
await check("Tab completes a docker subcommand, and a container name from the machine", async () => {
  await page.click(".terminal-host");
  await page.keyboard.type("docker vers");
  await page.keyboard.press("Tab");
  await waitScreen((t) => lastLine(t).endsWith("docker version"), "docker version completed");
  await page.keyboard.press("Enter");
  await waitScreen((t) => t.includes("docker-init:") && atPrompt(t), "docker version's output");
  await typeLine("docker run -d --name tabweb busybox sleep 1000");
  await waitScreen((t) => /^[0-9a-f]{64}$/m.test(t) && atPrompt(t), "the container's ID");
  await page.keyboard.type("docker stop tabw");
  await page.keyboard.press("Tab");
  await waitScreen((t) => lastLine(t).endsWith("docker stop tabweb"), "the container's name completed");
  await page.keyboard.press("Enter");
  await waitScreen((t) => t.split("\n").includes("tabweb") && atPrompt(t), "docker stop printing the name");
});

await check("a second Tab lists the matches in columns and redraws the line", async () => {
  await page.click(".terminal-host");
  await page.keyboard.type("docker network ");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  // Filled top to bottom, as bash lists them.
  const t = await waitScreen((t) => /^connect +disconnect +ls +rm$/m.test(t) && /^create +inspect +prune$/m.test(t) && lastLine(t).endsWith("docker network"), "the listing and the line below it");
  const lines = t.split("\n");
  assert(/[#$] docker network$/.test(lines[lines.length - 1]), `the prompt is not redrawn: ${lines[lines.length - 1]}`);
  await page.keyboard.press("Control+U");
  await page.keyboard.press("Enter");
});

await check("Ctrl-P Ctrl-Q detaches from docker run -it and the container runs on", async () => {
  await typeLine("docker run -it --name e2e-it busybox sh");
  await waitScreen((t) => lastLine(t) === "/ #", "the container's shell prompt", 10000);
  await page.keyboard.press("Control+P");
  await page.keyboard.press("Control+Q");
  await waitScreen((t) => lastLine(t).endsWith("~ #"), "the host's prompt back");
  await typeLine("docker ps --format '{{.Names}} {{.Status}}'");
  await waitScreen((t) => t.split("\n").some((l) => /^e2e-it Up /.test(l)) && atPrompt(t), "the container Up in docker ps");
});

await check("no errors on the console", async () => {
  assert(consoleErrors.length === 0, consoleErrors.join(" | "));
});

await browser.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(`screenshots in ${path.relative(process.cwd(), out) || "."}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
