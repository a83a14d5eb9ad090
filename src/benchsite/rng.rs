//! A tiny seeded random number generator (SplitMix64): the same numbers on every
//! machine, every run and every thread count, with no dependency.

/// SplitMix64 (Steele, Lea and Flood; the seeding generator of xoshiro).
#[derive(Debug, Clone)]
pub struct Rng(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The stream of one item (record `index` of kind `stream`), independent of every
    /// other item's: items can be made in any order, in parallel, with the same result.
    pub fn for_item(seed: u64, stream: u64, index: u64) -> Rng {
        let mut mix = Rng::new(seed ^ stream.wrapping_mul(GOLDEN));
        let first = mix.next_u64();
        let mut mix = Rng(first ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng(mix.next_u64())
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`). The modulo bias is below 2^-40 for the sizes used
    /// here, and does not matter for synthetic text.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index in `0..n`, the first ones far more often than the last (popular
    /// tags, busy regions): the square of a uniform number.
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = self.below(1 << 20) as u64;
        ((u * u * n as u64) >> 40) as usize
    }

    /// Between `low` and `high` distinct indexes in `0..n`.
    pub fn some(&mut self, low: u64, high: u64, n: usize, skewed: bool) -> Vec<usize> {
        let k = self.between(low, high) as usize;
        self.distinct(k, n, skewed)
    }

    /// `k` distinct indexes in `0..n`, in the order drawn (`k <= n`).
    pub fn distinct(&mut self, k: usize, n: usize, skewed: bool) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(k);
        while out.len() < k.min(n) {
            let i = if skewed {
                self.skewed(n)
            } else {
                self.below(n)
            };
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_splitmix64() {
        // The reference C implementation, seeded with 1234567.
        let mut rng = Rng::new(1_234_567);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
    }

    #[test]
    fn item_streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::for_item(7, 1, 42).next_u64()).collect();
        assert!(a.iter().all(|x| *x == a[0]));
        assert_ne!(
            Rng::for_item(7, 1, 42).next_u64(),
            Rng::for_item(7, 1, 43).next_u64()
        );
        assert_ne!(
            Rng::for_item(7, 1, 42).next_u64(),
            Rng::for_item(7, 2, 42).next_u64()
        );
        assert_ne!(
            Rng::for_item(7, 1, 42).next_u64(),
            Rng::for_item(8, 1, 42).next_u64()
        );
    }

    #[test]
    fn ranges_hold() {
        let mut rng = Rng::new(3);
        for _ in 0..10_000 {
            assert!((5..=9).contains(&rng.between(5, 9)));
            assert!(rng.skewed(30) < 30);
        }
        let picked = rng.distinct(6, 6, true);
        let mut sorted = picked.clone();
        sorted.sort();
        assert_eq!(sorted, [0, 1, 2, 3, 4, 5]);
    }
}
