// `casebook serve` seen in a browser: a case page reloads by itself after its title is
// edited, the build's problems show over the page while the case is broken, and the
// overlay goes once it is fixed. Serves the example site (the repository itself) and
// edits content/cases/wuxing-city-leads-villages.md, putting it back at the end.
// Writes docs/screenshots/serve-reload-before.png, serve-reload-after.png,
// serve-overlay.png and serve-recovered.png.
//
//   CASEBOOK=target/release/casebook node tests/e2e/serve-reload.mjs [--out DIR]

import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { casebookBin, keepOnSite, launchBrowser, repoRoot } from "./lib.mjs";

const CASE = join(repoRoot, "content/cases/wuxing-city-leads-villages.md");
const PATH = "/cases/wuxing-city-leads-villages/";
const TIMEOUT = 60_000;

const outIndex = process.argv.indexOf("--out");
const out = outIndex > 0 ? process.argv[outIndex + 1] : join(repoRoot, "docs/screenshots");
mkdirSync(out, { recursive: true });

/** Starts `casebook serve` on a free port; resolves to { origin, process, log }. */
function startServe() {
  const child = spawn(casebookBin(), ["serve", repoRoot, "--port", "0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const log = [];
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${log.join("")}`)), TIMEOUT);
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      log.push(chunk);
      const m = /Serving .* at (http:\/\/[^/\s]+)\//.exec(log.join(""));
      if (m) {
        clearTimeout(timer);
        done({ origin: m[1], child, log });
      }
    });
    child.on("exit", (code) => fail(new Error(`serve exited (${code}):\n${log.join("")}`)));
  });
}

/** Waits until the page's heading reads `text`. */
function headingIs(page, text) {
  return page.waitForFunction(
    (want) => document.querySelector("h1")?.textContent.trim() === want,
    text,
    { timeout: TIMEOUT },
  );
}

const original = readFileSync(CASE, "utf8");
const title = /^title = "(.*)"$/m.exec(original)[1];
const edited = original.replace(/^title = ".*"$/m, `title = "${title} (edited live)"`);
// A field the content format does not have: the build refuses the case.
const broken = original.replace(/^date = /m, 'colour = "red"\ndate = ');

const serve = await startServe();
const browser = await launchBrowser();
let failed = false;
try {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    reducedMotion: "reduce",
  });
  const external = [];
  await keepOnSite(context, serve.origin, external);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  await page.goto(`${serve.origin}/`, { waitUntil: "load" });
  const home = await page.locator("h1, .site-title").first().textContent();
  console.log(`home page: ${JSON.stringify(home?.trim())}`);

  await page.goto(serve.origin + PATH, { waitUntil: "load" });
  await headingIs(page, title);
  await page.screenshot({ path: join(out, "serve-reload-before.png") });

  // A mark on this document: a reload leaves a new document without it.
  await page.evaluate(() => {
    window.casebookMark = true;
  });
  const reloaded = page.waitForEvent("load", { timeout: TIMEOUT });
  const wrote = Date.now();
  writeFileSync(CASE, edited);
  await reloaded;
  await headingIs(page, `${title} (edited live)`);
  console.log(`title edit: page reloaded ${Date.now() - wrote} ms after the write`);
  if (await page.evaluate(() => window.casebookMark === true)) {
    throw new Error("the page shows the new title without having reloaded");
  }
  await page.screenshot({ path: join(out, "serve-reload-after.png") });

  writeFileSync(CASE, broken);
  const overlay = page.locator("#casebook-overlay");
  await overlay.waitFor({ state: "visible", timeout: TIMEOUT });
  console.log(`overlay: ${JSON.stringify((await overlay.locator("h2").textContent()).trim())}`);
  await page.screenshot({ path: join(out, "serve-overlay.png") });

  writeFileSync(CASE, original);
  await overlay.waitFor({ state: "detached", timeout: TIMEOUT });
  await headingIs(page, title);
  await page.screenshot({ path: join(out, "serve-recovered.png") });

  if (errors.length || external.length) {
    throw new Error(`page errors: ${errors.join("; ")}; requests off the site: ${external.join(", ")}`);
  }
  console.log(`screenshots in ${out}`);
} catch (e) {
  failed = true;
  console.error(e);
  console.error(serve.log.join(""));
} finally {
  writeFileSync(CASE, original);
  await browser.close();
  serve.child.kill("SIGINT");
}
process.exit(failed ? 1 : 0);
