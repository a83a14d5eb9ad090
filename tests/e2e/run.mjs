// End-to-end tests of the built example site, in English and in Chinese, in Debian's
// Chromium driven by playwright-core:
//
// - every page, reached by following links from the home page, loads without a
//   console error or a failed request, and no request leaves the site;
// - no internal link, asset or fragment (#id) is broken;
// - every chart has a non-zero size;
// - the 404 page is served for a missing page and works;
// - search returns results, from the search page and from the header's search box;
//   an index made in shards (one record each) finds what the single index finds;
// - axe-core finds no serious or critical violation on the home, a case, a program,
//   an indicator, a region and the search page, in light and dark mode;
// - the Nu Html Checker (vnu.jar, run with the machine's Java) reports no error on any
//   built page.
//
// Run through tests/e2e/run.sh, which builds casebook and installs what is missing.
// Prints one line per test and closes with "N passed, N failed"; exits 1 on a failure.

import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { exampleSite, keepOnSite, launchBrowser } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const VNU = require.resolve("vnu-jar/build/dist/vnu.jar");

// The whole run must finish well inside CI's limits.
const DEADLINE_MS = 8 * 60 * 1000;
const NAV_TIMEOUT_MS = 20_000;

// Pages that axe-core checks, by role; the search page gets a query so that its
// results are part of what is checked.
const AXE_PAGES = [
  ["home", "/"],
  ["case", "/cases/wuxing-city-leads-villages/"],
  ["program", "/programs/fuzhou-urban-rural-credit-line/"],
  ["indicator", "/indicators/village-collective-income-avg/"],
  ["region", "/regions/zhejiang/huzhou/"],
  ["search", "/search/?q=Wuxing"],
];

let passed = 0;
let failed = 0;

