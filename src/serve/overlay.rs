//! What `casebook serve` adds to the pages it serves, and only there: the live-reload
//! script and, while the build is broken, an overlay with the build's problems, shown
//! as the command line shows them. Nothing of this is ever written to the output.

use crate::render::feed::escape;

/// Where the live-reload script is served.
pub const SCRIPT_PATH: &str = "/__casebook/live.js";

/// The live-reload script.
pub const SCRIPT: &str = include_str!("live.js");

/// The overlay's HTML: a panel over the page listing every problem.
pub fn overlay(problems: &[String]) -> String {
    let count = problems.len();
    let noun = if count == 1 { "problem" } else { "problems" };
    let mut html = String::from(
        "<div id=\"casebook-overlay\" role=\"alertdialog\" aria-modal=\"true\" \
         aria-labelledby=\"casebook-overlay-title\" style=\"position:fixed;inset:0;\
         z-index:2147483647;overflow:auto;background:rgba(20,20,24,.88);\
         padding:4vh 4vw;box-sizing:border-box;font:15px/1.5 system-ui,sans-serif\">\
         <div style=\"max-width:70rem;margin:0 auto;background:#fff;color:#1b1b1f;\
         border-top:6px solid #c62828;border-radius:6px;padding:1.25rem 1.5rem;\
         box-shadow:0 10px 40px rgba(0,0,0,.5)\">",
    );
    html.push_str(&format!(
        "<h2 id=\"casebook-overlay-title\" style=\"margin:0 0 .25rem;font-size:1.3rem;\
         color:#b71c1c\">Casebook found {count} {noun}</h2>\
         <p style=\"margin:0 0 1rem;color:#444\">The page below is the last version \
         that built. Fix the file and save: this page updates by itself.</p>"
    ));
    for problem in problems {
        html.push_str(
            "<pre style=\"margin:0 0 .75rem;padding:.75rem 1rem;background:#f6f6f8;\
             border:1px solid #e0e0e6;border-radius:4px;overflow:auto;white-space:pre-wrap;\
             overflow-wrap:anywhere;\
             font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
             color:#1b1b1f\">",
        );
        html.push_str(&escape(problem));
        html.push_str("</pre>");
    }
    html.push_str("</div></div>");
    html
}

/// `html` with the live-reload script (and the overlay, when given) added before the
/// last `</body>`, or at the end where there is none.
pub fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let mut addition = String::new();
    if let Some(overlay) = overlay {
        addition.push_str(overlay);
    }
    addition.push_str(&format!("<script src=\"{SCRIPT_PATH}\"></script>"));
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + addition.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(addition.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A page for when nothing has built yet: only the overlay (and the script, added by
/// [`inject`]).
pub fn waiting_page() -> Vec<u8> {
    b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
      <title>Casebook: the site does not build yet</title></head>\
      <body></body></html>\n"
        .to_vec()
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, SourceText};

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(page, None)).unwrap();
        assert_eq!(
            out,
            format!("<html><body><p>x</p><script src=\"{SCRIPT_PATH}\"></script></body></html>")
        );
        let bare = String::from_utf8(inject(b"<p>no body</p>", Some("<div>o</div>"))).unwrap();
        assert!(bare.ends_with("<div>o</div><script src=\"/__casebook/live.js\"></script>"));
    }

    #[test]
    fn the_overlay_shows_the_diagnostics_escaped() {
        let src = SourceText::new("content/cases/a.md", "+++\ntitle = <b>\n+++\n");
        let d = Diagnostic::new("bad <value>")
            .at(src, Some(12..15))
            .label("here");
        let problems = [d.render(false)];
        let html = overlay(&problems);
        assert!(html.contains("Casebook found 1 problem<"), "{html}");
        assert!(html.contains("content/cases/a.md:2:9"), "{html}");
        assert!(html.contains("bad &lt;value&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }
}
