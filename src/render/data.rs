//! Open data: every record and every figure as JSON and CSV, exact. Decimals are
//! written as strings in JSON so that no reader turns them into floats.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::Formatter;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::quantity::{Qualifier, Quantity};
use crate::model::{Case, Observation, Program, RecordBase, RecordRef, Site};

use super::{Sink, urls};

#[derive(Serialize)]
struct QuantityExport<'a> {
    /// Exact, in `unit` (a range's midpoint).
    value: String,
    unit: &'a str,
    qualifier: &'static str,
    as_reported: &'a str,
}

/// A quantity's fields, as [`QuantityExport`] has them, written inline: `flatten`
/// would make serde write every value of every record through a map.
#[derive(Serialize)]
struct IndicatorExport<'a> {
    key: &'a str,
    value: String,
    unit: &'a str,
    qualifier: &'static str,
    as_reported: &'a str,
    period: String,
    kind: &'static str,
    region: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct SourceExport<'a> {
    title: &'a str,
    publisher: Option<&'a str>,
    date: Option<String>,
    url: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct BaseExport<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    region: &'a str,
    region_name: &'a str,
    themes: &'a [String],
    tags: &'a [String],
    summary: &'a str,
    sources: Vec<SourceExport<'a>>,
    indicators: Vec<IndicatorExport<'a>>,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct CaseExport<'a> {
    #[serde(flatten)]
    base: BaseExport<'a>,
    date: String,
    recognition: Option<&'a str>,
    programs: &'a [String],
}

#[derive(Serialize)]
struct MilestoneExport<'a> {
    date: String,
    title: &'a str,
    amount: Option<QuantityExport<'a>>,
}

#[derive(Serialize)]
struct ProgramExport<'a> {
    #[serde(flatten)]
    base: BaseExport<'a>,
    institution: &'a str,
    partners: &'a [String],
    kind: &'a str,
    start: String,
    end: Option<String>,
    status: &'static str,
    commitment: Option<QuantityExport<'a>>,
    eligibility: Option<&'a str>,
    contact: Option<&'a str>,
    apply_url: Option<&'a str>,
    milestones: Vec<MilestoneExport<'a>>,
}

/// The qualifier as a word for data users; a range is `range`.
fn qualifier(q: &Quantity) -> &'static str {
    if q.high.is_some() {
        return "range";
    }
    match q.qualifier {
        Qualifier::Exact => "exact",
        Qualifier::About => "about",
        Qualifier::Nearly => "nearly",
        Qualifier::Over => "over",
        Qualifier::AtLeast => "at-least",
        Qualifier::AtMost => "at-most",
        Qualifier::Under => "under",
    }
}

fn money<'a>(q: &'a Quantity, unit: &'a str) -> QuantityExport<'a> {
    QuantityExport {
        value: q.midpoint().normalize().to_string(),
        unit,
        qualifier: qualifier(q),
        as_reported: &q.source,
    }
}

struct Exporter<'a> {
    site: &'a Site,
    currency_unit: &'a str,
}

