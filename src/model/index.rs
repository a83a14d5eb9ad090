//! Reverse references: from a program to the cases that name it, from a region, a
//! theme, a tag or a year to its records. Every list is sorted newest first.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::{RecordRef, Site, tag_slug};

/// A tag as shown: the first spelling met (in record order) and its records.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub records: Vec<RecordRef>,
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Every case and every program, in the site's order (what their lists show).
    pub cases: Vec<RecordRef>,
    pub programs: Vec<RecordRef>,
    /// For each program, the cases that name it.
    pub program_cases: Vec<Vec<usize>>,
    /// For each case, the programs it names (that are published).
    pub case_programs: Vec<Vec<usize>>,
    /// For each region, the records in it and below.
    pub region_records: Vec<Vec<RecordRef>>,
    pub theme_records: BTreeMap<String, Vec<RecordRef>>,
    /// By tag slug.
    pub tags: BTreeMap<String, Tag>,
    pub years: BTreeMap<i32, Vec<RecordRef>>,
}

impl Index {
    pub fn build(site: &Site) -> Index {
        let program_by_slug: BTreeMap<&str, usize> = site
            .programs
            .iter()
            .enumerate()
            .map(|(i, p)| (p.base.slug.as_str(), i))
            .collect();

        let mut index = Index {
            cases: (0..site.cases.len()).map(RecordRef::Case).collect(),
            programs: (0..site.programs.len()).map(RecordRef::Program).collect(),
            program_cases: vec![Vec::new(); site.programs.len()],
            case_programs: vec![Vec::new(); site.cases.len()],
            region_records: vec![Vec::new(); site.regions.regions.len()],
            theme_records: site
                .themes
                .keys()
                .map(|k| (k.clone(), Vec::new()))
                .collect(),
            ..Index::default()
        };

        for (case_index, case) in site.cases.iter().enumerate() {
            for slug in &case.programs {
                // A program left out as a draft is simply not linked.
                if let Some(&program) = program_by_slug.get(slug.as_str()) {
                    index.case_programs[case_index].push(program);
                    index.program_cases[program].push(case_index);
                }
            }
        }

        for record in site.all_records() {
            let base = site.record(record);
            for region in site.regions.ancestry(base.region) {
                index.region_records[region].push(record);
            }
            for theme in &base.themes {
                index
                    .theme_records
                    .entry(theme.clone())
                    .or_default()
                    .push(record);
            }
            for tag in &base.tags {
                let entry = index.tags.entry(tag_slug(tag)).or_insert_with(|| Tag {
                    name: tag.trim().to_string(),
                    records: Vec::new(),
                });
                // Records come one after the other: a record already listed (two of its
                // tags share a page) is the last one. A search of the whole list would
                // make the index quadratic in the records of a popular tag.
                if entry.records.last() != Some(&record) {
                    entry.records.push(record);
                }
            }
            index
                .years
                .entry(site.record_date(record).year())
                .or_default()
                .push(record);
        }

        // Cases are already sorted newest first, so the per-program lists are too.
        let mut lists: Vec<&mut Vec<RecordRef>> = index
            .region_records
            .iter_mut()
            .chain(index.theme_records.values_mut())
            .chain(index.tags.values_mut().map(|t| &mut t.records))
            .chain(index.years.values_mut())
            .collect();
        lists
            .par_iter_mut()
            .for_each(|list| site.sort_newest_first(list));
        index
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::diagnostics::SourceText;
    use crate::load::{RecordFile, RecordFormat, SiteFiles};
    use crate::validate::{self, Options};

    fn case(slug: &str, date: &str, tags: &str) -> RecordFile {
        let text = format!(
            "+++\ntitle = \"{slug}\"\ndate = {date}\nregion = \"zhejiang\"\nthemes = [\"green\"]\nsummary = \"S.\"\ntags = [{tags}]\n+++\n"
        );
        RecordFile {
            source: SourceText::new(format!("content/cases/{slug}.md"), text),
            format: RecordFormat::Markdown,
            stem: slug.to_string(),
        }
    }

    #[test]
    fn a_record_is_listed_once_under_tags_that_share_a_page() {
        let files = SiteFiles {
            root: PathBuf::from("/nonexistent"),
            config: SourceText::new(
                "site.toml",
                "title = \"T\"\nbase_url = \"https://e.org/\"\n",
            ),
            regions: Some(SourceText::new(
                "content/regions.toml",
                "[zhejiang]\nname = \"Z\"\n",
            )),
            themes: Some(SourceText::new(
                "content/themes.toml",
                "[green]\nlabel = \"G\"\n",
            )),
            indicators: None,
            cases: vec![
                case(
                    "a",
                    "2024-01-01",
                    "\"Photovoltaic\", \"photovoltaic\", \"光伏\"",
                ),
                case("b", "2023-01-01", "\"photovoltaic\""),
            ],
            programs: Vec::new(),
            pages: Vec::new(),
            templates: Vec::new(),
            static_files: Vec::new(),
        };
        let site = validate::validate(&files, &Options::default())
            .unwrap_or_else(|d| panic!("{:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>()));
        let index = Index::build(&site);
        let tag = &index.tags["photovoltaic"];
        assert_eq!(tag.name, "Photovoltaic");
        assert_eq!(tag.records, [RecordRef::Case(0), RecordRef::Case(1)]);
        assert_eq!(index.tags["光伏"].records, [RecordRef::Case(0)]);
    }
}
