//! Markdown render and sanitize on any body: it never panics, and nothing that can run
//! script comes out. ammonia re-serializes what it keeps, so every `<` of the output
//! opens a tag and every attribute value is in double quotes: a plain scan is exact.

#![no_main]

use casebook::render::markdown;
use libfuzzer_sys::fuzz_target;

const BAD_ELEMENTS: [&str; 12] = [
    "script", "style", "iframe", "frame", "object", "embed", "base", "meta", "link", "form", "svg",
    "math",
];
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "action", "formaction", "xlink:href"];

fuzz_target!(|text: &str| {
    let html = markdown::render(text);
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = rest.find('>').expect("a tag is closed");
        let tag = &rest[..end];
        rest = &rest[end..];
        let name = tag.split_ascii_whitespace().next().unwrap_or("");
        let name = name.trim_start_matches('/');
        assert!(!BAD_ELEMENTS.contains(&name), "<{name}> survived: {html}");
        let mut attributes = tag[tag.find(' ').unwrap_or(tag.len())..].trim();
        while let Some(eq) = attributes.find("=\"") {
            let attribute = attributes[..eq].trim();
            let value_end = attributes[eq + 2..].find('"').expect("quoted value") + eq + 2;
            let value = &attributes[eq + 2..value_end];
            assert!(!attribute.starts_with("on"), "{attribute} survived: {html}");
            assert!(
                attribute != "style" && attribute != "srcdoc",
                "{attribute}: {html}"
            );
            if URL_ATTRIBUTES.contains(&attribute) {
                if let Some(colon) = value.find(':') {
                    let scheme = &value[..colon];
                    let is_scheme = !scheme.contains(['/', '?', '#']);
                    assert!(
                        !is_scheme || ["http", "https", "mailto"].contains(&scheme),
                        "{attribute}=\"{value}\" survived: {html}"
                    );
                }
            }
            attributes = attributes[value_end + 1..].trim();
        }
    }
});
