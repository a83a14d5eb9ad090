//! One synthetic case or program: its fields, its figures and a body of about 600
//! words with a table, a list and a Chinese section, written as a Casebook record.

use std::fmt::Write;

use super::figures::{self, MoneyStyle, decimal, grouped, round_sig};
use super::rng::Rng;
use super::words::{
    CASE_TITLES, CHINESE, CROPS, GROUPS, INDICATORS, INSTITUTIONS, IndicatorSpec, LIST_ITEMS,
    MEASURES, MEASURES_TEXT, MILESTONES, OUTLOOK, PARTNERS, PRODUCTS, PUBLISHERS, RESULTS, START,
    TABLE_ROWS, TAGS, THEMES, ValueKind,
};
use super::world::{Place, STREAM_CASES, STREAM_PROGRAMS, World};

/// Words a body has at least (Chinese text and table cells aside).
const BODY_WORDS: usize = 600;

pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A date at the precision a source gives: day, month or year.
#[derive(Debug, Clone, Copy)]
pub struct Date {
    pub year: u64,
    pub month: u64,
    pub day: u64,
    /// 3 = day, 2 = month, 1 = year.
    pub precision: u8,
}

impl Date {
    fn any(rng: &mut Rng, year: u64) -> Date {
        let precision = match rng.below(20) {
            0 => 1,
            1 | 2 => 2,
            _ => 3,
        };
        Date {
            year,
            month: rng.between(1, 12),
            day: rng.between(1, 28),
            precision,
        }
    }

    fn exact(rng: &mut Rng, year: u64) -> Date {
        Date {
            precision: 3,
            ..Date::any(rng, year)
        }
    }

    /// As a TOML value for Casebook: `2024-03-01`, `"2024-03"` or `2024`.
    fn toml(&self) -> String {
        match self.precision {
            1 => self.year.to_string(),
            2 => format!("\"{}-{:02}\"", self.year, self.month),
            _ => self.iso(),
        }
    }

    /// A full date (for Hugo, which needs one).
    pub fn iso(&self) -> String {
        let (month, day) = match self.precision {
            1 => (1, 1),
            2 => (self.month, 1),
            _ => (self.month, self.day),
        };
        format!("{}-{month:02}-{day:02}", self.year)
    }
}

/// What a program is, known before any case is made (cases name programs).
pub struct ProgramHead {
    pub slug: String,
    pub place: usize,
    pub product: usize,
}

pub fn program_heads(world: &World, seed: u64, count: usize) -> Vec<ProgramHead> {
    (0..count)
        .map(|j| {
            let mut rng = Rng::for_item(seed, STREAM_PROGRAMS, j as u64);
            let place = match rng.below(10) {
                0..=1 => rng.pick(&world.provinces),
                2..=7 => rng.pick(&world.cities),
                _ => rng.pick(&world.districts),
            };
            let product = rng.below(PRODUCTS.len());
            let slug = format!("{}-{}-{}", world.places[place].key, PRODUCTS[product].0, j);
            ProgramHead {
                slug,
                place,
                product,
            }
        })
        .collect()
}

/// The programs of each province, to link cases with programs near them.
pub fn programs_by_province(world: &World, heads: &[ProgramHead]) -> Vec<Vec<usize>> {
    let mut by_province = vec![Vec::new(); world.places.len()];
    for (j, head) in heads.iter().enumerate() {
        by_province[world.places[head.place].province].push(j);
    }
    by_province
}

/// A figure as written in a record: a quoted quantity or a bare count.
enum Value {
    Text(String),
    Bare(u64),
}

struct Observation {
    key: &'static str,
    value: Value,
    period: String,
    kind: Option<&'static str>,
    region: Option<usize>,
    note: Option<String>,
}

struct SourceRecord {
    title: String,
    publisher: String,
    date: Option<Date>,
    url: String,
    note: Option<String>,
}

/// What the sentences of one record talk about.
struct Scene<'a> {
    world: &'a World,
    place_index: usize,
    place: &'a Place,
    bank: String,
    /// An index of [`MEASURES`].
    measure: usize,
    group: &'static str,
    crop: &'static str,
    year: u64,
    style: MoneyStyle,
}

