//! The fixed part of a synthetic site: the region tree (about 30 provinces with their
//! cities and districts), themes, the indicator catalog, site.toml and one free page.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::rng::Rng;
use super::words::{INDICATORS, PROVINCES, SYLLABLES, THEMES};

/// A region of the tree.
pub struct Place {
    /// The path: `zhejiang/anxi/xinhe`.
    pub path: String,
    /// The last part of the path.
    pub key: String,
    pub name: String,
    pub zh: String,
    pub level: &'static str,
    /// Indexes of the province and the city this place is in (itself included).
    pub province: usize,
    pub city: Option<usize>,
    pub children: Vec<usize>,
}

/// The region tree in file order: each province, then each of its cities followed by
/// that city's districts.
pub struct World {
    pub places: Vec<Place>,
    pub provinces: Vec<usize>,
    pub cities: Vec<usize>,
    pub districts: Vec<usize>,
}

/// A stream number per kind of item, so that changing the number of cases does not
/// change the programs or the regions.
pub const STREAM_REGIONS: u64 = 1;
pub const STREAM_CASES: u64 = 2;
pub const STREAM_PROGRAMS: u64 = 3;

impl World {
    pub fn new(seed: u64) -> World {
        let mut rng = Rng::for_item(seed, STREAM_REGIONS, 0);
        let mut used: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut world = World {
            places: Vec::new(),
            provinces: Vec::new(),
            cities: Vec::new(),
            districts: Vec::new(),
        };
        for &(key, name, zh, level) in PROVINCES {
            let province = world.places.len();
            world.provinces.push(province);
            world.places.push(Place {
                path: key.to_string(),
                key: key.to_string(),
                name: name.to_string(),
                zh: zh.to_string(),
                level,
                province,
                city: None,
                children: Vec::new(),
            });
            for _ in 0..rng.between(3, 5) {
                let (key, stem, zh_stem) = fresh_name(&mut rng, &mut used);
                let city = world.places.len();
                world.places[province].children.push(city);
                world.cities.push(city);
                world.places.push(Place {
                    path: format!("{}/{key}", world.places[province].path),
                    key,
                    name: stem,
                    zh: format!("{zh_stem}市"),
                    level: "city",
                    province,
                    city: Some(city),
                    children: Vec::new(),
                });
                for _ in 0..rng.between(2, 4) {
                    let (key, stem, zh_stem) = fresh_name(&mut rng, &mut used);
                    let (level, word, zh_word) = if rng.chance(40) {
                        ("county", "County", "县")
                    } else {
                        ("district", "District", "区")
                    };
                    let district = world.places.len();
                    world.places[city].children.push(district);
                    world.districts.push(district);
                    world.places.push(Place {
                        path: format!("{}/{key}", world.places[city].path),
                        key,
                        name: format!("{stem} {word}"),
                        zh: format!("{zh_stem}{zh_word}"),
                        level,
                        province,
                        city: Some(city),
                        children: Vec::new(),
                    });
                }
            }
        }
        world
    }

    /// The place and its parents, root first.
    pub fn ancestry(&self, place: usize) -> Vec<usize> {
        let p = &self.places[place];
        let mut chain = vec![p.province];
        if let Some(city) = p.city {
            chain.push(city);
        }
        if chain.last() != Some(&place) {
            chain.push(place);
        }
        chain
    }

    /// The parent of a place, if it has one.
    pub fn parent(&self, place: usize) -> Option<usize> {
        let chain = self.ancestry(place);
        (chain.len() > 1).then(|| chain[chain.len() - 2])
    }

    /// content/regions.toml
    pub fn regions_toml(&self) -> String {
        let mut out =
            String::from("# The region tree of a synthetic site made by `casebook bench-site`.\n");
        for place in &self.places {
            let _ = write!(
                out,
                "\n[{}]\nname = \"{}\"\nlevel = \"{}\"\nalt_names = [\"{}\"]\n",
                place.path.replace('/', "."),
                place.name,
                place.level,
                place.zh
            );
        }
        out
    }
}

/// A name of two syllables not used before: key, English name, Chinese name.
fn fresh_name(rng: &mut Rng, used: &mut BTreeSet<(usize, usize)>) -> (String, String, String) {
    loop {
        let pair = (rng.below(SYLLABLES.len()), rng.below(SYLLABLES.len()));
        if pair.0 == pair.1 || !used.insert(pair) {
            continue;
        }
        let (a, a_zh) = SYLLABLES[pair.0];
        let (b, b_zh) = SYLLABLES[pair.1];
        let key = format!("{a}{b}");
        let name = super::records::capitalize(&key);
        return (key, name, format!("{a_zh}{b_zh}"));
    }
}

/// content/themes.toml
pub fn themes_toml() -> String {
    let mut out = String::new();
    for (key, label, description) in THEMES {
        let _ = writeln!(
            out,
            "[{key}]\nlabel = \"{label}\"\ndescription = \"{description}\"\n"
        );
    }
    out
}

/// content/indicators.toml
pub fn indicators_toml() -> String {
    let mut out = String::new();
    for spec in INDICATORS {
        let _ = write!(
            out,
            "[{}]\nlabel = \"{}\"\nunit = \"{}\"\naggregate = \"{}\"\ndescription = \"{}\"\n",
            spec.key, spec.label, spec.unit, spec.aggregate, spec.description
        );
        if !spec.aliases.is_empty() {
            let aliases: Vec<String> = spec.aliases.iter().map(|a| format!("\"{a}\"")).collect();
            let _ = writeln!(out, "aliases = [{}]", aliases.join(", "));
        }
        out.push('\n');
    }
    out
}

/// site.toml
pub fn site_toml(cases: usize, programs: usize, seed: u64) -> String {
    format!(
        "title = \"Casebook benchmark site\"\n\
         base_url = \"https://bench.example.org/\"\n\
         description = \"{cases} synthetic cases and {programs} programs made by casebook bench-site (seed {seed}).\"\n\
         language = \"en\"\n\
         currency = \"CNY\"\n\
         money_style = \"western\"\n"
    )
}

/// content/pages/about.md
pub const ABOUT: &str = "+++
title = \"About this site\"
weight = 1
+++

Every record on this site is synthetic: `casebook bench-site` wrote it from a fixed
seed, so that anyone can build the same site and compare timings. Places, banks and
figures are made up; any likeness to a real case is chance.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_has_provinces_cities_and_districts() {
        let world = World::new(1);
        assert_eq!(world.provinces.len(), 30);
        assert!((90..=150).contains(&world.cities.len()));
        assert!(world.districts.len() >= 2 * world.cities.len());
        let paths: BTreeSet<&str> = world.places.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths.len(), world.places.len(), "paths are unique");
        let district = world.districts[0];
        let chain = world.ancestry(district);
        assert_eq!(chain.len(), 3);
        assert_eq!(world.parent(district), Some(chain[1]));
        assert_eq!(world.parent(world.provinces[0]), None);
    }

    #[test]
    fn the_tree_depends_on_the_seed_only() {
        assert_eq!(World::new(5).regions_toml(), World::new(5).regions_toml());
        assert_ne!(World::new(5).regions_toml(), World::new(6).regions_toml());
    }
}
