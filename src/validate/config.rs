//! site.toml: the site's settings.

use crate::diagnostics::{SourceText, did_you_mean};
use crate::model::SiteConfig;
use crate::model::quantity::{Lang, MoneyStyle};

use super::fields::{Fields, FileCtx, to_json};

/// Reads site.toml. `base_url_override` comes from `--base-url`.
pub fn site_config(
    source: &SourceText,
    base_url_override: Option<&str>,
    ctx: &mut FileCtx,
) -> Option<SiteConfig> {
    let text = source.text.clone();
    let table = ctx.parse(&text)?;
    let anchor = super::fields::first_line(ctx, 0..text.find('\n').unwrap_or(text.len()));
    let mut f = Fields::new(&table, anchor, "site.toml");

    let title = f.text(ctx, "title", true);
    let base_url = f.string(ctx, "base_url", true);
    let description = f.text(ctx, "description", false);
    let language = f.string(ctx, "language", false);
    let currency = f.string(ctx, "currency", false);
    let money_style = f.string(ctx, "money_style", false);
    let paginate_by = positive(
        &mut f,
        ctx,
        "paginate_by",
        DEFAULT_PAGINATE_BY,
        "expected the number of records on one list page",
    );
    let search_shard_size = positive(
        &mut f,
        ctx,
        "search_shard_size",
        DEFAULT_SEARCH_SHARD_SIZE,
        "expected the most records in one shard of the search index",
    );
    // A wrong type is reported by `boolean`, and fails the build.
    let search = f.boolean(ctx, "search").unwrap_or(true);
    let extra = f.table(ctx, "extra").map(|v| to_json(v.get_ref()));
    f.finish(ctx);

    let language = match language {
        None => Some(Lang::En),
        Some(l) => match l.value.as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            other => {
                let help = did_you_mean(other, ["en", "zh"])
                    .or_else(|| Some("the built-in theme speaks \"en\" and \"zh\"".into()));
                ctx.error(
                    l.span,
                    format!("unknown language `{other}`"),
                    "expected \"en\" or \"zh\"",
                    help,
                );
                None
            }
        },
    };
    let money_style = match money_style {
        // Chinese readers expect 万 and 亿; everyone else millions and billions.
        None => language.map(|l| match l {
            Lang::Zh => MoneyStyle::Chinese,
            Lang::En => MoneyStyle::Western,
        }),
        Some(s) => match s.value.as_str() {
            "western" => Some(MoneyStyle::Western),
            "chinese" => Some(MoneyStyle::Chinese),
            other => {
                let help = did_you_mean(other, ["western", "chinese"]);
                ctx.error(
                    s.span,
                    format!("unknown money_style `{other}`"),
                    "expected \"western\" or \"chinese\"",
                    help,
                );
                None
            }
        },
    };
    let currency = match currency {
        None => Some("CNY".to_string()),
        Some(c) if c.value.len() == 3 && c.value.bytes().all(|b| b.is_ascii_uppercase()) => {
            Some(c.value)
        }
        Some(c) => {
            ctx.error(
                c.span,
                format!("`{}` is not a currency code", c.value),
                "expected three capital letters",
                Some("write an ISO 4217 code such as \"CNY\"".into()),
            );
            None
        }
    };
    let base_url = match base_url_override {
        Some(url) => match normalize_base_url(url) {
            Ok(url) => Some(url),
            Err(reason) => {
                ctx.diags.push(
                    crate::diagnostics::Diagnostic::new(format!("--base-url `{url}` {reason}"))
                        .help("give an absolute URL such as https://example.org/reports/"),
                );
                None
            }
        },
        None => base_url.and_then(|b| match normalize_base_url(&b.value) {
            Ok(url) => Some(url),
            Err(reason) => {
                ctx.error(
                    b.span,
                    format!("base_url {reason}"),
                    "expected an absolute http(s) URL",
                    Some("for example base_url = \"https://example.org/reports/\"".into()),
                );
                None
            }
        }),
    };

    Some(SiteConfig {
        title: title?.value,
        base_url: base_url?,
        description: description.map(|d| d.value),
        language: language?,
        currency: currency?,
        money_style: money_style?,
        paginate_by: paginate_by?,
        search,
        search_shard_size: search_shard_size?,
        extra: extra.unwrap_or_else(|| serde_json::json!({})),
    })
}

/// Records on one page of a list when site.toml does not say.
pub const DEFAULT_PAGINATE_BY: usize = 20;