impl<'a> Scene<'a> {
    fn new(world: &'a World, place_index: usize, year: u64, rng: &mut Rng) -> Scene<'a> {
        let mut scene = Scene {
            world,
            place_index,
            place: &world.places[place_index],
            bank: String::new(),
            measure: rng.below(MEASURES.len()),
            group: rng.pick(GROUPS),
            crop: rng.pick(CROPS),
            year,
            style: MoneyStyle::any(rng),
        };
        scene.bank = scene.fill(rng.pick(INSTITUTIONS), rng);
        scene
    }

    fn measure(&self) -> &'static str {
        MEASURES[self.measure].0
    }

    fn province(&self) -> &str {
        &self.world.places[self.place.province].name
    }

    fn city(&self) -> &str {
        let city = self.place.city.unwrap_or(self.place.province);
        &self.world.places[city].name
    }

    /// Fills `{name}` slots of a sentence. Numbers are drawn afresh at each slot.
    fn fill(&self, template: &str, rng: &mut Rng) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("slots are closed");
            let slot = &rest[open + 1..close];
            self.slot(slot, rng, &mut out);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn slot(&self, slot: &str, rng: &mut Rng, out: &mut String) {
        let money = |rng: &mut Rng, low: u64, high: u64, style: MoneyStyle| {
            figures::money(round_sig(rng.between(low, high), 3).max(1000), style)
        };
        let text = match slot {
            "place" => self.place.name.clone(),
            "zh" => self.place.zh.clone(),
            "city" => self.city().to_string(),
            "province" => self.province().to_string(),
            "within" => match self.place.city {
                Some(city) if city != self.place_index => {
                    format!("{}, {}", self.city(), self.province())
                }
                _ => self.province().to_string(),
            },
            "bank" => self.bank.clone(),
            "measure" => self.measure().to_string(),
            "Measure" => capitalize(self.measure()),
            "group" => self.group.to_string(),
            "crop" => self.crop.to_string(),
            "year" => self.year.to_string(),
            "past" => (self.year - rng.between(2, 5)).to_string(),
            "next" => (self.year + rng.between(1, 2)).to_string(),
            "n" => rng.between(3, 400).to_string(),
            "big" => grouped(round_sig(rng.between(1_000, 200_000), 3)),
            "small" => money(rng, 50_000, 2_000_000, self.style),
            "money" => money(rng, 5_000_000, 5_000_000_000, self.style),
            "income" => money(rng, 200_000, 3_000_000, self.style),
            "zhmoney" => money(rng, 1_000_000, 5_000_000_000, MoneyStyle::Chinese),
            "pct" => decimal(rng.between(50, 950), 1),
            "rate" => decimal(rng.between(3, 15), 1),
            "npl" => decimal(rng.between(30, 450), 2),
            "days" => rng.between(1, 15).to_string(),
            other => unreachable!("unknown slot {other}"),
        };
        out.push_str(&text);
    }

