//! Discovery: the search index (queried through pagefind's own search code), the Atom
//! feeds, the sitemap, internal links, pagination, the tags every page carries for
//! sharing, and `check --external`. Everything served here is served on 127.0.0.1 by
//! the test itself.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use common::TestSite;

// ------------------------------------------------------------------ a test server

/// What a handler answers: status, content type, body.
type Answer = (u16, &'static str, Vec<u8>);

/// Serves `handler` (called with the method and the path) on 127.0.0.1 (a free port)
/// until the test process ends.
fn serve(handler: impl Fn(&str, &str) -> Answer + Send + Sync + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handler = Arc::new(handler);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let handler = Arc::clone(&handler);
            thread::spawn(move || answer(stream, &*handler));
        }
    });
    port
}

fn answer(mut stream: TcpStream, handler: &dyn Fn(&str, &str) -> Answer) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // Skip the headers.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or("/").to_string();
    let (status, content_type, body) = handler(&method, &path);
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
}

/// Serves the folder `root` at the URL path `prefix` (`/` or `/sub/`).
fn serve_folder(root: PathBuf, prefix: &'static str) -> u16 {
    serve(move |_, path| {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let Some(rel) = path.strip_prefix(prefix) else {
            return (404, "text/plain", b"not under the prefix".to_vec());
        };
        let rel = percent_encoding::percent_decode_str(rel)
            .decode_utf8_lossy()
            .into_owned();
        if rel.split('/').any(|s| s == "..") {
            return (400, "text/plain", Vec::new());
        }
        let mut file = root.join(&rel);
        if file.is_dir() {
            file = file.join("index.html");
        }
        let content_type = match file.extension().and_then(|e| e.to_str()) {
            Some("html") => "text/html; charset=utf-8",
            Some("js") => "text/javascript",
            Some("css") => "text/css",
            Some("json") => "application/json",
            Some("xml") => "application/xml",
            _ => "application/octet-stream",
        };
        match fs::read(&file) {
            Ok(bytes) => (200, content_type, bytes),
            Err(_) => (404, "text/plain", b"not found".to_vec()),
        }
    })
}

// ------------------------------------------------- search through pagefind's own code

/// Runs each query through pagefind's search API (the `pagefind.js` and WebAssembly
/// the build wrote) in Node.js, against the site served at `site_url`. Returns the
/// result URLs of each query, best first, as paths from the site's root
/// (`/cases/x/`); `None` when Node.js is not installed.
fn pagefind_search(output: &Path, site_url: &str, queries: &[&str]) -> Option<Vec<Vec<String>>> {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("skipped: node is not installed, pagefind's search API cannot run");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        output.join("pagefind/pagefind.js"),
        dir.path().join("pagefind.mjs"),
    )
    .unwrap();
    let script = format!(
        r#"const pagefind = await import("./pagefind.mjs");
await pagefind.options({{ basePath: "{site_url}pagefind/" }});
for (const q of process.argv.slice(2)) {{
  const search = await pagefind.search(q);
  const data = await Promise.all(search.results.map((r) => r.data()));
  console.log(JSON.stringify(data.map((d) => d.url)));
}}
"#
    );
    fs::write(dir.path().join("search.mjs"), script).unwrap();
    let out = run_bounded(
        Command::new("node")
            .arg("search.mjs")
            .args(queries)
            .current_dir(dir.path()),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    Some(
        stdout
            .lines()
            .map(|l| {
                let urls: Vec<String> = serde_json::from_str(l).unwrap();
                urls.iter()
                    .map(|u| format!("/{}", u.strip_prefix(site_url).unwrap_or(u)))
                    .collect()
            })
            .collect(),
    )
}

/// Runs a command, killing it after a minute.
fn run_bounded(command: &mut Command) -> std::process::Output {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            break;
        }
        thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Builds `site_dir` for `base_url` into a temp folder.
fn build_for(site_dir: &Path, base_url: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    assert_cmd::Command::cargo_bin("casebook")
        .unwrap()
        .args(["build", "--base-url", base_url, "-o"])
        .arg(&output)
        .arg(site_dir)
        .env("NO_COLOR", "1")
        .assert()
        .success();
    out
}

