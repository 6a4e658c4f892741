//! Stable sorting that compiles the standard library's sort once.
//!
//! `slice::sort_by` is generic over the element and the comparator, so every call site with
//! its own closure got a whole driftsort of its own (about 3.5 KB of wasm each); a hundred of
//! them were a tenth of the playground's code. These functions run the standard stable sort
//! once, over indices with a `dyn` comparator, then move the elements into that order; each
//! element type pays only for the small permutation. The result is exactly `sort_by`'s: a
//! stable sort has one answer for a given order.

use std::cmp::Ordering;

/// `v.sort_by(compare)`: stable, `compare` a total order.
pub fn by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    by_dyn(v, &mut compare);
}

/// `v.sort_by_key(key)`: stable, by `key` computed for each comparison.
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by_dyn(v, &mut |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`: stable, ascending.
pub fn ascending<T: Ord>(v: &mut [T]) {
    by_dyn(v, &mut T::cmp);
}

/// One instantiation per element type: order the indices, then apply that permutation.
fn by_dyn<T>(v: &mut [T], compare: &mut dyn FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &mut |a, b| compare(&v[a], &v[b]));
    permute(v, &mut order);
}

/// The only instantiation of the standard sort.
fn sort_indices(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Rearranges `v` so that slot `i` holds what was at `order[i]`, following each cycle of the
/// permutation with swaps. `order` is used up (every entry ends as its own index).
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..v.len() {
        let mut slot = start;
        loop {
            let from = order[slot];
            order[slot] = slot;
            if from == start {
                break;
            }
            v.swap(slot, from);
            slot = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_stable_sort() {
        // Pairs sorted by their first half only, so ties show whether the sort is stable.
        let mut seed = 7u32;
        for len in [0, 1, 2, 3, 5, 17, 20, 21, 64, 300] {
            let v: Vec<(u32, u32)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 7, i)
                })
                .collect();
            let mut want = v.clone();
            want.sort_by_key(|p| p.0);
            let mut got = v.clone();
            by_key(&mut got, |p| p.0);
            assert_eq!(got, want, "by_key, {len} elements");
            let mut want = v.clone();
            want.sort_by(|a, b| b.0.cmp(&a.0));
            let mut got = v.clone();
            by(&mut got, |a, b| b.0.cmp(&a.0));
            assert_eq!(got, want, "by, {len} elements");
            let mut want = v.clone();
            want.sort();
            let mut got = v;
            ascending(&mut got);
            assert_eq!(got, want, "ascending, {len} elements");
        }
    }

    #[test]
    fn permute_follows_cycles() {
        let mut v = vec!['a', 'b', 'c', 'd', 'e'];
        let mut order = vec![2, 0, 1, 4, 3];
        permute(&mut v, &mut order);
        assert_eq!(v, ['c', 'a', 'b', 'e', 'd']);
        assert_eq!(order, [0, 1, 2, 3, 4]);
    }
}