    /// A paragraph of `count` different sentences of a pool.
    fn paragraph(&self, pool: &[&str], count: usize, rng: &mut Rng) -> String {
        rng.distinct(count, pool.len(), false)
            .into_iter()
            .map(|i| self.fill(pool[i], rng))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Two paragraphs of different sentences of a pool: 4 or 5, then 3.
    fn paragraphs(&self, pool: &[&str], rng: &mut Rng) -> (String, String) {
        let first = rng.below(2) + 4;
        let sentences: Vec<String> = rng
            .distinct(first + 3, pool.len(), false)
            .into_iter()
            .map(|i| self.fill(pool[i], rng))
            .collect();
        (sentences[..first].join(" "), sentences[first..].join(" "))
    }

    /// About 600 words: sections with a table, a list, a Chinese section and now and
    /// then a footnote.
    fn body(&self, rng: &mut Rng, table: &str) -> String {
        let mut body = String::with_capacity(5000);
        // The first sentence says where the place is.
        let opening = self.fill(START[0], rng);
        let (first, second) = self.paragraphs(&START[1..], rng);
        let _ = write!(
            body,
            "## Starting point\n\n{opening} {first}\n\n{second}\n\n"
        );
        let (first, second) = self.paragraphs(MEASURES_TEXT, rng);
        let _ = write!(
            body,
            "## What was done\n\n{first}\n\n{table}\n{second}\n\nThe scheme rests on a few working rules:\n\n"
        );
        for i in rng.distinct(3, LIST_ITEMS.len(), false) {
            let _ = writeln!(body, "- {}", LIST_ITEMS[i]);
        }
        let footnote = rng.chance(15);
        let (first, second) = self.paragraphs(RESULTS, rng);
        let _ = write!(
            body,
            "\n## Results\n\n{first}{}\n\n{second}\n\n",
            if footnote { "[^figures]" } else { "" },
        );
        let _ = write!(
            body,
            "## 经验做法\n\n{}\n\n## Outlook\n\n",
            rng.distinct(3, CHINESE.len(), false)
                .into_iter()
                .map(|i| self.fill(CHINESE[i], rng))
                .collect::<String>()
        );
        let mut words = body.split_whitespace().count();
        while words < BODY_WORDS {
            let paragraph = self.paragraph(OUTLOOK, 3, rng);
            words += paragraph.split_whitespace().count();
            body.push_str(&paragraph);
            body.push_str("\n\n");
        }
        if footnote {
            let _ = writeln!(
                body,
                "[^figures]: Figures as reported by {}; not audited.",
                self.fill(rng.pick(PUBLISHERS), rng)
            );
        }
        body
    }

    fn sources(&self, rng: &mut Rng, slug: &str) -> Vec<SourceRecord> {
        (0..rng.between(1, 3))
            .map(|k| {
                let title = match rng.below(3) {
                    0 => format!(
                        "{}: {} selected as a typical case",
                        self.place.name,
                        self.measure()
                    ),
                    1 => format!("{} reports progress on {}", self.bank, self.measure()),
                    _ => format!(
                        "{} publishes the results of {}",
                        self.place.name,
                        self.measure()
                    ),
                };
                let date = rng.chance(80).then(|| Date::exact(rng, self.year));
                let month = date.map_or(1, |d| d.month);
                SourceRecord {
                    title,
                    publisher: self.fill(rng.pick(PUBLISHERS), rng),
                    date,
                    url: format!(
                        "https://news.example.org/{}/{month:02}/{slug}-{k}.html",
                        self.year
                    ),
                    note: rng
                        .chance(20)
                        .then(|| "Figures checked against the district's annual report.".into()),
                }
            })
            .collect()
    }

    /// 3 to 6 indicators, each over 1 to 5 periods.
    fn indicators(&self, rng: &mut Rng) -> Vec<Observation> {
        let mut out = Vec::new();
        for i in rng.some(3, 6, INDICATORS.len(), false) {
            let spec = &INDICATORS[i];
            let periods = rng.between(1, 5);
            let last = self.year - rng.between(0, 1);
            let region = rng
                .chance(10)
                .then(|| self.world.parent(self.place_index))
                .flatten();
            let note = rng
                .chance(30)
                .then(|| format!("As reported for {}.", self.place.name));
            let form = rng.below(10);
            let period = |year: u64| match form {
                0 => format!("\"{year}-12\""),
                1 => format!("{year}-12-31"),
                _ => year.to_string(),
            };
            let baseline = periods >= 3 && rng.chance(25);
            let mut value = first_value(spec, rng);
            for (k, year) in (last + 1 - periods..=last).enumerate() {
                if k > 0 {
                    value = next_value(spec, value, rng);
                }
                out.push(Observation {
                    key: spec.key,
                    value: self.figure(spec.kind, value, rng),
                    period: period(year),
                    kind: if k == 0 && baseline {
                        Some("baseline")
                    } else if rng.chance(5) {
                        Some("actual")
                    } else {
                        None
                    },
                    region,
                    note: if k == 0 { note.clone() } else { None },
                });
            }
            if rng.chance(20) {
                let target = next_value(spec, next_value(spec, value, rng), rng);
                out.push(Observation {
                    key: spec.key,
                    value: self.figure(spec.kind, target, rng),
                    period: period(last + 2),
                    kind: Some("target"),
                    region,
                    note: None,
                });
            }
        }
        out
    }

    /// A figure in one of the ways sources write it.
    fn figure(&self, kind: ValueKind, value: u64, rng: &mut Rng) -> Value {
        let text = match kind {
            ValueKind::Money => {
                let style = if rng.chance(85) {
                    self.style
                } else {
                    MoneyStyle::any(rng)
                };
                figures::qualified(
                    figures::money(value, style),
                    style == MoneyStyle::Chinese,
                    rng,
                )
            }
            ValueKind::Count(plural, singular, zh) => match rng.below(10) {
                0..=3 => {
                    let noun = if value == 1 { singular } else { plural };
                    format!("{} {noun}", grouped(value))
                }
                4 | 5 => format!("{value}{zh}"),
                6 if value >= 100 && value % 10 == 0 => format!("{value}多{zh}"),
                7 if value >= 10_000 && value % 100 == 0 => {
                    format!("{}万 {plural}", decimal(value, 4))
                }
                _ => return Value::Bare(value),
            },
            ValueKind::Percent => format!("{}%", decimal(value, 2)),
            ValueKind::Power if value >= 1000 && rng.chance(50) => {
                format!("{} MW", decimal(value, 3))
            }
            ValueKind::Power => format!("{} kW", grouped(value)),
            ValueKind::Area if value >= 10_000 && rng.chance(40) => {
                format!("{}万平方米", decimal(value, 4))
            }
            ValueKind::Area => format!("{} m2", grouped(value)),
            ValueKind::Mu if value >= 10_000 && rng.chance(50) => {
                format!("{}万亩", decimal(value, 4))
            }
            ValueKind::Mu => format!("{} mu", grouped(value)),
            ValueKind::Mass if rng.chance(50) => format!("{} tonnes", grouped(value)),
            ValueKind::Mass => format!("{} t", grouped(value)),
        };
        Value::Text(text)
    }
}

/// A first figure: anywhere in the indicator's range, small values more often.
fn first_value(spec: &IndicatorSpec, rng: &mut Rng) -> u64 {
    let u = rng.below(1 << 16) as u128;
    let spread = (spec.high - spec.low) as u128;
    let value = spec.low + ((spread * u * u * u) >> 48) as u64;
    rounded(spec, value)
}

/// The next period's figure: mostly growing.
fn next_value(spec: &IndicatorSpec, value: u64, rng: &mut Rng) -> u64 {
    let next = match spec.kind {
        ValueKind::Percent => (value + rng.between(0, 60))
            .saturating_sub(30)
            .clamp(10, 900),
        _ => value * (95 + rng.between(0, 45)) / 100,
    };
    rounded(spec, next.max(1))
}

fn rounded(spec: &IndicatorSpec, value: u64) -> u64 {
    match spec.kind {
        ValueKind::Percent => value,
        ValueKind::Money => round_sig(value, 4).max(1000),
        _ if value >= 1000 => round_sig(value, 3),
        _ => value.max(1),
    }
}

fn themes(rng: &mut Rng) -> Vec<&'static str> {
    rng.some(1, 3, THEMES.len(), false)
        .into_iter()
        .map(|i| THEMES[i].0)
        .collect()
}