#[test]
fn the_example_site_is_searchable_in_english_and_chinese() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let port = serve_folder(output.clone(), "/");
    let site_url = format!("http://127.0.0.1:{port}/");
    assert_cmd::Command::cargo_bin("casebook")
        .unwrap()
        .args(["build", "--base-url", &site_url, "-o"])
        .arg(&output)
        .arg(common::example_site())
        .assert()
        .success();
    assert!(output.join("pagefind/pagefind-entry.json").is_file());
    assert!(output.join("search/index.html").is_file());

    let Some(results) = pagefind_search(&output, &site_url, &["photovoltaic", "以城带村"])
    else {
        return;
    };
    assert!(
        results[0].contains(&"/programs/wuxing-photovoltaic-loan/".to_string()),
        "{results:?}"
    );
    assert_eq!(
        results[1],
        ["/cases/wuxing-city-leads-villages/"],
        "{results:?}"
    );
}

const ZH_SITE: &str = r#"title = "共同富裕金融案例"
base_url = "https://example.org/"
language = "zh"
"#;

const ZH_CASE: &str = r#"+++
title = "吴兴区以城带村"
date = 2024-03-01
region = "zhejiang/huzhou/wuxing"
themes = ["urban-rural-integration"]
summary = "薄弱村抱团购置物业，增加村集体经营性收入。"
+++

吴兴区通过抱团购置标准厂房，推动村集体经济持续增收，光伏贷款覆盖二十个村。
"#;

/// On a Chinese site, words inside a run of Chinese text are found: the `extended`
/// build of pagefind segments them at indexing time.
#[test]
fn chinese_words_inside_a_sentence_are_found_on_a_chinese_site() {
    let site = TestSite::new();
    site.write("site.toml", ZH_SITE);
    site.write("content/cases/wuxing.md", ZH_CASE);
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let port = serve_folder(output.clone(), "/");
    let site_url = format!("http://127.0.0.1:{port}/");
    let _built = {
        assert_cmd::Command::cargo_bin("casebook")
            .unwrap()
            .args(["build", "--base-url", &site_url, "-o"])
            .arg(&output)
            .arg(site.root())
            .assert()
            .success()
    };
    let entry = fs::read_to_string(output.join("pagefind/pagefind-entry.json")).unwrap();
    assert!(entry.contains("\"zh-cn\""), "{entry}");
    let Some(results) = pagefind_search(&output, &site_url, &["集体经济", "光伏", "厂房"])
    else {
        return;
    };
    for found in &results {
        assert_eq!(found, &["/cases/wuxing/"], "{results:?}");
    }
}

/// What the search page shows for `url` in headless Chromium, once its script has
/// answered: the results' links and regions. Driven through the DevTools protocol, so
/// the test waits for the page itself rather than for a fixed time.
fn chromium_search(chromium: &Path, url: &str) -> serde_json::Value {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let result = devtools_evaluate(profile.path(), SEARCH_RESULTS_JS);
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// Waits (up to 30 s, in the page) for the search page to say how many results it
/// found (it does once they are listed), then returns what it shows.
const SEARCH_RESULTS_JS: &str = r#"new Promise((resolve) => {
  const started = Date.now();
  (function poll() {
    const results = [...document.querySelectorAll(".search-result")];
    const status = document.querySelector("[data-search-status]")?.textContent;
    if (status || Date.now() - started > 30000) {
      resolve({
        status,
        links: results.map((r) => r.querySelector("h2 a").getAttribute("href")),
        regions: results.map((r) => r.querySelector(".search-region")?.textContent ?? null),
      });
    } else {
      setTimeout(poll, 100);
    }
  })();
})"#;

