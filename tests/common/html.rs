//! Reading HTML the way a browser tokenizes it, to check that nothing in an output can
//! run script: no script-bearing element, no event handler, no `javascript:`-like URL,
//! even once character references are decoded (`&#106;avascript:`, `jav&#x09;ascript:`).

/// Elements whose content a browser reads as text up to their end tag (outside SVG
/// and MathML, where it reads markup).
const RAW_TEXT: [&str; 9] = [
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];

/// Every element of an HTML text: its name and its attributes (name, raw value), read
/// the way a browser tokenizes a start tag, so that escaped text is never mistaken for
/// markup. Names are as written; callers lowercase the text first to compare.
pub fn elements(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut foreign = 0_usize;
    while let Some(offset) = html[i..].find('<') {
        i += offset + 1;
        // Only `<` and a letter open a tag (`<<script>` opens at the second `<`).
        if !html[i..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| i + e);
        let name = html[i..name_end].to_string();
        if name.is_empty() {
            continue;
        }
        match name.as_str() {
            "svg" | "math" => foreign += 1,
            "/svg" | "/math" => foreign = foreign.saturating_sub(1),
            _ => {}
        }
        let mut attributes = Vec::new();
        let mut j = name_end;
        while j < bytes.len() && bytes[j] != b'>' {
            if bytes[j].is_ascii_whitespace() || bytes[j] == b'/' {
                j += 1;
                continue;
            }
            let start = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>')
            {
                j += 1;
            }
            let attribute = html[start..j].to_string();
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                if j < bytes.len() && matches!(bytes[j], b'"' | b'\'') {
                    let quote = bytes[j];
                    let end = bytes[j + 1..]
                        .iter()
                        .position(|b| *b == quote)
                        .map_or(bytes.len(), |p| j + 1 + p);
                    value = html[j + 1..end].to_string();
                    j = (end + 1).min(bytes.len());
                } else {
                    let start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = html[start..j].to_string();
                }
            }
            attributes.push((attribute, value));
        }
        i = j.min(html.len());
        // A browser with script on reads raw-text content as text, up to the end tag:
        // `<noscript><p title="</noscript><img …>">` holds a real <img>.
        if foreign == 0 && RAW_TEXT.contains(&name.as_str()) {
            let end = format!("</{name}");
            i = html[i..].find(&end).map_or(html.len(), |e| i + e);
        }
        out.push((name, attributes));
    }
    out
}

/// Decodes the character references a browser decodes in text and attribute values:
/// decimal and hexadecimal ones (with or without `;`, any number of leading zeros) and
/// the named ones that filter-evasion vectors use.
pub fn decode_entities(text: &str) -> String {
    const NAMED: [(&str, char); 14] = [
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("colon", ':'),
        ("tab", '\t'),
        ("newline", '\n'),
        ("nbsp", '\u{a0}'),
        ("sol", '/'),
        ("lpar", '('),
        ("rpar", ')'),
        ("period", '.'),
        ("comma", ','),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let (digits, radix, skip) =
            if let Some(hex) = rest.strip_prefix("#x").or_else(|| rest.strip_prefix("#X")) {
                let n = hex.bytes().take_while(u8::is_ascii_hexdigit).count();
                (&hex[..n], 16, 2 + n)
            } else if let Some(dec) = rest.strip_prefix('#') {
                let n = dec.bytes().take_while(u8::is_ascii_digit).count();
                (&dec[..n], 10, 1 + n)
            } else {
                ("", 0, 0)
            };
        if !digits.is_empty() {
            let c = u32::from_str_radix(digits, radix)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            out.push(c);
            rest = &rest[skip..];
            rest = rest.strip_prefix(';').unwrap_or(rest);
            continue;
        }
        let lower = rest.to_ascii_lowercase();
        match NAMED
            .iter()
            .find(|(name, _)| lower.starts_with(&format!("{name};")))
        {
            Some((name, c)) => {
                out.push(*c);
                rest = &rest[name.len() + 1..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// Whether a URL, as a browser reads it from an attribute, would run script or load a
/// document of its own: any scheme but http, https, mailto and tel. Relative URLs are safe.
pub fn is_dangerous_url(raw: &str) -> bool {
    // Browsers decode references, then drop spaces and control characters at the ends
    // and tabs and newlines anywhere before reading the scheme. Dropping every control
    // character anywhere, as here, only makes the check stricter.
    let url: String = decode_entities(raw)
        .chars()
        .filter(|c| *c > ' ')
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

/// Attributes whose value a browser loads or navigates to.
const URL_ATTRIBUTES: [&str; 16] = [
    "href",
    "src",
    "action",
    "formaction",
    "background",
    "lowsrc",
    "dynsrc",
    "poster",
    "data",
    "codebase",
    "cite",
    "xlink:href",
    "ping",
    "manifest",
    "longdesc",
    "icon",
];

/// Elements that run script or load another document wherever they come from.
const FORBIDDEN: [&str; 12] = [
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "math", "xss",
    "bgsound", "isindex",
];

/// Everything in an HTML (or inline SVG) text that could run script, described. The
/// only scripts allowed are external ones at one of `allowed_scripts` (the theme's).
pub fn script_risks(html: &str, allowed_scripts: &[&str]) -> Vec<String> {
    let lower = html.to_lowercase();
    let mut risks = Vec::new();
    for (name, attributes) in elements(&lower) {
        if FORBIDDEN.contains(&name.as_str()) {
            risks.push(format!("<{name}>"));
        }
        if name == "script" {
            let allowed = attributes.iter().all(|(a, v)| match a.as_str() {
                "type" => v == "module",
                "src" => allowed_scripts.contains(&v.as_str()),
                _ => false,
            }) && attributes.iter().any(|(a, _)| a == "src");
            if !allowed {
                risks.push(format!("<script {attributes:?}>"));
            }
        }
        for (attribute, value) in &attributes {
            let decoded = decode_entities(value);
            let risky = attribute.starts_with("on")
                || matches!(attribute.as_str(), "srcdoc" | "formaction" | "http-equiv")
                || (URL_ATTRIBUTES.contains(&attribute.as_str()) && is_dangerous_url(value))
                || (attribute == "srcset" && decoded.split(',').any(is_dangerous_url))
                || (attribute == "style"
                    && ["expression", "javascript:", "behavior", "binding", "url("]
                        .iter()
                        .any(|bad| decoded.contains(bad)));
            if risky {
                risks.push(format!("<{name} {attribute}=\"{value}\">"));
            }
        }
    }
    risks
}