fn tags(rng: &mut Rng, low: u64, high: u64) -> Vec<&'static str> {
    rng.some(low, high, TAGS.len(), true)
        .into_iter()
        .map(|i| TAGS[i])
        .collect()
}

fn string_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn write_sources(out: &mut String, sources: &[SourceRecord]) {
    for s in sources {
        let _ = write!(
            out,
            "\n[[sources]]\ntitle = {}\npublisher = {}\n",
            quoted(&s.title),
            quoted(&s.publisher)
        );
        if let Some(date) = s.date {
            let _ = writeln!(out, "date = {}", date.toml());
        }
        let _ = writeln!(out, "url = {}", quoted(&s.url));
        if let Some(note) = &s.note {
            let _ = writeln!(out, "note = {}", quoted(note));
        }
    }
}

fn write_indicators(out: &mut String, world: &World, observations: &[Observation]) {
    for o in observations {
        let _ = write!(out, "\n[[indicators]]\nkey = \"{}\"\n", o.key);
        match &o.value {
            Value::Text(text) => {
                let _ = writeln!(out, "value = {}", quoted(text));
            }
            Value::Bare(n) => {
                let _ = writeln!(out, "value = {n}");
            }
        }
        let _ = writeln!(out, "period = {}", o.period);
        if let Some(kind) = o.kind {
            let _ = writeln!(out, "kind = \"{kind}\"");
        }
        if let Some(region) = o.region {
            let _ = writeln!(out, "region = \"{}\"", world.places[region].path);
        }
        if let Some(note) = &o.note {
            let _ = writeln!(out, "note = {}", quoted(note));
        }
    }
}