/// Evaluates `expression` (a promise for an object) in the page of the Chromium that
/// uses `profile`, again while the page is still loading (the evaluation then fails).
fn devtools_evaluate(profile: &Path, expression: &str) -> serde_json::Value {
    let started = Instant::now();
    let wait = || {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "Chromium did not answer"
        );
        thread::sleep(Duration::from_millis(100));
    };
    let port = loop {
        if let Some(port) = fs::read_to_string(profile.join("DevToolsActivePort"))
            .ok()
            .and_then(|t| t.lines().next().and_then(|l| l.parse::<u16>().ok()))
        {
            break port;
        }
        wait();
    };
    let page = loop {
        let list: Option<serde_json::Value> =
            ureq::get(&format!("http://127.0.0.1:{port}/json/list"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_to_string().ok())
                .and_then(|t| serde_json::from_str(&t).ok());
        let page = list.and_then(|l| {
            l.as_array()?
                .iter()
                .find(|t| t["type"] == "page")
                .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(String::from))
        });
        if let Some(page) = page {
            break page;
        }
        wait();
    };
    let (mut socket, _) = tungstenite::connect(page.as_str()).unwrap();
    for id in 1.. {
        let call = serde_json::json!({
            "id": id,
            "method": "Runtime.evaluate",
            "params": {"expression": expression, "awaitPromise": true, "returnByValue": true},
        });
        socket
            .send(tungstenite::Message::Text(call.to_string().into()))
            .unwrap();
        let reply = loop {
            let message = socket.read().unwrap();
            let Ok(text) = message.to_text() else {
                continue;
            };
            let reply: serde_json::Value = serde_json::from_str(text).unwrap();
            if reply["id"] == id {
                break reply;
            }
        };
        let value = &reply["result"]["result"]["value"];
        if value.get("status").is_some_and(|s| s.is_string()) {
            return value.clone();
        }
        wait();
    }
    unreachable!()
}

/// In a real browser (where Chromium is installed), on a site under a sub-path: the
/// search page runs the query from its URL and lists the record with its type and
/// region.
#[test]
fn the_search_page_works_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("skipped: /usr/bin/chromium is not installed");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    let port = serve_folder(output.clone(), "/sub/");
    let site_url = format!("http://127.0.0.1:{port}/sub/");
    assert_cmd::Command::cargo_bin("casebook")
        .unwrap()
        .args(["build", "--base-url", &site_url, "-o"])
        .arg(&output)
        .arg(common::example_site())
        .assert()
        .success();

    for (query, expected, region) in [
        (
            "photovoltaic",
            "/sub/programs/wuxing-photovoltaic-loan/",
            "Wuxing District",
        ),
        (
            "%E4%BB%A5%E5%9F%8E%E5%B8%A6%E6%9D%91",
            "/sub/cases/wuxing-city-leads-villages/",
            "Wuxing District",
        ),
    ] {
        let shown = chromium_search(chromium, &format!("{site_url}search/?q={query}"));
        assert_eq!(shown["links"][0], expected, "{query}: {shown}");
        assert_eq!(shown["regions"][0], region, "{query}: {shown}");
    }
}

#[test]
fn two_builds_write_the_same_bytes_search_index_included() {
    let site = TestSite::new();
    let a = build_for(site.root(), "https://example.org/");
    let b = build_for(site.root(), "https://example.org/");
    let snap_a = common::snapshot(&a.path().join("public"));
    let snap_b = common::snapshot(&b.path().join("public"));
    assert!(snap_a.iter().any(|(p, _)| p.starts_with("pagefind/index/")));
    assert!(
        snap_a
            .iter()
            .any(|(p, _)| p.starts_with("pagefind/fragment/"))
    );
    assert_eq!(
        snap_a.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        snap_b.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    for ((path, x), (_, y)) in snap_a.iter().zip(&snap_b) {
        assert!(x == y, "{path} differs between two builds");
    }
}

#[test]
fn a_site_without_search_has_no_index_page_or_box() {
    let site = TestSite::new();
    let toml = site.read("site.toml");
    site.write("site.toml", &format!("search = false\n{toml}"));
    let out = build_for(site.root(), "https://example.org/");
    let public = out.path().join("public");
    assert!(!public.join("pagefind").exists());
    assert!(!public.join("search").exists());
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(!home.contains("site-search"), "{home}");
    assert!(!sitemap_urls(&public).iter().any(|u| u.contains("/search/")));

    site.write("site.toml", &format!("search = \"no\"\n{toml}"));
    let err = site.build_fails();
    assert!(err.contains("site.toml:1:10"), "{err}");
    assert!(err.contains("true or false"), "{err}");
}

// ----------------------------------------------------------------- feeds, sitemap

fn xml(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not well-formed XML: {e}"))
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The Atom elements called `name` under `node`.
fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(ATOM))
        .collect()
}

