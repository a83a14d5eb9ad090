//! Markdown bodies to safe HTML: pulldown-cmark with the extensions editors expect,
//! ids on headings, footnotes with ids that cannot clash, then ammonia.
//!
//! ammonia parses and rewrites the whole page body, half of the cost of a body. It is
//! needed only where the Markdown can bring in markup of its own: raw HTML, heading
//! attributes (`{.class key=value}`), or a link or image to a scheme that is not
//! allowed. A body without any of these is plain pulldown-cmark output, which escapes
//! all text and attribute values and writes only its own tags, so it is not sanitized
//! again (the approach of Hugo's Markdown renderer); the result has what ammonia would
//! add (`rel` on links) and nothing that ammonia would remove, which a test checks
//! against ammonia on every kind of construct.

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a Markdown body to sanitized HTML.
pub fn render(markdown: &str) -> String {
    render_with_links(markdown, &mut |_, _| None)
}

/// Renders a Markdown body to sanitized HTML, handing the destination of every link and
/// image, with the byte range of the link in `markdown`, to `rewrite`: a destination it
/// returns replaces the one written.
pub fn render_with_links(
    markdown: &str,
    rewrite: &mut dyn FnMut(&str, Range<usize>) -> Option<String>,
) -> String {
    let (html, untrusted) = to_html(markdown, rewrite);
    if untrusted {
        SANITIZER.clean(&html).to_string()
    } else {
        with_link_rel(html)
    }
}

/// pulldown-cmark's HTML, and whether the Markdown may have brought in markup that
/// ammonia must check.
fn to_html(
    markdown: &str,
    rewrite: &mut dyn FnMut(&str, Range<usize>) -> Option<String>,
) -> (String, bool) {
    // Set by anything that may carry markup pulldown-cmark did not make itself.
    let mut untrusted = false;
    let events: Vec<Event> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .map(|(event, range)| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let new = rewrite(&dest_url, range);
                let dest_url = new.map_or(dest_url, CowStr::from);
                // pulldown-cmark writes an e-mail autolink's address after `mailto:`.
                untrusted |= !match link_type {
                    LinkType::Email => is_allowed_url(&format!("mailto:{dest_url}")),
                    _ => is_allowed_url(&dest_url),
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let new = rewrite(&dest_url, range);
                let dest_url = new.map_or(dest_url, CowStr::from);
                untrusted |= !is_allowed_url(&dest_url);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            // A language names no class the theme allows (ammonia removed it).
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::Borrowed(""))))
            }
            other => {
                untrusted |= matches!(
                    other,
                    Event::Html(_)
                        | Event::InlineHtml(_)
                        | Event::InlineMath(_)
                        | Event::DisplayMath(_)
                        | Event::Start(Tag::BlockQuote(Some(_)))
                ) || matches!(
                    &other,
                    Event::Start(Tag::Heading { classes, attrs, .. })
                        if !classes.is_empty() || !attrs.is_empty()
                );
                other
            }
        })
        .collect();
    let events = add_heading_ids(events);
    let events = rewrite_footnotes(events);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    (align_to_class(out), untrusted)
}

/// What ammonia keeps of a link's or image's address: one with a scheme that the
/// site allows, or a relative one. It is judged as a browser reads the attribute that
/// pulldown-cmark writes (percent-encoded), with ammonia's own URL parser.
fn is_allowed_url(dest: &str) -> bool {
    let mut href = String::with_capacity(dest.len());
    if pulldown_cmark_escape::escape_href(&mut href, dest).is_err() {
        return false;
    }
    let href = href.replace("&amp;", "&").replace("&#x27;", "'");
    match ammonia::Url::parse(&href) {
        Ok(url) => ALLOWED_SCHEMES.contains(&url.scheme()),
        Err(e) => e == ammonia::url::ParseError::RelativeUrlWithoutBase,
    }
}