/// A case, ready to be written for Casebook and for Hugo.
pub struct CaseRecord {
    pub slug: String,
    pub title: String,
    pub date: Date,
    pub place: usize,
    pub summary: String,
    pub tags: Vec<&'static str>,
    pub body: String,
    themes: Vec<&'static str>,
    recognition: Option<String>,
    programs: Vec<usize>,
    sources: Vec<SourceRecord>,
    indicators: Vec<Observation>,
}

impl CaseRecord {
    pub fn new(
        world: &World,
        heads: &[ProgramHead],
        by_province: &[Vec<usize>],
        seed: u64,
        i: usize,
    ) -> CaseRecord {
        let mut rng = Rng::for_item(seed, STREAM_CASES, i as u64);
        let place_index = if rng.chance(75) {
            rng.pick(&world.districts)
        } else {
            rng.pick(&world.cities)
        };
        let place = &world.places[place_index];
        let year = rng.between(2016, 2025);
        let scene = Scene::new(world, place_index, year, &mut rng);
        let slug = format!("{}-{}-{i}", place.key, MEASURES[scene.measure].1);
        let title = scene.fill(rng.pick(CASE_TITLES), &mut rng);
        let summary = format!(
            "{} in {} combined {} with local credit for {}; by {year}, {}.",
            place.name,
            scene.province(),
            scene.measure(),
            scene.group,
            match rng.below(3) {
                0 => scene.fill("{n} villages had been credited", &mut rng),
                1 => scene.fill("collective income averaged {income} a year", &mut rng),
                _ => scene.fill("{big} households had borrowed", &mut rng),
            }
        );
        let nearby = &by_province[place.province];
        let programs = if !nearby.is_empty() && rng.chance(70) {
            rng.some(1, 2, nearby.len(), false)
                .into_iter()
                .map(|k| nearby[k])
                .collect()
        } else if !heads.is_empty() && rng.chance(30) {
            vec![rng.below(heads.len())]
        } else {
            Vec::new()
        };
        let table = table(&scene, &mut rng);
        CaseRecord {
            date: Date::any(&mut rng, year),
            themes: themes(&mut rng),
            recognition: rng.chance(40).then(|| {
                format!(
                    "Typical case of rural financial services, {} ({year})",
                    scene.province()
                )
            }),
            tags: tags(&mut rng, 2, 5),
            sources: scene.sources(&mut rng, &slug),
            indicators: scene.indicators(&mut rng),
            body: scene.body(&mut rng, &table),
            programs,
            place: place_index,
            slug,
            title,
            summary,
        }
    }

    /// The record file, content/cases/<slug>.md.
    pub fn casebook(&self, world: &World, heads: &[ProgramHead]) -> String {
        let mut out = String::with_capacity(self.body.len() + 2048);
        let _ = write!(
            out,
            "+++\ntitle = {}\ndate = {}\nregion = \"{}\"\nthemes = {}\nsummary = {}\n",
            quoted(&self.title),
            self.date.toml(),
            world.places[self.place].path,
            string_list(&self.themes),
            quoted(&self.summary)
        );
        if let Some(recognition) = &self.recognition {
            let _ = writeln!(out, "recognition = {}", quoted(recognition));
        }
        if !self.programs.is_empty() {
            let slugs: Vec<&str> = self
                .programs
                .iter()
                .map(|j| heads[*j].slug.as_str())
                .collect();
            let _ = writeln!(out, "programs = {}", string_list(&slugs));
        }
        let _ = writeln!(out, "tags = {}", string_list(&self.tags));
        write_sources(&mut out, &self.sources);
        write_indicators(&mut out, world, &self.indicators);
        out.push_str("+++\n\n");
        out.push_str(&self.body);
        out
    }
}