/// The most records in one shard of the search index when site.toml does not say (see
/// `render::search`): about 600 MB of the build's memory per shard being made.
pub const DEFAULT_SEARCH_SHARD_SIZE: usize = 2500;

/// A whole number from 1 (`paginate_by`, `search_shard_size`), `default` when unset.
fn positive(
    f: &mut Fields<'_, '_>,
    ctx: &mut FileCtx,
    key: &'static str,
    default: usize,
    expected: &str,
) -> Option<usize> {
    let span = f.raw(key).map(|v| ctx.abs(v.span()));
    let Some(span) = span else {
        return Some(default);
    };
    let n = f.integer(ctx, key)?;
    match usize::try_from(n) {
        Ok(n) if n >= 1 => Some(n),
        _ => {
            ctx.error(
                span,
                format!("`{key}` must be 1 or more, not {n}"),
                expected,
                Some(format!("for example {key} = {default}")),
            );
            None
        }
    }
}

/// Checks that a base URL is absolute http(s) with no query or fragment, and makes it
/// end with `/` so that page paths can be appended to it.
pub fn normalize_base_url(raw: &str) -> Result<String, String> {
    let url = url::Url::parse(raw.trim()).map_err(|e| format!("is not a valid URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "must start with http:// or https://, not {}:",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("has no host name".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must not have a query (?) or a fragment (#)".into());
    }
    let mut s = url.to_string();
    if !s.ends_with('/') {
        s.push('/');
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalized() {
        assert_eq!(
            normalize_base_url("https://example.org").unwrap(),
            "https://example.org/"
        );
        assert_eq!(
            normalize_base_url("https://example.org/sub").unwrap(),
            "https://example.org/sub/"
        );
        assert_eq!(
            normalize_base_url("http://127.0.0.1:8080/a/b/").unwrap(),
            "http://127.0.0.1:8080/a/b/"
        );
        assert!(normalize_base_url("example.org").is_err());
        assert!(normalize_base_url("javascript:alert(1)").is_err());
        assert!(normalize_base_url("https://example.org/?q=1").is_err());
    }

    fn config(text: &str) -> (Option<SiteConfig>, Vec<String>) {
        let src = SourceText::new("site.toml", text.to_string());
        let mut ctx = FileCtx::new(src.clone(), 0);
        let config = site_config(&src, None, &mut ctx);
        (
            config,
            ctx.diags.iter().map(|d| d.message.clone()).collect(),
        )
    }

    #[test]
    fn defaults_follow_the_contract() {
        let (c, errors) = config("title = \"T\"\nbase_url = \"https://x.org\"\n");
        assert!(errors.is_empty(), "{errors:?}");
        let c = c.unwrap();
        assert_eq!(c.currency, "CNY");
        assert_eq!(c.language, Lang::En);
        assert_eq!(c.money_style, MoneyStyle::Western);
        let (c, _) = config("title = \"T\"\nbase_url = \"https://x.org\"\nlanguage = \"zh\"\n");
        assert_eq!(c.unwrap().money_style, MoneyStyle::Chinese);
    }

    #[test]
    fn every_bad_setting_is_reported() {
        let (c, errors) = config(
            "title = \"\"\nbase_url = \"x\"\nlanguage = \"fr\"\nmoney_style = \"weste\"\ncurency = \"CNY\"\n",
        );
        assert!(c.is_none());
        assert_eq!(errors.len(), 5, "{errors:?}");
    }

    #[test]
    fn paginate_by_and_search_shard_size_default_and_must_be_positive() {
        let (c, _) = config("title = \"T\"\nbase_url = \"https://x.org\"\n");
        let c = c.unwrap();
        assert_eq!(c.paginate_by, DEFAULT_PAGINATE_BY);
        assert_eq!(c.search_shard_size, DEFAULT_SEARCH_SHARD_SIZE);
        for key in ["paginate_by", "search_shard_size"] {
            let (c, _) = config(&format!(
                "title = \"T\"\nbase_url = \"https://x.org\"\n{key} = 2\n"
            ));
            let c = c.unwrap();
            assert_eq!(
                if key == "paginate_by" {
                    c.paginate_by
                } else {
                    c.search_shard_size
                },
                2
            );
            for bad in ["0", "-3", "\"ten\""] {
                let (c, errors) = config(&format!(
                    "title = \"T\"\nbase_url = \"https://x.org\"\n{key} = {bad}\n"
                ));
                assert!(c.is_none(), "{key} = {bad}");
                assert_eq!(errors.len(), 1, "{key} = {bad}: {errors:?}");
            }
        }
    }
}
