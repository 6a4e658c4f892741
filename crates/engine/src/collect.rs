//! Collecting key/value pairs into ordered maps without a sort per call site.
//!
//! `BTreeMap`'s `FromIterator` gathers the pairs into a `Vec`, sorts it, then bulk-builds the
//! tree; the sort is instantiated for each iterator type, so every `.collect()` into a map
//! got a whole driftsort of its own (about 4 KB of wasm each, forty of them in the
//! playground). Inserting one by one reuses `insert`, which each map type has anyway. The
//! maps here are small, so the bulk build's speed never showed. The result is the same map:
//! for a repeated key the last value wins, as with `collect()`.

use std::collections::BTreeMap;

/// `.collect_map()` and `.collect_object()` on iterators of pairs.
pub trait CollectMap<K, V>: Iterator<Item = (K, V)> + Sized {
    /// What `.collect::<BTreeMap<K, V>>()` builds.
    fn collect_map(self) -> BTreeMap<K, V>
    where
        K: Ord,
    {
        let mut map = BTreeMap::new();
        for (k, v) in self {
            map.insert(k, v);
        }
        map
    }

    /// What `.collect::<serde_json::Map<String, Value>>()` builds.
    fn collect_object(self) -> serde_json::Map<String, serde_json::Value>
    where
        K: Into<String>,
        V: Into<serde_json::Value>,
    {
        let mut map = serde_json::Map::new();
        for (k, v) in self {
            map.insert(k.into(), v.into());
        }
        map
    }
}

impl<K, V, I: Iterator<Item = (K, V)>> CollectMap<K, V> for I {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn builds_what_collect_builds() {
        let pairs = [("b", 2), ("a", 1), ("c", 3), ("a", 4), ("b", 5)];
        let want: BTreeMap<&str, i32> = pairs.into_iter().collect();
        assert_eq!(pairs.into_iter().collect_map(), want);
        assert_eq!(want[&"a"], 4, "the last value of a repeated key wins");
    }

    #[test]
    fn builds_what_collect_builds_for_json_objects() {
        let pairs = || [("z", json!(1)), ("y", json!("s")), ("z", json!(null))].map(|(k, v)| (k.to_string(), v));
        let want: serde_json::Map<String, Value> = pairs().into_iter().collect();
        let got = pairs().into_iter().collect_object();
        assert_eq!(got, want);
        assert_eq!(Value::Object(got).to_string(), r#"{"y":"s","z":null}"#);
    }
}
