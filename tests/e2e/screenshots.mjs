// Screenshots of the example site for the README: home, a case, a program, the
// indicator dashboard and a region page, at 1280 px and 390 px wide, in
// docs/screenshots/. Run through scripts/screenshots.sh.
//
//   node screenshots.mjs [--out DIR] [--review DIR]
//
// --review DIR also writes what a person should look at before a theme change lands:
// the same pages in dark mode and in Chinese, and a case and a program printed to PDF
// (turn the PDFs into pictures with `pdftoppm -png -r 60`).

import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

import { exampleSite, keepOnSite, launchBrowser, repoRoot } from "./lib.mjs";

export const PAGES = [
  ["home", "/"],
  ["case", "/cases/wuxing-city-leads-villages/"],
  ["program", "/programs/fuzhou-urban-rural-credit-line/"],
  ["indicators", "/indicators/"],
  ["region", "/regions/zhejiang/huzhou/"],
];

const WIDTHS = [
  [1280, 800],
  [390, 844],
];

// A full-page shot is cut at this height, so that the pictures stay small.
const MAX_HEIGHT = 2600;

function option(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function shoot(browser, site, dir, { scheme = "light", suffix = "", pages = PAGES } = {}) {
  const external = [];
  for (const [width, height] of WIDTHS) {
    const context = await browser.newContext({
      viewport: { width, height },
      deviceScaleFactor: 1,
      colorScheme: scheme,
      reducedMotion: "reduce",
    });
    await keepOnSite(context, site.origin, external);
    const page = await context.newPage();
    for (const [name, path] of pages) {
      await page.goto(site.origin + path, { waitUntil: "load" });
      const full = await page.evaluate(() => document.documentElement.scrollHeight);
      const file = join(dir, `${name}-${width}${suffix}.png`);
      await page.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y: 0, width, height: Math.min(full, MAX_HEIGHT) },
      });
      console.log(file);
    }
    await context.close();
  }
  if (external.length) throw new Error(`requests left the site: ${external.join(", ")}`);
}

async function printPdf(browser, site, dir, suffix) {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const [name, path] of PAGES.filter(([n]) => n === "case" || n === "program")) {
    await page.goto(site.origin + path, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const file = join(dir, `${name}${suffix}.pdf`);
    await page.pdf({ path: file, format: "A4", printBackground: false, preferCSSPageSize: true });
    console.log(file);
  }
  await context.close();
}

const out = resolve(option("--out") || join(repoRoot, "docs", "screenshots"));
const review = option("--review");
const browser = await launchBrowser();
const sites = [];
try {
  const en = await exampleSite("en");
  sites.push(en);
  mkdirSync(out, { recursive: true });
  await shoot(browser, en, out);
  if (review) {
    const dir = resolve(review);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await shoot(browser, en, dir, { scheme: "dark", suffix: "-dark" });
    await printPdf(browser, en, dir, "");
    const zh = await exampleSite("zh");
    sites.push(zh);
    await shoot(browser, zh, dir, { suffix: "-zh" });
    await shoot(browser, zh, dir, { scheme: "dark", suffix: "-zh-dark", pages: PAGES.slice(0, 2) });
    await printPdf(browser, zh, dir, "-zh");
  }
} finally {
  await browser.close();
  for (const site of sites) await site.close();
}