fn table(scene: &Scene<'_>, rng: &mut Rng) -> String {
    let mut table =
        String::from("| Measure | How it works | Reported effect |\n| --- | --- | --- |\n");
    for i in rng.some(3, 5, TABLE_ROWS.len(), false) {
        let (measure, how, effect) = TABLE_ROWS[i];
        let _ = writeln!(table, "| {measure} | {how} | {} |", scene.fill(effect, rng));
    }
    table
}

/// A program, content/programs/<slug>.md.
pub fn program(world: &World, heads: &[ProgramHead], seed: u64, j: usize) -> String {
    let head = &heads[j];
    // A stream of its own, after the head's draws.
    let mut rng = Rng::for_item(seed ^ 0x5EED, STREAM_PROGRAMS, j as u64);
    let place = &world.places[head.place];
    let (kind, product) = PRODUCTS[head.product];
    let start_year = rng.between(2015, 2025);
    let scene = Scene::new(world, head.place, start_year, &mut rng);
    let product = capitalize(&product.replace("{crop}", scene.crop));
    let start = Date::any(&mut rng, start_year);
    let end = rng
        .chance(70)
        .then(|| rng.between(1, 5))
        .map(|years| Date::exact(&mut rng, start_year + years));
    let status = match end {
        Some(end) if end.year < 2025 => Some("completed"),
        _ if start_year == 2025 && rng.chance(30) => Some("planned"),
        _ if rng.chance(50) => Some("active"),
        _ => None,
    };
    let mut out = String::with_capacity(6000);
    let _ = write!(
        out,
        "+++\ntitle = {}\ninstitution = {}\n",
        quoted(&format!("{product}, {}", scene.bank)),
        quoted(&scene.bank)
    );
    let partners: Vec<String> = rng
        .some(0, 2, PARTNERS.len(), false)
        .into_iter()
        .map(|i| scene.fill(PARTNERS[i], &mut rng))
        .collect();
    if !partners.is_empty() {
        let partners: Vec<&str> = partners.iter().map(String::as_str).collect();
        let _ = writeln!(out, "partners = {}", string_list(&partners));
    }
    let commitment = match rng.below(20) {
        0 => {
            let low = round_sig(rng.between(100_000, 900_000), 2);
            Some(format!("{} to {} yuan", grouped(low), grouped(low * 3 / 2)))
        }
        1..=3 => None,
        _ => {
            let amount = round_sig(rng.between(10_000_000, 50_000_000_000), 3);
            Some(figures::qualified(
                figures::money(amount, scene.style),
                scene.style == MoneyStyle::Chinese,
                &mut rng,
            ))
        }
    };
    let _ = write!(
        out,
        "kind = \"{kind}\"\nregion = \"{}\"\nthemes = {}\nsummary = {}\nstart = {}\n",
        place.path,
        string_list(&themes(&mut rng)),
        quoted(&format!(
            "{} offers a {} to {} in {}.",
            scene.bank,
            product.to_lowercase(),
            scene.group,
            place.name
        )),
        start.toml()
    );
    if let Some(end) = end {
        let _ = writeln!(out, "end = {}", end.toml());
    }
    if let Some(status) = status {
        let _ = writeln!(out, "status = \"{status}\"");
    }
    if let Some(commitment) = commitment {
        let _ = writeln!(out, "commitment = {}", quoted(&commitment));
    }
    let _ = write!(
        out,
        "eligibility = {}\ncontact = {}\napply_url = \"https://apply.example.org/{}\"\ntags = {}\n",
        quoted(&format!("{} in {}", capitalize(scene.group), place.name)),
        quoted(&format!(
            "Any branch of {}; hotline 9{:04}",
            scene.bank,
            rng.below(10_000)
        )),
        head.slug,
        string_list(&tags(&mut rng, 1, 3))
    );
    let last_year = end.map_or(2025, |e| e.year);
    for _ in 0..rng.between(1, 3) {
        let year = rng.between(start_year, last_year);
        let date = Date::exact(&mut rng, year);
        let _ = write!(
            out,
            "\n[[milestones]]\ndate = {}\ntitle = {}\n",
            date.toml(),
            quoted(rng.pick(MILESTONES))
        );
        match rng.below(4) {
            0 => {
                let _ = writeln!(out, "amount = \"{} villages\"", rng.between(2, 300));
            }
            1 => {
                let amount = round_sig(rng.between(1_000_000, 5_000_000_000), 3);
                let _ = writeln!(
                    out,
                    "amount = {}",
                    quoted(&figures::money(amount, scene.style))
                );
            }
            _ => {}
        }
    }
    write_sources(&mut out, &scene.sources(&mut rng, &head.slug));
    write_indicators(&mut out, world, &scene.indicators(&mut rng));
    out.push_str("+++\n\n");
    let table = format!(
        "| Item | Terms |\n| --- | --- |\n| Amount | {} |\n| Term | {} years |\n| Rate | {} points below the loan prime rate |\n| Collateral | {} |\n",
        scene.fill("up to {small} per borrower", &mut rng),
        rng.between(1, 5),
        scene.fill("{rate}", &mut rng),
        rng.pick(&[
            "none for rated households",
            "the guarantee pool",
            "forest or land rights"
        ])
    );
    out.push_str(&scene.body(&mut rng, &table));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::quantity::{self, UnitCatalog};

    /// The units that bench-site's indicators.toml declares.
    fn catalog() -> UnitCatalog {
        let mut units = UnitCatalog::new();
        for spec in INDICATORS {
            if let ValueKind::Count(plural, ..) = spec.kind {
                let aliases: Vec<String> = spec.aliases.iter().map(|a| a.to_string()).collect();
                units.add_count_unit(plural, &aliases);
            }
        }
        units
    }

    #[test]
    fn every_figure_form_parses_to_the_value_it_was_made_from() {
        let units = catalog();
        let world = World::new(1);
        let mut rng = Rng::new(9);
        let scene = Scene::new(&world, world.districts[0], 2024, &mut rng);
        for spec in INDICATORS {
            let unit = units.unit(spec.unit).expect(spec.unit);
            for _ in 0..200 {
                let value = first_value(spec, &mut rng);
                let q = match scene.figure(spec.kind, value, &mut rng) {
                    Value::Text(text) => quantity::parse(&text, &units)
                        .unwrap_or_else(|e| panic!("{text}: {}", e.message)),
                    Value::Bare(n) => quantity::parse_bare(&n.to_string(), &unit).unwrap(),
                };
                let expected = match spec.kind {
                    ValueKind::Percent => rust_decimal::Decimal::new(value as i64, 2),
                    _ => rust_decimal::Decimal::from(value),
                };
                assert_eq!(q.in_unit(&unit).unwrap(), expected, "{}", q.source);
            }
        }
    }

    #[test]
    fn slots_are_filled_and_bodies_are_long_enough() {
        let world = World::new(2);
        let heads = program_heads(&world, 2, 5);
        let by_province = programs_by_province(&world, &heads);
        for i in 0..20 {
            let case = CaseRecord::new(&world, &heads, &by_province, 2, i);
            let text = case.casebook(&world, &heads);
            assert!(!text.contains('{'), "{text}");
            assert!(case.body.split_whitespace().count() >= BODY_WORDS);
            assert!(case.body.contains("| --- |"));
            assert!(case.body.contains("## 经验做法"));
        }
        for j in 0..5 {
            let text = program(&world, &heads, 2, j);
            assert!(!text.contains('{'), "{text}");
            assert!(text.split_whitespace().count() >= BODY_WORDS);
        }
    }

    #[test]
    fn dates_keep_their_precision() {
        let date = |precision| Date {
            year: 2024,
            month: 3,
            day: 9,
            precision,
        };
        assert_eq!(date(3).toml(), "2024-03-09");
        assert_eq!(date(2).toml(), "\"2024-03\"");
        assert_eq!(date(1).toml(), "2024");
        assert_eq!(date(2).iso(), "2024-03-01");
        assert_eq!(date(1).iso(), "2024-01-01");
    }
}