function report(ok, name, details = []) {
  if (ok) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok - ${name}`);
    for (const line of details.slice(0, 20)) console.log(`    ${line}`);
    if (details.length > 20) console.log(`    … and ${details.length - 20} more`);
  }
}

function finish(code) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code);
}

const watchdog = setTimeout(() => {
  report(false, `the end-to-end run finished within ${DEADLINE_MS / 60000} minutes`);
  finish(1);
}, DEADLINE_MS);
watchdog.unref();

/** Where an absolute URL points inside the site, or null when it is outside. */
function onSite(site, href) {
  if (!href.startsWith(`${site.origin}/`)) return null;
  return href.slice(site.origin.length);
}

function isPagePath(path) {
  return path.endsWith("/") || path.endsWith(".html");
}

/** Watches one browser page: console errors, uncaught errors and failed requests. */
function watch(page, site) {
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
  page.on("requestfailed", (req) => {
    // ERR_ABORTED: the browser dropped the request because the test navigated on
    // (the search page's index loads in the background); a missing file is a 404.
    if (onSite(site, req.url()) !== null && req.failure()?.errorText !== "net::ERR_ABORTED") {
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    }
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/**
 * Visits every page reachable from the home page and checks each one, then the links
 * and fragments found on the way.
 */
async function crawl(browser, site, lang) {
  const external = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await keepOnSite(context, site.origin, external);
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  const problems = watch(page, site);

  const queue = ["/"];
  const seen = new Set(queue);
  const ids = new Map(); // page path -> ids on it
  const fragments = []; // [from, path, id]
  const assets = new Map(); // asset path -> first page linking it
  let charts = 0;

  while (queue.length) {
    const path = queue.shift();
    problems.length = 0;
    let response = null;
    try {
      response = await page.goto(site.origin + path, { waitUntil: "load" });
    } catch (err) {
      problems.push(`navigation: ${err.message.split("\n")[0]}`);
    }
    if (response && response.status() !== 200) {
      problems.push(`status ${response.status()}`);
    }
    // A page with scripts (search) goes on loading after "load": let it settle, so
    // that what goes wrong is told against this page and not the next one.
    if (response && (await page.locator("script[src]").count()) > 0) {
      await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {
        problems.push("the network did not settle within 10 s");
      });
    }
    const found = response
      ? await page.evaluate(() => {
          const urls = [];
          for (const el of document.querySelectorAll("a[href], link[href]")) urls.push(el.href);
          for (const form of document.querySelectorAll("form[action]")) urls.push(form.action);
          for (const el of document.querySelectorAll("img[src], script[src], source[src]")) {
            urls.push(el.src);
          }
          const charts = [...document.querySelectorAll("svg[role=img]")].map((svg) => {
            const box = svg.getBoundingClientRect();
            return {
              title: svg.querySelector("title")?.textContent ?? "(untitled)",
              width: box.width,
              height: box.height,
            };
          });
          const images = [...document.images]
            .filter((img) => !img.complete || img.naturalWidth === 0)
            .map((img) => img.src);
          const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
          return { urls, charts, images, ids };
        })
      : { urls: [], charts: [], images: [], ids: [] };

    // From 360 px phones up, nothing makes the page scroll sideways.
    if (response) {
      await page.setViewportSize({ width: 360, height: 740 });
      const wide = await page.evaluate(() => {
        const root = document.documentElement;
        if (root.scrollWidth <= root.clientWidth) return null;
        const clipped = (el) => {
          for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== "visible") return true;
          }
          return false;
        };
        // What sticks out: an element outside any scrolling frame, or else one that
        // escapes its frame by absolute positioning.
        const out = [...document.querySelectorAll("body *")].filter(
          (el) => el.getBoundingClientRect().right > root.clientWidth + 1,
        );
        const culprit =
          out.find((el) => !clipped(el)) ??
          out.find((el) => ["absolute", "fixed"].includes(getComputedStyle(el).position));
        const name = culprit ? `${culprit.tagName.toLowerCase()}.${culprit.className}` : "?";
        return `${root.scrollWidth} px (${name})`;
      });
      if (wide) problems.push(`at 360 px the page is ${wide} wide`);
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    ids.set(path, new Set(found.ids));
    for (const img of found.images) problems.push(`image did not load: ${img}`);
    const flat = found.charts.filter((c) => !(c.width > 0 && c.height > 0));
    for (const c of flat) problems.push(`chart without a size: ${c.title} (${c.width}×${c.height})`);
    charts += found.charts.length;
    report(problems.length === 0, `[${lang}] ${path} loads cleanly and fits 360 px`, [...problems]);

    for (const url of found.urls) {
      const target = onSite(site, url);
      if (target === null) continue;
      const [rest, id] = target.split("#");
      const clean = rest.split("?")[0] || "/";
      if (id) fragments.push([path, clean, decodeURIComponent(id)]);
      if (isPagePath(clean)) {
        if (!seen.has(clean)) {
          seen.add(clean);
          queue.push(clean);
        }
      } else if (!assets.has(clean)) {
        assets.set(clean, path);
      }
    }
  }
  await context.close();

  report(seen.size >= 20, `[${lang}] the crawl reached the whole site (${seen.size} pages)`);
  report(charts > 0, `[${lang}] charts were found and measured (${charts})`);

  const broken = [];
  for (const [asset, from] of [...assets].sort()) {
    const res = await fetch(site.origin + asset, { method: "HEAD" });
    if (res.status !== 200) broken.push(`${asset} (HTTP ${res.status}), linked from ${from}`);
  }
  report(broken.length === 0, `[${lang}] every linked asset exists (${assets.size})`, broken);

  const dangling = fragments
    .filter(([, path, id]) => ids.has(path) && !ids.get(path).has(id))
    .map(([from, path, id]) => `${path}#${id}, linked from ${from}`);
  report(dangling.length === 0, `[${lang}] every #fragment link has its target`, dangling);

  report(external.length === 0, `[${lang}] no request left the site`, external);
}

