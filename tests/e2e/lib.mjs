// Shared pieces of the browser tests and the screenshot script: build the example site
// (in English, or in Chinese from a copy with `language = "zh"`), serve it on
// 127.0.0.1 the way a static host does, and start Debian's Chromium.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".pagefind": "application/octet-stream",
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
  ".pf_filter": "application/octet-stream",
};

/** A temporary folder that is removed when the process exits. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Serves `root` on 127.0.0.1 at a free port, like a static host: `/x/` serves
 * `/x/index.html`, a missing file answers 404 with the site's own `/404.html`.
 * Resolves to { origin, close }.
 */
export function serve(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/")) {
        res.writeHead(301, { location: `${path}/` }).end();
        return;
      }
      file = join(file, "index.html");
    }
    let status = 200;
    if (!existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      file = join(root, "404.html");
    }
    const type = CONTENT_TYPES[extname(file)] || "application/octet-stream";
    res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  });
  return new Promise((done, fail) => {
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      done({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((closed) => server.close(closed)),
      });
    });
  });
}

/** The casebook binary: $CASEBOOK, else the debug build of this repository. */
export function casebookBin() {
  const bin = process.env.CASEBOOK || join(repoRoot, "target", "debug", "casebook");
  if (!existsSync(bin)) {
    throw new Error(`no casebook binary at ${bin}: run \`cargo build\` first or set CASEBOOK`);
  }
  return bin;
}

/**
 * The example site's source folder for `language`: the repository itself for "en",
 * a copy whose site.toml says `language = "zh"` (and no money_style, so that the
 * language's default applies) for "zh". Lines of `extra` are added to the copy's
 * site.toml (a copy is made for "en" too then).
 */
export function exampleSource(language, extra = "") {
  if (language === "en" && !extra) return repoRoot;
  const dir = tempDir(`casebook-src-${language}-`);
  for (const name of ["content", "templates", "static"]) {
    const from = join(repoRoot, name);
    if (existsSync(from)) cpSync(from, join(dir, name), { recursive: true });
  }
  const toml = readFileSync(join(repoRoot, "site.toml"), "utf8")
    .split("\n")
    .filter((line) => language === "en" || !/^\s*(language|money_style)\s*=/.test(line))
    .join("\n");
  const lines = language === "en" ? "" : `language = "${language}"\n`;
  // Top-level keys go before the first table of site.toml.
  const table = toml.search(/^\[/m);
  const [head, tail] = table < 0 ? [toml.trimEnd(), ""] : [toml.slice(0, table).trimEnd(), toml.slice(table)];
  writeFileSync(join(dir, "site.toml"), `${head}\n${lines}${extra}\n\n${tail}`);
  return dir;
}

/**
 * Builds the example site in `language` into `out`, with `origin` as its base URL and
 * the lines of `extra` added to its site.toml.
 */
export function buildExample(language, origin, out, extra = "") {
  const run = spawnSync(
    casebookBin(),
    ["build", exampleSource(language, extra), "-o", out, "--base-url", `${origin}/`],
    { encoding: "utf8", timeout: 120_000 },
  );
  if (run.status !== 0) {
    throw new Error(`casebook build (${language}) failed:\n${run.stdout}${run.stderr}`);
  }
}

/**
 * Builds and serves the example site in `language`. The server starts first, so that
 * the site's base_url carries its port. Resolves to { origin, out, close }.
 */
export async function exampleSite(language, extra = "") {
  const out = join(tempDir(`casebook-site-${language}-`), "public");
  const server = await serve(out);
  buildExample(language, server.origin, out, extra);
  return { ...server, out };
}

/**
 * Headless Chromium with no network of its own. Playwright gives every launch a fresh,
 * empty profile folder (it refuses a --user-data-dir argument).
 */
export function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--disable-features=Translate,MediaRouter,OptimizationHints",
    ],
  });
}

/**
 * Blocks every request that leaves `origin` and records it in `external`, so that a
 * CDN font or script shows up as a failure instead of a hang.
 */
export async function keepOnSite(context, origin, external) {
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith("data:") || url.startsWith("blob:")) {
      return route.continue();
    }
    external.push(url);
    return route.abort("blockedbyclient");
  });
}
