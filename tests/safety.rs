//! Nothing lost, nothing escapes: dangerous output folders are refused and left
//! untouched, symlinks cannot pull in outside files, hostile markup is removed.

mod common;

use std::fs;

use common::{TestSite, snapshot};

#[test]
fn dangerous_output_folders_are_refused_and_untouched() {
    let site = TestSite::new();
    site.write("templates/keep.html", "mine");
    site.write("static/keep.txt", "mine");
    for output in [".", "content", "templates", "static", "content/cases", ".."] {
        let before = snapshot(site.root());
        let out = site
            .casebook()
            .args(["build", "--force", "-o", output])
            .assert()
            .code(1)
            .get_output()
            .stderr
            .clone();
        let stderr = String::from_utf8(out).unwrap();
        assert!(
            stderr.contains("refusing to write the site"),
            "{output}: {stderr}"
        );
        assert_eq!(before, snapshot(site.root()), "{output} was changed");
    }
}

#[test]
fn a_foreign_folder_is_refused_unless_forced() {
    let site = TestSite::new();
    site.write("elsewhere/precious.txt", "keep me");
    let out = site
        .casebook()
        .args(["build", "-o", "elsewhere"])
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains("Casebook did not make it")
    );
    assert_eq!(site.read("elsewhere/precious.txt"), "keep me");
    site.casebook()
        .args(["build", "-o", "elsewhere", "--force"])
        .assert()
        .success();
    assert!(site.path("elsewhere/index.html").is_file());
    // From now on the folder is Casebook's own and is replaced without --force.
    site.casebook()
        .args(["build", "-o", "elsewhere"])
        .assert()
        .success();
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_and_loops_are_not_followed() {
    let site = TestSite::new();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), common::CASE).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("content/cases/linked")).unwrap();
    std::os::unix::fs::symlink(
        site.path("content/programs"),
        site.path("content/programs/loop"),
    )
    .unwrap();
    let stderr = site.build_fails();
    assert!(stderr.contains("content/cases/linked"), "{stderr}");
    assert!(stderr.contains("leads outside the site"), "{stderr}");
    assert!(stderr.contains("content/programs/loop"), "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
}

#[test]
fn script_and_event_handlers_do_not_survive() {
    let site = TestSite::new();
    site.edit(
        "content/cases/wuxing.md",
        "title = \"City leads villages in Wuxing\"",
        "title = \"<script>alert('t')</script><img src=x onerror=alert(1)>\"",
    );
    site.edit(
        "content/cases/wuxing.md",
        "Villages formed companies.",
        "<script>alert('body')</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[x](javascript:alert(3))\n\n<a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a>\n\n<iframe src=\"https://evil.example\"></iframe>",
    );
    site.edit(
        "content/cases/wuxing.md",
        "summary = \"Villages bought property together.\"",
        "summary = \"\\\"><svg onload=alert(4)>\"",
    );
    site.edit(
        "content/cases/wuxing.md",
        "tags = [\"Photovoltaic\", \"光伏\"]",
        "tags = [\"<b onmouseover=alert(5)>x</b>\"]",
    );
    site.build();
    for (path, bytes) in snapshot(&site.path("public")) {
        // The CSV keeps the text as written: it is data, served as text/csv.
        if path.ends_with(".csv") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for (name, attributes) in common::html::elements(&text) {
            // The theme's own scripts load from the site itself; nothing else may.
            let own_script = name == "script"
                && attributes.iter().any(|(a, v)| {
                    a == "src" && v.starts_with("https://example.org/") && v.ends_with(".js")
                });
            if own_script {
                continue;
            }
            assert!(
                !["script", "iframe", "object", "embed"].contains(&name.as_str()),
                "<{name}> survived in {path}"
            );
            for (attribute, value) in attributes {
                assert!(
                    !attribute.starts_with("on"),
                    "<{name} {attribute}=...> survived in {path}"
                );
                if ["href", "src", "action", "formaction"].contains(&attribute.as_str()) {
                    let v = value.trim_start();
                    assert!(
                        !v.starts_with("javascript:") && !v.starts_with("data:"),
                        "{attribute}={value} survived in {path}"
                    );
                }
            }
        }
    }
    // The text itself is kept, escaped.
    assert!(
        site.read("public/cases/wuxing/index.html")
            .contains("&lt;script&gt;alert")
    );
}