/// The schemes a link may have (ammonia allows two dozen, such as `im:` and
/// `magnet:`; a report links to the web, an address or a telephone number).
const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// What ammonia does to every link: `rel="noopener noreferrer"`, last. pulldown-cmark
/// starts every link with `<a href="`, and escapes `<` and `>` in text and in
/// attributes (`%3E` in an address, `&gt;` in a title), so the tag ends at the next
/// `>`.
fn with_link_rel(html: String) -> String {
    const START: &str = "<a href=\"";
    if !html.contains(START) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html.as_str();
    while let Some(at) = rest.find(START) {
        let Some(end) = rest[at..].find('>') else {
            break;
        };
        out.push_str(&rest[..at + end]);
        out.push_str(r#" rel="noopener noreferrer""#);
        rest = &rest[at + end..];
    }
    out.push_str(rest);
    out
}

/// The words of a Markdown body as plain text, for the search index: its text and
/// code, with a line break after each block. Raw HTML is left out (its text would be
/// sanitized away on the page too).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    out
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(ALLOWED_SCHEMES.into_iter().collect());
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b.add_tag_attributes("div", ["id"]);
    b.add_tag_attributes("sup", ["id"]);
    b.add_tag_attributes("input", ["type", "checked", "disabled"]);
    b.add_tags(["input"]);
    b.add_allowed_classes("th", ["align-left", "align-center", "align-right"]);
    b.add_allowed_classes("td", ["align-left", "align-center", "align-right"]);
    b.add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"]);
    b.add_allowed_classes("div", ["footnote-definition"]);
    b
});