/// The elements RFC 4287 requires, with absolute URLs and RFC 3339 dates, checked on
/// the XML; then the feed read by a feed reader's parser.
fn check_atom(text: &str, base_url: &str) -> Vec<String> {
    let doc = xml(text);
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    let is_date = |s: &str| {
        s.len() == 20 && s.ends_with('Z') && s.as_bytes()[4] == b'-' && s.as_bytes()[10] == b'T'
    };
    for required in ["id", "title", "updated", "author"] {
        assert_eq!(child(feed, required).len(), 1, "feed/{required}: {text}");
    }
    assert!(is_date(child(feed, "updated")[0].text().unwrap()), "{text}");
    let links = child(feed, "link");
    assert!(
        links.iter().any(|l| l.attribute("rel") == Some("self")),
        "{text}"
    );
    let mut ids = Vec::new();
    for entry in child(feed, "entry") {
        for required in ["id", "title", "updated"] {
            assert_eq!(child(entry, required).len(), 1, "entry/{required}: {text}");
        }
        assert!(is_date(child(entry, "updated")[0].text().unwrap()));
        let link = child(entry, "link")[0].attribute("href").unwrap();
        assert!(link.starts_with(base_url), "{link}");
        ids.push(child(entry, "id")[0].text().unwrap().to_string());
    }
    let parsed = feed_rs::parser::parse(text.as_bytes()).expect("a feed reader reads it");
    assert_eq!(parsed.entries.len(), ids.len());
    for (entry, id) in parsed.entries.iter().zip(&ids) {
        assert_eq!(&entry.id, id);
        assert_eq!(entry.links[0].href, *id);
        assert!(entry.updated.is_some());
    }
    ids
}

#[test]
fn feeds_are_valid_atom_with_stable_ids() {
    let site = TestSite::new();
    let a = build_for(site.root(), "https://example.org/sub/");
    let public = a.path().join("public");
    let feed = fs::read_to_string(public.join("feed.xml")).unwrap();
    let ids = check_atom(&feed, "https://example.org/sub/");
    // Newest first: the case (2024-03-01), then the program (2020-06).
    assert_eq!(
        ids,
        [
            "https://example.org/sub/cases/wuxing/",
            "https://example.org/sub/programs/pv-loan/"
        ]
    );
    assert!(
        feed.contains("<updated>2024-03-01T00:00:00Z</updated>"),
        "{feed}"
    );
    assert!(
        feed.contains("<updated>2020-06-01T00:00:00Z</updated>"),
        "{feed}"
    );
    let theme =
        fs::read_to_string(public.join("themes/village-collective-economy/feed.xml")).unwrap();
    assert_eq!(
        check_atom(&theme, "https://example.org/sub/"),
        ["https://example.org/sub/programs/pv-loan/"]
    );
    // Every page points feed readers at the site's feed; a theme at its own.
    let home = fs::read_to_string(public.join("index.html")).unwrap();
    assert!(home.contains(
        r#"<link rel="alternate" type="application/atom+xml" title="Test Cases" href="https://example.org/sub/feed.xml">"#
    ));
    let theme_page =
        fs::read_to_string(public.join("themes/village-collective-economy/index.html")).unwrap();
    assert!(
        theme_page.contains(
            r#"href="https://example.org/sub/themes/village-collective-economy/feed.xml""#
        )
    );
}

/// The URLs that the sitemap lists.
fn sitemap_urls(public: &Path) -> BTreeSet<String> {
    let text = fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let doc = xml(&text);
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .map(|n| n.text().unwrap().to_string())
        .collect()
}

