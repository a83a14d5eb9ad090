//! Markdown render and sanitize on any body: it never panics, and nothing that can run
//! script comes out. ammonia re-serializes what it keeps (html5ever): outside tags every
//! `<` is escaped, and every attribute value is in double quotes with `&` and `"`
//! escaped, so a quote-aware scan of the tags is exact.

#![no_main]

use casebook::render::markdown;
use libfuzzer_sys::fuzz_target;

const BAD_ELEMENTS: [&str; 12] = [
    "script", "style", "iframe", "frame", "object", "embed", "base", "meta", "link", "form", "svg",
    "math",
];
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "formaction", "xlink:href"];

/// Whether a URL would run script or open a document of its own in a browser: read
/// as the URL standard does (references decoded, control characters and spaces
/// trimmed from the ends, tabs and newlines dropped anywhere), any scheme but http,
/// https, mailto and tel.
fn is_dangerous(value: &str) -> bool {
    let url: String = value
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme && !["http", "https", "mailto", "tel"].contains(&scheme)
}

fuzz_target!(|text: &str| {
    let html = markdown::render(text);
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(open) = lower[i..].find('<') {
        i += open + 1;
        let name_end = lower[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>')
            .map_or(lower.len(), |e| i + e);
        let name = lower[i..name_end]
            .trim_start_matches('/')
            .trim_end_matches('/');
        assert!(!BAD_ELEMENTS.contains(&name), "<{name}> survived: {html}");
        i = name_end;
        // Attributes up to the `>` that closes the tag, outside quotes.
        while i < bytes.len() && bytes[i] != b'>' {
            if bytes[i].is_ascii_whitespace() || bytes[i] == b'/' {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && !matches!(bytes[i], b'=' | b'>' | b' ' | b'/') {
                i += 1;
            }
            let attribute = &lower[start..i];
            let mut value = "";
            if bytes.get(i) == Some(&b'=') {
                assert_eq!(bytes.get(i + 1), Some(&b'"'), "unquoted value: {html}");
                let end = lower[i + 2..].find('"').expect("a closing quote") + i + 2;
                value = &lower[i + 2..end];
                i = end + 1;
            }
            assert!(!attribute.starts_with("on"), "{attribute} survived: {html}");
            assert!(
                attribute != "style" && attribute != "srcdoc",
                "{attribute}: {html}"
            );
            if URL_ATTRIBUTES.contains(&attribute) {
                assert!(
                    !is_dangerous(value),
                    "{attribute}=\"{value}\" survived: {html}"
                );
            }
        }
    }
});