async function notFound(browser, site, lang) {
  const external = [];
  const context = await browser.newContext();
  await keepOnSite(context, site.origin, external);
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  const problems = watch(page, site);
  const missing = `${site.origin}/no-such-page/`;
  const response = await page.goto(missing, { waitUntil: "load" });
  const seen = problems.filter((p) => !p.includes(missing) && !p.includes("404 (Not Found)"));
  if (response.status() !== 404) seen.push(`status ${response.status()}, not 404`);
  for (const url of external) seen.push(`request left the site: ${url}`);
  const state = await page.evaluate(() => ({
    section: document.body.className,
    styled: getComputedStyle(document.querySelector(".site-header")).borderTopStyle,
    home: document.querySelector(".not-found-links a, main a")?.href ?? null,
  }));
  if (!state.section.includes("section-404")) seen.push(`body class is "${state.section}"`);
  if (state.styled !== "solid") seen.push("the stylesheet did not apply");
  if (state.home) {
    await page.goto(state.home, { waitUntil: "load" });
    if (new URL(page.url()).pathname !== "/") seen.push(`its home link goes to ${page.url()}`);
  } else {
    seen.push("no link back into the site");
  }
  report(seen.length === 0, `[${lang}] a missing page gets the 404 page, styled, with a way home`, seen);
  await context.close();
}

/** The results of a search for `term` on `site`, and the search page's filter counts. */
async function searchResults(browser, site, term) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  const problems = watch(page, site);
  await page.goto(`${site.origin}/search/?q=${encodeURIComponent(term)}`, { waitUntil: "load" });
  await page.locator("[data-search-status]").filter({ hasText: /\S/ }).waitFor();
  const links = await page.locator("[data-search-results] a").evaluateAll((as) => as.map((a) => a.pathname));
  const filters = await page
    .locator("[data-search-filters] label")
    .evaluateAll((labels) => labels.map((l) => l.textContent.trim()));
  await context.close();
  return { links: links.sort(), filters: filters.sort(), problems };
}

// A large site's index is made in shards that the search page merges into one search:
// with one record per shard, a search finds the same pages as with the single index,
// and the filters count every record.
async function shardedSearch(browser, single) {
  const site = await exampleSite("en", "search_shard_size = 1");
  const shards = JSON.parse(readFileSync(join(site.out, "pagefind", "shards.json"), "utf8"));
  for (const term of ["village", "Fuzhou"]) {
    const one = await searchResults(browser, single, term);
    const many = await searchResults(browser, site, term);
    const same =
      JSON.stringify(one.links) === JSON.stringify(many.links) &&
      JSON.stringify(one.filters) === JSON.stringify(many.filters);
    report(
      shards.length > 5 && one.links.length > 1 && same && many.problems.length === 0,
      `[en] a search for "${term}" over ${shards.length + 1} shards finds what one index finds (${many.links.length})`,
      [
        `one index: ${one.links.join(" ")} | ${one.filters.join(", ")}`,
        `shards:    ${many.links.join(" ")} | ${many.filters.join(", ")}`,
        ...many.problems,
      ],
    );
  }
  await site.close();
}

async function search(browser, site, lang) {
  if (!existsSync(join(site.out, "search", "index.html"))) {
    console.log(`# [${lang}] skipped search: the site has no /search/ page`);
    return;
  }
  const external = [];
  const context = await browser.newContext();
  await keepOnSite(context, site.origin, external);
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  const problems = watch(page, site);

  await page.goto(`${site.origin}/search/?q=Wuxing`, { waitUntil: "load" });
  const results = page.locator("[data-search-results] li");
  let count = 0;
  try {
    await results.first().waitFor({ state: "visible" });
    count = await results.count();
  } catch (err) {
    problems.push(`no result appeared: ${err.message.split("\n")[0]}`);
  }
  const links = await page
    .locator("[data-search-results] a")
    .evaluateAll((as) => as.map((a) => a.href));
  for (const href of links) {
    if (onSite(site, href) === null) problems.push(`result links off the site: ${href}`);
  }
  report(problems.length === 0 && count > 0, `[${lang}] search for "Wuxing" returns results (${count})`, [
    ...problems,
  ]);

  problems.length = 0;
  await page.goto(`${site.origin}/`, { waitUntil: "load" });
  const box = page.locator("#site-search-q");
  let landed = "";
  try {
    await box.fill("Fuzhou");
    await box.press("Enter");
    await page.waitForURL(/\/search\/\?q=Fuzhou/);
    await results.first().waitFor({ state: "visible" });
    landed = await page.locator("[data-search-results] a").first().getAttribute("href");
  } catch (err) {
    problems.push(err.message.split("\n")[0]);
  }
  report(
    problems.length === 0 && landed.includes("/"),
    `[${lang}] the header's search box leads to results`,
    [...problems],
  );
  report(external.length === 0, `[${lang}] search makes no request off the site`, external);
  await context.close();
}