#[test]
fn the_sitemap_lists_every_page_and_validates_against_the_schema() {
    let site = TestSite::new();
    let a = build_for(site.root(), "https://example.org/sub/");
    let public = a.path().join("public");
    let listed = sitemap_urls(&public);
    // Every HTML page the build wrote, but the 404 page.
    let pages: BTreeSet<String> = common::snapshot(&public)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .map(|p| {
            let dir = p.strip_suffix("index.html").unwrap_or(&p).to_string();
            let encoded: Vec<String> = dir
                .split('/')
                .map(|s| {
                    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
                        .to_string()
                        .replace("%2D", "-")
                        .replace("%2E", ".")
                        .replace("%5F", "_")
                })
                .collect();
            format!("https://example.org/sub/{}", encoded.join("/"))
        })
        .collect();
    assert_eq!(listed, pages);
    assert!(listed.contains("https://example.org/sub/tags/%E5%85%89%E4%BC%8F/"));
    assert!(listed.contains("https://example.org/sub/search/"));
    let robots = fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.org/sub/sitemap.xml\n"),
        "{robots}"
    );

    if Command::new("xmllint").arg("--version").output().is_ok() {
        let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sitemap.xsd");
        let out = Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&schema)
            .arg(public.join("sitemap.xml"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    } else {
        eprintln!("xmllint is not installed (Debian: libxml2-utils): schema check skipped");
    }
}

#[test]
fn a_robots_txt_of_the_site_s_own_wins_but_a_clash_with_the_sitemap_is_an_error() {
    let site = TestSite::new();
    site.write("static/robots.txt", "User-agent: *\nDisallow: /drafts/\n");
    site.build();
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n"
    );
    site.write("static/sitemap.xml", "<urlset/>");
    let err = site.build_fails();
    assert!(
        err.contains("static/sitemap.xml would overwrite a file that Casebook makes"),
        "{err}"
    );
}

#[test]
fn a_static_file_in_the_search_index_folder_fails_the_build_with_the_others() {
    let site = TestSite::new();
    site.build();
    let before = site.read("public/pagefind/pagefind-entry.json");
    site.write("static/pagefind/pagefind.js", "// mine");
    site.write("static/sitemap.xml", "<urlset/>");
    let err = site.build_fails();
    assert!(
        err.contains("static/pagefind/pagefind.js is in the folder of the search index"),
        "{err}"
    );
    // Reported together with the build's other problems.
    assert!(err.contains("static/sitemap.xml would overwrite"), "{err}");
    assert_eq!(site.read("public/pagefind/pagefind-entry.json"), before);
}

// ------------------------------------------------------------------ internal links

