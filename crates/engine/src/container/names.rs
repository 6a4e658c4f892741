//! Container IDs and the names Docker makes up when `--name` is not given
//! (`adjective_surname`, e.g. `focused_hopper`).
//!
//! The word lists are wharf's own: adjectives a learner can read, and surnames of people who
//! shaped computing, operating systems and science.

use crate::digest::Digest;

const ADJECTIVES: [&str; 48] = [
    "agile", "amazing", "bold", "brave", "bright", "busy", "calm", "clever", "cool", "crisp", "curious", "daring", "eager",
    "elegant", "epic", "fervent", "festive", "focused", "friendly", "gallant", "gentle", "happy", "hopeful", "jolly", "keen",
    "kind", "lively", "loyal", "lucid", "merry", "modest", "nimble", "noble", "patient", "peaceful", "quick", "quiet",
    "relaxed", "serene", "sharp", "steady", "sunny", "swift", "tender", "tidy", "vibrant", "wise", "zealous",
];

const SURNAMES: [&str; 48] = [
    "allen", "babbage", "backus", "bell", "berners", "cerf", "codd", "conway", "curie", "dijkstra", "engelbart", "euler",
    "faraday", "feynman", "gauss", "goldberg", "hamilton", "hopper", "johnson", "kahn", "kay", "kernighan", "knuth",
    "lamport", "liskov", "lovelace", "mccarthy", "meitner", "minsky", "moore", "neumann", "noether", "pike", "ritchie",
    "shannon", "stallman", "sutherland", "tanenbaum", "thompson", "torvalds", "turing", "wing", "wirth", "wozniak",
    "yonath", "zuse", "lamarr", "perlman",
];

/// A full container ID: 64 hex characters from 32 random bytes (Docker reads them from the
/// kernel's random source, and so does wharf, through the caller).
pub fn container_id(random: [u8; 32]) -> String {
    let id = Digest::from_bytes(random).hex();
    // Docker re-rolls IDs that look like numbers (they would be mistaken for a short ID
    // prefix in scientific notation); wharf does the same cheaply by flipping the first
    // character to a letter.
    if id[..12].bytes().all(|b| b.is_ascii_digit()) {
        format!("a{}", &id[1..])
    } else {
        id
    }
}

/// A generated name from two random numbers; `retry` > 0 appends it, as Docker does after a
/// collision (`focused_hopper3`).
pub fn generated_name(a: u32, b: u32, retry: u32) -> String {
    let name = format!("{}_{}", ADJECTIVES[a as usize % ADJECTIVES.len()], SURNAMES[b as usize % SURNAMES.len()]);
    if retry == 0 {
        name
    } else {
        format!("{name}{retry}")
    }
}

/// Checks a `--name`: Docker's `[a-zA-Z0-9][a-zA-Z0-9_.-]+`. Returns Docker's error text.
pub fn validate_name(name: &str) -> Result<(), String> {
    let name = name.strip_prefix('/').unwrap_or(name);
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && name.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!("Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_64_hex_and_never_all_digits_up_front() {
        let id = container_id([0x11; 32]);
        assert_eq!(id.len(), 64);
        assert!(id.starts_with('a'), "{id}");
        assert_eq!(container_id([0xab; 32]), "ab".repeat(32));
    }

    #[test]
    fn names_look_like_dockers() {
        assert_eq!(generated_name(17, 17, 0), "focused_hopper");
        assert_eq!(generated_name(17, 17, 3), "focused_hopper3");
        assert!(validate_name("web1").is_ok());
        assert!(validate_name("/web-1.a_b").is_ok());
        assert_eq!(validate_name("-x").unwrap_err(), "Invalid container name (-x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        assert!(validate_name("a").is_err());
    }
}