async function accessibility(browser, site, lang) {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    page.setDefaultTimeout(NAV_TIMEOUT_MS);
    for (const [role, path] of AXE_PAGES) {
      if (role === "search" && !existsSync(join(site.out, "search", "index.html"))) continue;
      const details = [];
      try {
        await page.goto(site.origin + path, { waitUntil: "load" });
        if (role === "search") {
          await page.locator("[data-search-results] li").first().waitFor({ state: "visible" });
        }
        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(async () => {
          const result = await window.axe.run(document, {
            resultTypes: ["violations"],
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
          });
          return result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1).join(" ")}`),
          }));
        });
        for (const v of violations) {
          if (v.impact === "serious" || v.impact === "critical") {
            details.push(`${v.impact} ${v.id}: ${v.help}`);
            for (const n of v.nodes) details.push(`  ${n}`);
          } else {
            console.log(`# [${lang}] ${scheme} ${role}: ${v.impact} ${v.id} (${v.help})`);
          }
        }
      } catch (err) {
        details.push(err.message.split("\n")[0]);
      }
      report(details.length === 0, `[${lang}] axe-core, ${scheme}: ${role} ${path}`, details);
    }
    await context.close();
  }
}

/** Runs the Nu Html Checker over every built page of the given output folders. */
function validate(sites) {
  return new Promise((done) => {
    const args = ["-Xss8m", "-jar", VNU, "--errors-only", "--format", "json", "--skip-non-html"];
    const java = spawn("java", [...args, ...sites.map(([, site]) => site.out)], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let json = "";
    java.stderr.on("data", (chunk) => {
      json += chunk;
    });
    java.on("error", (err) => {
      report(false, "the Nu Html Checker runs", [err.message]);
      done();
    });
    java.on("close", () => {
      let messages;
      try {
        ({ messages } = JSON.parse(json));
      } catch {
        report(false, "the Nu Html Checker runs", [json.slice(0, 2000)]);
        done();
        return;
      }
      for (const [lang, site] of sites) {
        const byFile = new Map();
        for (const m of messages) {
          const file = decodeURIComponent(new URL(m.url).pathname);
          if (!file.startsWith(site.out)) continue;
          const rel = file.slice(site.out.length) || "/";
          if (!byFile.has(rel)) byFile.set(rel, []);
          byFile.get(rel).push(`${m.lastLine ?? "?"}:${m.firstColumn ?? "?"} ${m.type}: ${m.message}`);
        }
        const files = htmlFiles(site.out);
        for (const rel of files) {
          const errors = byFile.get(rel) ?? [];
          report(errors.length === 0, `[${lang}] valid HTML: ${rel}`, errors);
        }
        for (const [rel, errors] of byFile) {
          if (!files.includes(rel)) report(false, `[${lang}] valid HTML: ${rel}`, errors);
        }
      }
      done();
    });
  });
}

function htmlFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".html")) out.push(full.slice(root.length));
    }
  };
  walk(root);
  return out.sort();
}

const sites = [];
let browser;
try {
  browser = await launchBrowser();
  for (const lang of ["en", "zh"]) {
    const site = await exampleSite(lang);
    sites.push([lang, site]);
    await crawl(browser, site, lang);
    await notFound(browser, site, lang);
    await search(browser, site, lang);
    await accessibility(browser, site, lang);
    if (lang === "en") await shardedSearch(browser, site);
  }
  await validate(sites);
} catch (err) {
  report(false, "the end-to-end run completed", [err.stack ?? String(err)]);
} finally {
  await browser?.close();
  for (const [, site] of sites) await site.close();
}
finish(failed === 0 ? 0 : 1);