#[test]
fn internal_links_resolve_and_broken_ones_fail_the_build_with_file_and_line() {
    let site = TestSite::new();
    site.write(
        "site.toml",
        &common::SITE_TOML.replace("https://example.org/", "https://example.org/sub/"),
    );
    site.edit(
        "content/pages/about.md",
        "About this site.",
        "See [the case](@/cases/wuxing#how-it-worked), [the loan](@/programs/pv-loan) \
         and ![a map](/images/map.png).",
    );
    site.build();
    let about = site.read("public/about/index.html");
    assert!(
        about.contains(r#"href="https://example.org/sub/cases/wuxing/#how-it-worked""#),
        "{about}"
    );
    assert!(about.contains(r#"href="https://example.org/sub/programs/pv-loan/""#));
    assert!(about.contains(r#"src="https://example.org/sub/images/map.png""#));
    let before = common::snapshot(&site.path("public"));

    site.edit(
        "content/cases/wuxing.md",
        "Villages formed companies.",
        "Villages formed companies.\n\nRead [about](@/pages/about#history) and\n[the loan](@/programs/pv-lone).",
    );
    // A broken link in a second file is reported in the same run.
    let program = site.read("content/programs/pv-loan.md");
    site.write(
        "content/programs/pv-loan.md",
        &format!("{program}\nSee [the case](@/cases/wuxin).\n"),
    );
    let err = site.build_fails();
    assert!(err.contains("content/programs/pv-loan.md:"), "{err}");
    assert!(err.contains("did you mean `wuxing`?"), "{err}");
    assert!(
        err.contains("`@/pages/about` has no heading `#history`"),
        "{err}"
    );
    assert!(err.contains("content/cases/wuxing.md:32:14"), "{err}");
    assert!(
        err.contains("link to a program that does not exist: `pv-lone`"),
        "{err}"
    );
    assert!(err.contains("content/cases/wuxing.md:33:12"), "{err}");
    assert!(err.contains("did you mean `pv-loan`?"), "{err}");
    // Nothing was written: the previous site is still there.
    assert_eq!(common::snapshot(&site.path("public")), before);
}

// ---------------------------------------------------------------------- pagination

/// The test site with `extra` more cases in Zhejiang, one a year from 2010.
fn site_with_cases(extra: usize) -> TestSite {
    let site = TestSite::new();
    for i in 0..extra {
        site.write(
            &format!("content/cases/case-{i}.md"),
            &format!(
                "+++\ntitle = \"Case {i}\"\ndate = {}\nregion = \"zhejiang/huzhou\"\nthemes = [\"urban-rural-integration\"]\nsummary = \"Number {i}.\"\ntags = [\"Photovoltaic\"]\n+++\n",
                2010 + i
            ),
        );
    }
    site
}

/// The card links of a list page, in order.
fn card_links(html: &str) -> Vec<String> {
    html.split("class=\"card-title\"><a href=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

/// Walks a list from its first page along the "next" links; returns the records of each
/// page.
fn walk_list(site: &TestSite, list: &str) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut path = format!("public/{list}index.html");
    loop {
        let html = site.read(&path);
        pages.push(card_links(&html));
        let Some(at) = html.find("rel=\"next\" href=\"https://example.org/") else {
            break;
        };
        let rest = &html[at + "rel=\"next\" href=\"https://example.org/".len()..];
        path = format!("public/{}index.html", &rest[..rest.find('"').unwrap()]);
        assert!(pages.len() < 50, "the next links loop");
    }
    pages
}

#[test]
fn lists_are_paginated_at_sizes_one_two_and_the_record_count() {
    // 4 cases and 1 program: 5 records, all in Zhejiang.
    let site = site_with_cases(3);
    for (size, case_pages) in [(1, 4), (2, 2), (5, 1)] {
        site.write(
            "site.toml",
            &format!("{}paginate_by = {size}\n", common::SITE_TOML),
        );
        site.build();
        let pages = walk_list(&site, "cases/");
        assert_eq!(pages.len(), case_pages, "size {size}: {pages:?}");
        assert!(pages.iter().all(|p| p.len() <= size));
        let all: Vec<String> = pages.concat();
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!((all.len(), unique.len()), (4, 4), "size {size}: {all:?}");
        // Newest first across the pages.
        assert_eq!(all[0], "https://example.org/cases/wuxing/");
        assert_eq!(all[3], "https://example.org/cases/case-0/");
        // Page 1 lives at the list's URL only; the last page has a stable URL.
        assert!(!site.path("public/cases/page/1").exists());
        let beyond = format!("public/cases/page/{}/index.html", case_pages + 1);
        assert!(!site.path(&beyond).exists());
        // Regions, themes, tags and years are paginated too.
        for (list, records) in [
            ("regions/zhejiang/", 5_usize),
            ("themes/urban-rural-integration/", 4),
            ("tags/photovoltaic/", 4),
            ("programs/", 1),
        ] {
            let pages = walk_list(&site, list);
            assert_eq!(pages.len(), records.div_ceil(size), "{list} at {size}");
            assert_eq!(pages.concat().len(), records, "{list} at {size}");
        }
        // The head shows the whole list's count, and later pages have their own title
        // and canonical URL.
        let first = site.read("public/cases/index.html");
        assert!(
            first.contains("<span class=\"count count-head\">4</span>"),
            "{first}"
        );
        if case_pages > 1 {
            let second = site.read("public/cases/page/2/index.html");
            assert!(
                second.contains("<title>Cases · page 2 · Test Cases</title>"),
                "{second}"
            );
            assert!(
                second
                    .contains(r#"<link rel="canonical" href="https://example.org/cases/page/2/">"#)
            );
            assert!(second.contains(r#"rel="prev" href="https://example.org/cases/""#));
            let listed = sitemap_urls(&site.path("public"));
            assert!(listed.contains("https://example.org/cases/page/2/"));
        } else {
            assert!(!site.path("public/cases/page").exists());
            assert!(!first.contains("class=\"pagination\""));
        }
    }
}

#[test]
fn paginate_by_must_be_a_positive_whole_number() {
    let site = TestSite::new();
    site.write(
        "site.toml",
        &format!("{}paginate_by = 0\n", common::SITE_TOML),
    );
    let err = site.build_fails();
    assert!(
        err.contains("`paginate_by` must be 1 or more, not 0"),
        "{err}"
    );
    assert!(err.contains("site.toml:4:15"), "{err}");
}

// ------------------------------------------------------------------ sharing and SEO

#[test]
fn every_page_has_lang_title_description_canonical_and_open_graph() {
    let site = site_with_cases(2);
    site.write(
        "site.toml",
        &format!("{}paginate_by = 1\n", common::SITE_TOML),
    );
    site.build();
    let public = site.path("public");
    let mut checked = 0;
    for (path, bytes) in common::snapshot(&public) {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = path.strip_suffix("index.html").unwrap_or(&path);
        let url = format!("https://example.org/{dir}");
        let url = url.replace("光伏", "%E5%85%89%E4%BC%8F");
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{path}"
        );
        assert!(
            html.contains("<title>") && !html.contains("<title></title>"),
            "{path}"
        );
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{path}"
        );
        for tag in [
            format!("<link rel=\"canonical\" href=\"{url}\">"),
            format!("<meta property=\"og:url\" content=\"{url}\">"),
        ] {
            assert!(html.contains(&tag), "{path}: no {tag}");
        }
        for property in ["og:title", "og:description", "og:type", "og:site_name"] {
            assert!(
                html.contains(&format!("property=\"{property}\"")),
                "{path}: {property}"
            );
        }
        checked += 1;
    }
    assert!(checked > 20, "{checked}");
    let case = site.read("public/cases/wuxing/index.html");
    assert!(case.contains("<title>City leads villages in Wuxing · Test Cases</title>"));
    assert!(
        case.contains("<meta name=\"description\" content=\"Villages bought property together.\">")
    );
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("<meta name=\"robots\" content=\"noindex\">"));
}

// ---------------------------------------------------------------- external links

#[test]
fn check_external_reports_broken_and_slow_links_where_they_are_written() {
    let port = serve(|method, path| match (method, path) {
        (_, "/ok") => (200, "text/plain", b"fine".to_vec()),
        ("HEAD", "/no-head") => (405, "text/plain", Vec::new()),
        ("GET", "/no-head") => (200, "text/plain", b"fine".to_vec()),
        (_, "/slow") => {
            thread::sleep(Duration::from_secs(4));
            (200, "text/plain", Vec::new())
        }
        _ => (404, "text/plain", b"gone".to_vec()),
    });
    let site = TestSite::new();
    let base = format!("http://127.0.0.1:{port}");
    site.edit(
        "content/cases/wuxing.md",
        "url = \"https://example.org/article\"",
        &format!("url = \"{base}/missing\""),
    );
    site.edit(
        "content/pages/about.md",
        "About this site.",
        &format!("See [a]({base}/ok), [b]({base}/no-head) and\n[c]({base}/slow)."),
    );
    // A build never touches the network.
    site.build();

    let out = site
        .casebook()
        .args(["check", "--external", "--timeout", "1"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "broken external link {base}/missing: the server answered 404 Not Found"
        )),
        "{err}"
    );
    assert!(err.contains("content/cases/wuxing.md:14:8"), "{err}");
    assert!(
        err.contains(&format!(
            "broken external link {base}/slow: no answer before the timeout"
        )),
        "{err}"
    );
    assert!(err.contains("content/pages/about.md:7:5"), "{err}");
    assert!(!err.contains("/ok:") && !err.contains("/no-head:"), "{err}");
    assert!(err.contains("2 problems found"), "{err}");

    // Without --external, nothing is requested.
    site.casebook().arg("check").assert().success();
}