impl<'a> Exporter<'a> {
    fn indicator(&self, o: &'a Observation) -> IndicatorExport<'a> {
        let unit = self
            .site
            .indicators
            .get(&o.key)
            .map_or("", |d| d.unit_name.as_str());
        IndicatorExport {
            key: &o.key,
            value: o.value.normalize().to_string(),
            unit,
            qualifier: qualifier(&o.quantity),
            as_reported: &o.quantity.source,
            period: o.period.iso(),
            kind: o.kind.as_str(),
            region: o.region.map(|r| self.site.regions.region(r).id.as_str()),
            note: o.note.as_deref(),
        }
    }

    fn base(&self, base: &'a RecordBase, url: String) -> BaseExport<'a> {
        let region = self.site.regions.region(base.region);
        BaseExport {
            slug: &base.slug,
            url,
            title: &base.title,
            region: &region.id,
            region_name: &region.name,
            themes: &base.themes,
            tags: &base.tags,
            summary: &base.summary,
            sources: base
                .sources
                .iter()
                .map(|s| SourceExport {
                    title: &s.title,
                    publisher: s.publisher.as_deref(),
                    date: s.date.map(|d| d.iso()),
                    url: s.url.as_deref(),
                    note: s.note.as_deref(),
                })
                .collect(),
            indicators: base.indicators.iter().map(|o| self.indicator(o)).collect(),
            extra: &base.extra,
        }
    }

    fn case(&self, case: &'a Case) -> CaseExport<'a> {
        CaseExport {
            base: self.base(
                &case.base,
                urls::case(&case.base.slug).url(&self.site.config.base_url),
            ),
            date: case.date.iso(),
            recognition: case.recognition.as_deref(),
            programs: &case.programs,
        }
    }

    fn program(&self, program: &'a Program) -> ProgramExport<'a> {
        ProgramExport {
            base: self.base(
                &program.base,
                urls::program(&program.base.slug).url(&self.site.config.base_url),
            ),
            institution: &program.institution,
            partners: &program.partners,
            kind: &program.kind,
            start: program.start.iso(),
            end: program.end.map(|e| e.iso()),
            status: program.status.as_str(),
            commitment: program
                .commitment
                .as_ref()
                .map(|q| money(q, self.currency_unit)),
            eligibility: program.eligibility.as_deref(),
            contact: program.contact.as_deref(),
            apply_url: program.apply_url.as_deref(),
            milestones: program
                .milestones
                .iter()
                .map(|m| MilestoneExport {
                    date: m.date.iso(),
                    title: &m.title,
                    amount: m.amount.as_ref().map(|q| money(q, q.dimension.base_unit())),
                })
                .collect(),
        }
    }
}

/// Pretty JSON in which `<`, `>` and `&` inside strings are written as `\u` escapes:
/// the same data, but no markup, even if a page ever inlines it. The layout is
/// serde_json's `PrettyFormatter` (two spaces a level), each line break and its
/// indentation written at once rather than a level at a time.
#[derive(Default)]
struct SafeJson {
    depth: usize,
    has_value: bool,
}

/// A line break and the indentation of `depth` levels.
fn new_line<W: ?Sized + Write>(w: &mut W, depth: usize) -> io::Result<()> {
    const BREAK: &[u8; 65] = b"\n                                                                ";
    let width = 1 + 2 * depth;
    if width <= BREAK.len() {
        return w.write_all(&BREAK[..width]);
    }
    w.write_all(b"\n")?;
    (0..depth).try_for_each(|_| w.write_all(b"  "))
}

impl Formatter for SafeJson {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        text: &str,
    ) -> io::Result<()> {
        let bytes = text.as_bytes();
        // Most fragments are short words and numbers: a plain scan beats setting up
        // memchr's vector search for them.
        if bytes.len() < 32 && !bytes.iter().any(|b| matches!(b, b'<' | b'>' | b'&')) {
            return w.write_all(bytes);
        }
        let mut start = 0;
        for at in memchr::memchr3_iter(b'<', b'>', b'&', bytes) {
            w.write_all(&bytes[start..at])?;
            w.write_all(match bytes[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            })?;
            start = at + 1;
        }
        w.write_all(&bytes[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next_item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next_item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

impl SafeJson {
    /// An array or object opens a level.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// It closes on a line of its own, unless it is empty.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            new_line(w, self.depth)?;
        }
        w.write_all(bracket)
    }

    /// Each value of an array or key of an object starts a line of its own.
    fn next_item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        new_line(w, self.depth)
    }
}

/// Writes `value` as [`SafeJson`], with a final newline.
fn write_json(w: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *w, SafeJson::default());
    value.serialize(&mut serializer).map_err(io::Error::other)?;
    w.write_all(b"\n")
}

/// The columns of indicators.csv, in order.
pub const CSV_COLUMNS: [&str; 11] = [
    "record",
    "record_type",
    "region",
    "indicator",
    "period",
    "kind",
    "value",
    "unit",
    "qualifier",
    "as_reported",
    "source_url",
];

fn write_indicators_csv(site: &Site, w: &mut dyn Write) -> Result<(), csv::Error> {
    let mut writer = csv::Writer::from_writer(w);
    writer.write_record(CSV_COLUMNS)?;
    for record in site.all_records() {
        let base = site.record(record);
        let record_type = match record {
            RecordRef::Case(_) => "case",
            RecordRef::Program(_) => "program",
        };
        let source_url = base
            .sources
            .iter()
            .find_map(|s| s.url.as_deref())
            .unwrap_or("");
        for o in &base.indicators {
            let region = site.regions.region(o.region.unwrap_or(base.region));
            let unit = site
                .indicators
                .get(&o.key)
                .map_or("", |d| d.unit_name.as_str());
            writer.write_record([
                base.slug.as_str(),
                record_type,
                region.id.as_str(),
                o.key.as_str(),
                &o.period.iso(),
                o.kind.as_str(),
                &o.value.normalize().to_string(),
                unit,
                qualifier(&o.quantity),
                &o.quantity.source,
                source_url,
            ])?;
        }
    }
    writer.flush()?;
    Ok(())
}

/// One record's JSON.
fn json_bytes(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(4096);
    // Writing into memory cannot fail on I/O, and every value here serializes.
    let _ = write_json(&mut bytes, value);
    bytes
}

/// The paths of the export files of the site.
pub fn export_paths(site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = SITE_WIDE.iter().map(|p| p.to_string()).collect();
    paths.extend(site.cases.iter().map(|c| case_json(&c.base.slug)));
    paths.extend(site.programs.iter().map(|p| program_json(&p.base.slug)));
    paths
}

/// The site-wide export files.
const SITE_WIDE: [&str; 3] = [
    "data/cases.json",
    "data/programs.json",
    "data/indicators.csv",
];

fn case_json(slug: &str) -> String {
    format!("cases/{slug}/index.json")
}

fn program_json(slug: &str) -> String {
    format!("programs/{slug}/index.json")
}

/// How many records' JSON are made at once (in parallel) and then written.
const BATCH: usize = 1024;

/// Writes each record's JSON file (`json` gives its path and bytes) and the site-wide
/// array of them at `array_path`. Each record is serialized once: the array's items are
/// the records' files, indented one level, exactly as the pretty printer lays them out.
/// Records are made a batch at a time, so that they are never all in memory.
fn records_and_array<T: Sync>(
    sink: &dyn Sink,
    array_path: &str,
    records: &[T],
    json: impl Fn(&T) -> (String, Vec<u8>) + Sync,
) -> Result<(), Diagnostic> {
    let mut put_failed = None;
    let streamed = sink.stream(array_path.into(), &mut |w| {
        if records.is_empty() {
            return w.write_all(b"[]\n");
        }
        w.write_all(b"[")?;
        for (n, batch) in records.chunks(BATCH).enumerate() {
            let made: Vec<(String, Vec<u8>, Vec<u8>)> = batch
                .par_iter()
                .map(|record| {
                    let (path, bytes) = json(record);
                    let item = array_item(&bytes);
                    (path, bytes, item)
                })
                .collect();
            for (i, (_, _, item)) in made.iter().enumerate() {
                w.write_all(if n == 0 && i == 0 { b"\n  " } else { b",\n  " })?;
                w.write_all(item)?;
            }
            if let Err(d) = made
                .into_par_iter()
                .try_for_each(|(path, bytes, _)| sink.put(path, bytes))
            {
                put_failed = Some(d);
                return Err(io::Error::other("a record's file could not be written"));
            }
        }
        w.write_all(b"\n]\n")
    });
    match put_failed {
        Some(d) => Err(d),
        None => streamed,
    }
}

/// A record's file as an item of the site-wide array: one level deeper (every line
/// but the first indented by two more spaces), without the final newline. Made beside
/// the record's file, in parallel, with a vectorized search for the line ends.
fn array_item(json: &[u8]) -> Vec<u8> {
    let text = json.strip_suffix(b"\n").unwrap_or(json);
    let mut item = Vec::with_capacity(text.len() + text.len() / 8);
    let mut start = 0;
    for at in memchr::memchr_iter(b'\n', text) {
        item.extend_from_slice(&text[start..=at]);
        item.extend_from_slice(b"  ");
        start = at + 1;
    }
    item.extend_from_slice(&text[start..]);
    item
}

/// Writes every export file of the site to `sink`: each record's JSON and the site-wide
/// files, streamed.
pub fn write_exports(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostics> {
    let currency_unit = if site.config.currency == "CNY" {
        "yuan"
    } else {
        site.config.currency.as_str()
    };
    let exporter = Exporter {
        site,
        currency_unit,
    };
    let [cases, programs, csv] = SITE_WIDE;
    // The CSV is written by one thread while the others make the records' JSON.
    let (records, csv) = rayon::join(
        || {
            records_and_array(sink, cases, &site.cases, |c| {
                (case_json(&c.base.slug), json_bytes(&exporter.case(c)))
            })?;
            records_and_array(sink, programs, &site.programs, |p| {
                (program_json(&p.base.slug), json_bytes(&exporter.program(p)))
            })
        },
        || {
            sink.stream(csv.into(), &mut |w| {
                write_indicators_csv(site, w).map_err(io::Error::other)
            })
        },
    );
    let mut problems = Diagnostics::new();
    for d in [records.err(), csv.err()].into_iter().flatten() {
        problems.push(d);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::render::{Collect, Content};

    #[test]
    fn json_has_no_markup_characters() {
        let mut out = Vec::new();
        let items = [
            "<b>",
            "a & b",
            "x>y",
            "<<&>>",
            "中<文>&",
            "",
            "plain",
            "&",
            "a sentence longer than the short path, with <markup> & more > less",
        ];
        write_json(&mut out, &items).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains(['<', '>', '&']), "{text}");
        assert!(text.contains(r"\u003cb\u003e"), "{text}");
        // The escapes are plain JSON: the text reads back as written.
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back, items);
    }

    /// Without markup characters, the layout is serde_json's pretty printer's.
    #[test]
    fn json_is_laid_out_as_serde_json_pretty_prints() {
        let deep = (0..40).fold(serde_json::json!("deepest"), |v, _| serde_json::json!([v]));
        let value = serde_json::json!({
            "slug": "a",
            "empty_list": [],
            "empty_map": {},
            "numbers": [1, 2.5, -3],
            "nested": {"list": [{"k": "v", "n": null}, [true, false]], "s": "中文"},
            "deep": deep,
        });
        let mut ours = Vec::new();
        write_json(&mut ours, &value).unwrap();
        let theirs = serde_json::to_string_pretty(&value).unwrap() + "\n";
        assert_eq!(String::from_utf8(ours).unwrap(), theirs);
    }

    /// The array made from the records' files is byte for byte what the pretty
    /// printer makes of the whole list, for any number of records (batches included).
    #[test]
    fn the_site_wide_array_is_the_records_files_indented() {
        #[derive(Serialize)]
        struct Item {
            n: usize,
            text: String,
            list: Vec<u8>,
            nested: BTreeMap<String, Vec<&'static str>>,
        }
        let item = |n: usize| Item {
            n,
            text: format!("line one\nline <{n}>"),
            list: if n % 2 == 0 { vec![] } else { vec![1, 2] },
            nested: BTreeMap::from([("k".to_string(), vec!["a", "b"])]),
        };
        for count in [0, 1, 2, BATCH, BATCH + 3] {
            let items: Vec<Item> = (0..count).map(item).collect();
            let sink = Collect::default();
            records_and_array(&sink, "all.json", &items, |i| {
                (format!("{}.json", i.n), json_bytes(i))
            })
            .unwrap();
            let files = sink.into_files();
            assert_eq!(files.len(), count + 1);
            let all = files.iter().find(|f| f.path == "all.json").unwrap();
            let mut expected = Vec::new();
            write_json(&mut expected, &items).unwrap();
            match &all.content {
                Content::Bytes(bytes) => assert_eq!(
                    String::from_utf8_lossy(bytes),
                    String::from_utf8_lossy(&expected),
                    "{count} items"
                ),
                Content::Copy(_) => panic!("the array is made, not copied"),
            }
        }
    }
}