/// pulldown-cmark writes table alignment as an inline style, which a sanitizer must
/// strip; a class keeps it. Only in a cell's own tag: text may hold the same words
/// (its `"` is not escaped), never a `<`.
fn align_to_class(html: String) -> String {
    const STYLE: &str = " style=\"text-align: ";
    if !html.contains(STYLE) {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find(STYLE) {
        let (before, after) = (&rest[..at], &rest[at + STYLE.len()..]);
        out.push_str(before);
        let align = ["left", "center", "right"]
            .into_iter()
            .find(|a| after.strip_prefix(a).is_some_and(|r| r.starts_with('"')));
        match align {
            Some(align) if before.ends_with("<th") || before.ends_with("<td") => {
                out.push_str(" class=\"align-");
                out.push_str(align);
                out.push('"');
                rest = &after[align.len() + 1..];
            }
            _ => {
                out.push_str(STYLE);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// An id for a heading from its text: lowercase, spaces to `-`, letters of any script
/// kept, other punctuation dropped.
pub fn heading_id(text: &str) -> String {
    let id = crate::model::tag_slug(text);
    let id = id.trim_matches('-');
    if id.is_empty() {
        "section".to_string()
    } else {
        id.to_string()
    }
}

/// The ids that the headings of a Markdown body get, in order: the anchors a link
/// to the page may name.
pub fn heading_ids(markdown: &str) -> Vec<String> {
    add_heading_ids(Parser::new_ext(markdown, options()).collect())
        .into_iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

fn add_heading_ids(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used: HashSet<String> = HashSet::new();
    // Ids written by the editor (`# Title {#id}`) are taken first.
    for event in &events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            used.insert(id.to_string());
        }
    }
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            for e in &events[i + 1..] {
                match e {
                    Event::End(TagEnd::Heading(_)) => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
            }
            let base = heading_id(&text);
            let mut id = base.clone();
            let mut n = 1;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
        }
        i += 1;
    }
    events
}

/// Footnotes get `fn-`/`fnref-` ids (pulldown-cmark's bare `id="1"` clashes with
/// anything else on the page) and are numbered in order of first reference.
fn rewrite_footnotes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut numbers: Vec<String> = Vec::new();
    let mut number_of = |label: &str| -> usize {
        match numbers.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                numbers.push(label.to_string());
                numbers.len()
            }
        }
    };
    let mut referenced = BTreeSet::new();
    events
        .into_iter()
        .map(|event| match event {
            Event::FootnoteReference(label) => {
                let n = number_of(&label);
                let id = heading_id(&label);
                let anchor = if referenced.insert(id.clone()) {
                    format!(r#" id="fnref-{id}""#)
                } else {
                    String::new()
                };
                Event::InlineHtml(CowStr::from(format!(
                    r##"<sup class="footnote-reference"{anchor}><a href="#fn-{id}">{n}</a></sup>"##
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = number_of(&label);
                let id = heading_id(&label);
                Event::Html(CowStr::from(format!(
                    r#"<div class="footnote-definition" id="fn-{id}"><sup class="footnote-definition-label">{n}</sup>"#
                )))
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html(CowStr::from("</div>\n")),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_the_words_and_drops_the_markup() {
        let text = plain_text(
            "# Loans\n\nA **bold** [link](https://x.org) and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>alert(1)</script>\n\n- one\n- two\n",
        );
        assert_eq!(text, "Loans\nA bold link and code.\na\nb\n1\n2\none\ntwo");
    }

    #[test]
    fn links_keep_only_web_mail_and_telephone_schemes() {
        let html = render("<IM:alert('XSS')> [a](magnet:?x) [b](tel:+86) [c](https://x.org/)");
        assert!(!html.contains(r#"href="IM:"#), "{html}");
        assert!(!html.contains(r#"href="magnet:"#), "{html}");
        assert!(html.contains(r#"href="tel:+86""#), "{html}");
        assert!(html.contains(r#"href="https://x.org/""#), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render("## How it works\n\n## How it works\n\n### 做法 {#custom}\n");
        assert!(html.contains(r#"<h2 id="how-it-works">"#), "{html}");
        assert!(html.contains(r#"<h2 id="how-it-works-1">"#), "{html}");
        assert!(html.contains(r#"<h3 id="custom">"#), "{html}");
    }

    #[test]
    fn scripts_and_event_handlers_are_removed() {
        let html = render(
            "Hello <script>alert(1)</script><img src=x onerror=alert(1)> [a](javascript:alert(1)) <a href=\"data:text/html,x\">d</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
    }

    #[test]
    fn table_alignment_survives_as_a_class() {
        let html = render("| a | b | c |\n|:--|--:|:-:|\n| 1 | 2 | 3 |\n");
        assert!(html.contains(r#"<th class="align-left">a</th>"#), "{html}");
        assert!(html.contains(r#"<td class="align-right">2</td>"#), "{html}");
        assert!(
            html.contains(r#"<td class="align-center">3</td>"#),
            "{html}"
        );
        // The same words in text stay text.
        let text = r#"text " style="text-align: right" more"#;
        assert!(render(text).contains(text), "{}", render(text));
    }

    #[test]
    fn footnotes_have_prefixed_ids() {
        let html = render("Text[^src].\n\n[^src]: The source.\n");
        assert!(html.contains(r##"href="#fn-src""##), "{html}");
        assert!(html.contains(r#"id="fn-src""#), "{html}");
        assert!(html.contains(r#"id="fnref-src""#), "{html}");
    }

    #[test]
    fn heading_ids_match_the_rendered_ids() {
        let md = "# Intro\n\n## 做法\n\n## Intro\n\n### x {#own}\n";
        let ids = heading_ids(md);
        assert_eq!(ids, ["intro", "做法", "intro-1", "own"]);
        let html = render(md);
        for id in ids {
            assert!(html.contains(&format!(r#"id="{id}""#)), "{id}: {html}");
        }
    }

    #[test]
    fn links_and_images_can_be_rewritten_with_their_ranges() {
        let md = "See [a](@/cases/x) and ![i](/img.png).\n";
        let mut seen = Vec::new();
        let html = render_with_links(md, &mut |dest, range| {
            seen.push((dest.to_string(), md[range].to_string()));
            Some(format!(
                "https://example.org/{}",
                dest.trim_start_matches(['@', '/'])
            ))
        });
        assert_eq!(
            seen,
            [
                ("@/cases/x".to_string(), "[a](@/cases/x)".to_string()),
                ("/img.png".to_string(), "![i](/img.png)".to_string())
            ]
        );
        assert!(
            html.contains(r#"href="https://example.org/cases/x""#),
            "{html}"
        );
        assert!(
            html.contains(r#"src="https://example.org/img.png""#),
            "{html}"
        );
    }

    /// Plain Markdown of every kind the options allow.
    const PLAIN: &[&str] = &[
        "# Title {#own-id}\n\n## 做法 and *more*\n\nText with **bold**, _em_, `code <x>`, ~~old~~, \"quotes\" & 'apostrophes' < > &amp; &copy;.\nA hard  \nbreak.",
        "| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | [x](https://x.org/?a=1&b=2) |\n",
        "3. three\n4. four\n\n- [x] done\n- [ ] to do\n\n> quoted\n> > nested\n\n---\n\n```rust\nfn main() { \"<script>\" }\n```\n\n    indented <code>\n",
        "A note[^1] and another[^long note].\n\n[^1]: The **first**.\n[^long note]: See [the case](/cases/x/ \"A title > with <markup>\").\n",
        "<https://example.org/a?b=c> <someone@example.org> [mail](mailto:a@b.org) [tel](tel:+86-571) [rel](../x#y) [frag](#top) ![pic](/img/a.png \"t\") ![rel](a%20b.png) [gt](a\\>b \"t > u\")",
        "[ref][r] and ![img][i]\n\n[r]: https://example.org/r 'single'\n[i]: /i.png\n",
    ];

    /// ammonia configured like [`SANITIZER`] but keeping every tag, attribute and
    /// class that pulldown-cmark writes, and no `rel` of its own: what it keeps that
    /// [`SANITIZER`] does not is what [`SANITIZER`] would remove.
    fn keeping_everything() -> ammonia::Builder<'static> {
        let mut b = ammonia::Builder::default();
        b.url_schemes(ALLOWED_SCHEMES.into_iter().collect())
            .link_rel(None)
            .add_tags(["input", "div", "sup"])
            .add_generic_attributes([
                "id", "class", "rel", "start", "type", "checked", "disabled", "href", "src", "alt",
            ]);
        b
    }

    #[test]
    fn plain_markdown_is_not_sanitized_again_and_ammonia_would_remove_nothing() {
        for md in PLAIN {
            let (html, untrusted) = to_html(md, &mut |_, _| None);
            assert!(!untrusted, "{md}");
            let rendered = render(md);
            assert_eq!(rendered, with_link_rel(html));
            assert_eq!(
                SANITIZER.clean(&rendered).to_string(),
                keeping_everything().clean(&rendered).to_string(),
                "{md}"
            );
        }
        // What ammonia would have added is there; what it strips is not.
        let html = render(PLAIN[4]);
        assert!(
            html.contains(r#"<a href="https://example.org/a?b=c" rel="noopener noreferrer">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"href="mailto:someone@example.org" rel="noopener noreferrer""#),
            "{html}"
        );
        assert!(!render(PLAIN[2]).contains("language-"));
    }

    #[test]
    fn markup_of_the_editors_own_goes_through_ammonia() {
        for md in [
            "<b>raw</b> html",
            "<div onclick=\"x()\">block</div>\n",
            "# Heading {.red}\n",
            "# Heading {onclick=alert(1)}\n",
            "[a](javascript:alert(1))",
            "![i](data:image/svg+xml,<svg/onload=alert(1)>)",
            "[a](vbscript:x) <magnet:?xt=1>",
        ] {
            let (_, untrusted) = to_html(md, &mut |_, _| None);
            assert!(untrusted, "{md}");
            let html = render(md);
            for risk in [
                "onclick",
                "href=\"javascript",
                "src=\"data:",
                "href=\"vbscript",
                "href=\"magnet",
                "class=\"red\"",
            ] {
                assert!(!html.contains(risk), "{md}: {html}");
            }
        }
    }

    #[test]
    fn a_link_address_is_allowed_exactly_when_ammonia_keeps_it() {
        for dest in [
            "https://x.org/",
            "HTTPS://X.ORG",
            "http:x",
            "mailto:a@b.org",
            "tel:+86",
            "/cases/x/",
            "../a b.png",
            "#top",
            "?q=1&r=2",
            "//evil.example/",
            "",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java%09script:alert(1)",
            "javascript&colon;alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "magnet:?xt=1",
            "foo:bar",
            ":x",
            "a:b:c",
            "http://[::1]:80/",
            "http://exa mple.org/",
            "https://例子.测试/路径",
            "'quoted'",
        ] {
            let mut href = String::new();
            pulldown_cmark_escape::escape_href(&mut href, dest).unwrap();
            let kept = SANITIZER
                .clean(&format!(r#"<a href="{href}">x</a>"#))
                .to_string()
                .contains("href=");
            assert_eq!(is_allowed_url(dest), kept, "{dest:?}");
        }
    }

    #[test]
    fn strikethrough_and_task_lists() {
        let html = render("~~old~~\n\n- [x] done\n");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains(r#"type="checkbox""#), "{html}");
    }
}
