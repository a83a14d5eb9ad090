//! The theme's words in the site's language: templates/i18n/<language>.toml, built
//! in, with a site's own file of the same name laid over it key by key.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};

/// Flat labels (`t.cases`) and tables of them (`t.statuses.active`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Labels {
    #[serde(flatten)]
    flat: BTreeMap<String, String>,
    #[serde(flatten)]
    tables: BTreeMap<String, BTreeMap<String, String>>,
}

impl Labels {
    /// Reads one translation file and lays it over what is there.
    pub fn overlay(&mut self, source: &SourceText, diags: &mut Diagnostics) {
        let value: toml::Table = match toml::from_str(&source.text) {
            Ok(v) => v,
            Err(err) => {
                diags.push(
                    Diagnostic::new(format!(
                        "invalid TOML in a translation file: {}",
                        err.message()
                    ))
                    .at(source.clone(), err.span()),
                );
                return;
            }
        };
        for (key, value) in value {
            match value {
                toml::Value::String(s) => {
                    self.flat.insert(key, s);
                }
                toml::Value::Table(t) => {
                    let table = self.tables.entry(key.clone()).or_default();
                    for (k, v) in t {
                        match v {
                            toml::Value::String(s) => {
                                table.insert(k, s);
                            }
                            _ => diags.push(bad_label(source, &format!("{key}.{k}"))),
                        }
                    }
                }
                _ => diags.push(bad_label(source, &key)),
            }
        }
    }

    /// A flat label; the key itself when missing, so a gap shows instead of failing.
    pub fn get(&self, key: &str) -> String {
        self.text(key).to_string()
    }

    /// [`Labels::get`], borrowed.
    pub fn text<'s>(&'s self, key: &'s str) -> &'s str {
        self.flat.get(key).map_or(key, String::as_str)
    }

    /// A label from a table (`statuses`, `program_kinds` …).
    pub fn nested(&self, table: &str, key: &str) -> String {
        self.nested_text(table, key).to_string()
    }

    /// [`Labels::nested`], borrowed.
    pub fn nested_text<'s>(&'s self, table: &str, key: &'s str) -> &'s str {
        self.tables
            .get(table)
            .and_then(|t| t.get(key))
            .map_or(key, String::as_str)
    }
}

fn bad_label(source: &SourceText, key: &str) -> Diagnostic {
    Diagnostic::new(format!("the label `{key}` must be text"))
        .at(source.clone(), None)
        .help("write labels as key = \"text\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_file_overrides_key_by_key() {
        let mut labels = Labels::default();
        let mut diags = Diagnostics::new();
        labels.overlay(
            &SourceText::new(
                "en.toml",
                "cases = \"Cases\"\nhome = \"Home\"\n[statuses]\nactive = \"Active\"\n",
            ),
            &mut diags,
        );
        labels.overlay(
            &SourceText::new("site/en.toml", "cases = \"Stories\"\n"),
            &mut diags,
        );
        assert!(diags.is_empty());
        assert_eq!(labels.get("cases"), "Stories");
        assert_eq!(labels.get("home"), "Home");
        assert_eq!(labels.nested("statuses", "active"), "Active");
        assert_eq!(labels.get("missing"), "missing");
    }
}
