//! Image references (`ubuntu`, `localhost:5000/a/b:t@sha256:...`): parsing and normalisation.
//!
//! The grammar is `distribution/reference` as vendored by Docker 20.10 (docker/distribution
//! v2.8), whose outputs are the ones captured in `shared/reference/`:
//!
//! ```text
//! reference      := name [ ":" tag ] [ "@" digest ]
//! name           := [domain "/"] path-component ("/" path-component)*
//! domain         := domain-component ("." domain-component)* [":" port-number]
//! domain-component := /[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]/
//! path-component := /[a-z0-9]+/ (separator /[a-z0-9]+/)*     separator := "." | "_" | "__" | "-"+
//! tag            := /[\w][\w.-]{0,127}/
//! digest         := algorithm ":" /[0-9a-fA-F]{32,}/
//! ```
//!
//! On top of it, Docker's *normalisation* (`ParseNormalizedNamed`): the first component is a
//! registry only if it contains `.` or `:` or is `localhost`; otherwise the reference is on
//! Docker Hub (`docker.io`), where a single-component name lives under `library/`.
//! `index.docker.io` is spelled `docker.io`.
//!
//! Two later rules of `distribution/reference` (v0.5+, Docker 24+) are deliberately *not*
//! applied, because Docker 20.10 does not have them: an upper-case first component does not make
//! it a registry (`Foo/bar` is "must be lowercase", not registry `Foo`), and the 255-character
//! limit counts the domain too.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::digest::Digest;

/// Docker Hub's domain, as references spell it.
pub const DEFAULT_DOMAIN: &str = "docker.io";
/// The old spelling of Docker Hub's domain, normalised to [`DEFAULT_DOMAIN`].
pub const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
/// The Docker Hub namespace of official images (`ubuntu` is `library/ubuntu`).
pub const OFFICIAL_REPO_NAME: &str = "library";
/// The tag a reference gets when it names neither tag nor digest.
pub const DEFAULT_TAG: &str = "latest";
/// The longest a repository name (domain included) may be.
pub const NAME_TOTAL_LENGTH_MAX: usize = 255;

/// Why a string is not an image reference. The messages are Docker's, word for word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceError {
    /// The string does not fit the grammar.
    #[error("invalid reference format")]
    InvalidFormat,
    /// The repository part has upper-case letters (normalised parse).
    #[error("invalid reference format: repository name must be lowercase")]
    NotLowercase,
    /// The string would fit the grammar if it were lower case (strict parse).
    #[error("repository name must be lowercase")]
    ContainsUppercase,
    /// The name is empty.
    #[error("repository name must have at least one component")]
    NameEmpty,
    /// The name (domain included) is longer than 255 characters.
    #[error("repository name must not be more than 255 characters")]
    NameTooLong,
    /// A tag given on its own (`docker tag`, [`Reference::with_tag`]) is malformed.
    #[error("invalid tag format")]
    InvalidTag,
    /// The digest is not `algorithm:hex` with lower-case hex.
    #[error("invalid checksum digest format")]
    DigestFormat,
    /// The digest's hex part has the wrong length for its algorithm.
    #[error("invalid checksum digest length")]
    DigestLength,
    /// The digest's algorithm is not sha256 (the only one wharf stores).
    #[error("unsupported digest algorithm")]
    DigestUnsupported,
    /// A bare 64-hex string, which names an image ID and can never be a repository.
    #[error("invalid repository name ({0}), cannot specify 64-byte hexadecimal strings")]
    HexIdentifier(String),
}

/// A normalised image reference: `docker.io/library/ubuntu:latest`.
///
/// The domain is empty only for the odd names whose first component looks like a registry but
/// is not a valid domain (`foo_bar.com/x`); Docker keeps those as a plain path, and so do we.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference {
    domain: String,
    path: String,
    tag: Option<String>,
    digest: Option<Digest>,
}

impl Reference {
    /// Parses what a user typed, normalising it like Docker's `ParseNormalizedNamed`:
    /// `ubuntu` becomes `docker.io/library/ubuntu` (no tag is added; see
    /// [`Reference::with_default_tag`]).
    pub fn parse(s: &str) -> Result<Reference, ReferenceError> {
        if is_full_id(s) {
            return Err(ReferenceError::HexIdentifier(s.to_string()));
        }
        let (domain, remainder) = split_docker_domain(s);
        let remote_name = match remainder.find(':') {
            Some(i) => &remainder[..i],
            None => &remainder[..],
        };
        if remote_name.to_lowercase() != remote_name {
            return Err(ReferenceError::NotLowercase);
        }
        parse_canonical(&format!("{domain}/{remainder}"))
    }

    /// The registry: `docker.io`, `localhost:5000`, `registry.example.com`.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The repository path inside the registry: `library/ubuntu`, `user/app`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The tag, if the reference names one.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The digest, if the reference pins one.
    pub fn digest(&self) -> Option<&Digest> {
        self.digest.as_ref()
    }

    /// The full repository name: `docker.io/library/ubuntu`.
    pub fn name(&self) -> String {
        if self.domain.is_empty() {
            self.path.clone()
        } else {
            format!("{}/{}", self.domain, self.path)
        }
    }

    /// The name as `docker images` shows it: `ubuntu`, `user/app`, `localhost:5000/a/b`.
    pub fn familiar_name(&self) -> String {
        if self.domain != DEFAULT_DOMAIN {
            return self.name();
        }
        match self.path.split_once('/') {
            Some((OFFICIAL_REPO_NAME, rest)) if !rest.contains('/') => rest.to_string(),
            _ => self.path.clone(),
        }
    }

    /// The familiar name with tag and digest: `ubuntu:latest`, as in `RepoTags`.
    pub fn familiar_string(&self) -> String {
        self.with_suffixes(self.familiar_name())
    }

    /// Adds the tag `latest` when there is neither tag nor digest (Docker's `TagNameOnly`).
    pub fn with_default_tag(mut self) -> Reference {
        if self.tag.is_none() && self.digest.is_none() {
            self.tag = Some(DEFAULT_TAG.to_string());
        }
        self
    }

    /// The same repository with `tag` (any digest is kept), checking the tag's syntax.
    pub fn with_tag(&self, tag: &str) -> Result<Reference, ReferenceError> {
        if !valid_tag(tag) {
            return Err(ReferenceError::InvalidTag);
        }
        Ok(Reference { tag: Some(tag.to_string()), ..self.clone() })
    }

    /// The bare repository, without tag or digest.
    pub fn repository(&self) -> Reference {
        Reference { domain: self.domain.clone(), path: self.path.clone(), tag: None, digest: None }
    }

    fn with_suffixes(&self, mut out: String) -> String {
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(&digest.to_string());
        }
        out
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.with_suffixes(self.name()))
    }
}

impl FromStr for Reference {
    type Err = ReferenceError;

    fn from_str(s: &str) -> Result<Reference, ReferenceError> {
        Reference::parse(s)
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Reference, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether `s` is a full image or container ID: exactly 64 lower-case hex characters.
pub fn is_full_id(s: &str) -> bool {
    s.len() == 64 && is_lower_hex(s)
}

/// The hex part of `s` if it could name an image or container by (short) ID: 1 to 64 lower-case
/// hex characters, optionally after `sha256:` (`docker rmi 55d0`, `docker rmi sha256:55d0`).
///
/// Docker tries a name first and an ID prefix second, so `deadbeef` is both a valid repository
/// name and an ID prefix; the caller decides the order.
pub fn id_prefix(s: &str) -> Option<&str> {
    let hex = s.strip_prefix("sha256:").unwrap_or(s);
    (!hex.is_empty() && hex.len() <= 64 && is_lower_hex(hex)).then_some(hex)
}

/// Whether `s` looks like a (short or full) image or container ID; see [`id_prefix`].
pub fn looks_like_id(s: &str) -> bool {
    id_prefix(s).is_some()
}

fn is_lower_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Docker's `splitDockerDomain`: picks the registry out of a familiar name.
fn split_docker_domain(name: &str) -> (String, String) {
    let (mut domain, remainder) = match name.split_once('/') {
        Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
            (first.to_string(), rest.to_string())
        }
        _ => (DEFAULT_DOMAIN.to_string(), name.to_string()),
    };
    if domain == LEGACY_DEFAULT_DOMAIN {
        domain = DEFAULT_DOMAIN.to_string();
    }
    if domain == DEFAULT_DOMAIN && !remainder.contains('/') {
        return (domain, format!("{OFFICIAL_REPO_NAME}/{remainder}"));
    }
    (domain, remainder)
}

/// The pieces of a string that matches the reference grammar.
struct Match<'a> {
    name: &'a str,
    domain: &'a str,
    path: &'a str,
    tag: Option<&'a str>,
    digest: Option<&'a str>,
}

/// Docker's `reference.Parse`: the grammar alone, no normalisation.
fn parse_canonical(s: &str) -> Result<Reference, ReferenceError> {
    let Some(m) = match_reference(s) else {
        if s.is_empty() {
            return Err(ReferenceError::NameEmpty);
        }
        if match_reference(&s.to_lowercase()).is_some() {
            return Err(ReferenceError::ContainsUppercase);
        }
        return Err(ReferenceError::InvalidFormat);
    };
    if m.name.len() > NAME_TOTAL_LENGTH_MAX {
        return Err(ReferenceError::NameTooLong);
    }
    let digest = m.digest.map(parse_digest).transpose()?;
    Ok(Reference {
        domain: m.domain.to_string(),
        path: m.path.to_string(),
        tag: m.tag.map(str::to_string),
        digest,
    })
}

/// Matches the anchored `ReferenceRegexp`. The grammar is unambiguous once split on the first
/// `@` (no other part may hold one) and the last `:` not followed by a `/` (a tag holds neither,
/// and a port's colon is always followed by the `/` that ends the domain).
fn match_reference(s: &str) -> Option<Match<'_>> {
    let (rest, digest) = match s.split_once('@') {
        Some((rest, digest)) => (rest, Some(digest)),
        None => (s, None),
    };
    if let Some(d) = digest {
        if !digest_syntax(d) {
            return None;
        }
    }
    let (name, tag) = match rest.rfind(':') {
        Some(i) if !rest[i + 1..].contains('/') => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    if let Some(t) = tag {
        if !valid_tag(t) {
            return None;
        }
    }
    let (domain, path) = match_name(name)?;
    Some(Match { name, domain, path, tag, digest })
}

/// Splits a name into domain and path; the domain is tried first, as the regexp prefers it.
fn match_name(name: &str) -> Option<(&str, &str)> {
    if let Some((first, rest)) = name.split_once('/') {
        if valid_domain(first) && valid_path(rest) {
            return Some((first, rest));
        }
    }
    valid_path(name).then_some(("", name))
}

fn valid_path(path: &str) -> bool {
    path.split('/').all(valid_path_component)
}

/// `[a-z0-9]+ ((?:[._]|__|[-]*) [a-z0-9]+)*`
fn valid_path_component(c: &str) -> bool {
    let b = c.as_bytes();
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = matches!(sep, "." | "_" | "__") || sep.bytes().all(|x| x == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `component ("." component)* (":" [0-9]+)?`
fn valid_domain(d: &str) -> bool {
    let (host, port) = match d.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (d, None),
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    host.split('.').all(|c| {
        let b = c.as_bytes();
        !b.is_empty()
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|&x| x.is_ascii_alphanumeric() || x == b'-')
    })
}

/// `[\w][\w.-]{0,127}`
fn valid_tag(t: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let b = t.as_bytes();
    !b.is_empty() && b.len() <= 128 && word(b[0]) && b.iter().all(|&x| word(x) || x == b'.' || x == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[[:xdigit:]]{32,}`
fn digest_syntax(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else { return false };
    let alg_ok = alg.split(['-', '_', '+', '.']).all(|part| {
        let b = part.as_bytes();
        !b.is_empty() && b[0].is_ascii_alphabetic() && b.iter().all(u8::is_ascii_alphanumeric)
    });
    alg_ok && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// go-digest's `Parse` + `Validate`, for a string that already matched [`digest_syntax`].
fn parse_digest(d: &str) -> Result<Digest, ReferenceError> {
    let Some((alg, hex)) = d.split_once(':') else { return Err(ReferenceError::DigestFormat) };
    let size = match alg {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => {
            // go-digest: an unknown algorithm is "unsupported" only if it is well formed.
            let well_formed = alg.split(['.', '+', '_', '-']).all(|p| {
                !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
            return Err(if well_formed { ReferenceError::DigestUnsupported } else { ReferenceError::DigestFormat });
        }
    };
    if hex.len() != size {
        return Err(ReferenceError::DigestLength);
    }
    if !is_lower_hex(hex) {
        return Err(ReferenceError::DigestFormat);
    }
    if alg != "sha256" {
        // A valid sha384/sha512 digest in Docker; wharf only stores sha256 content.
        return Err(ReferenceError::DigestUnsupported);
    }
    Digest::from_hex(hex).map_err(|_| ReferenceError::DigestFormat)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// input | full string | familiar string | domain | path
    #[test]
    fn valid_references_normalise_like_docker() {
        let dg = format!("sha256:{HEX}");
        let cases: Vec<(String, String, String, &str, &str)> = vec![
            ("ubuntu".into(), "docker.io/library/ubuntu".into(), "ubuntu".into(), "docker.io", "library/ubuntu"),
            ("ubuntu:22.04".into(), "docker.io/library/ubuntu:22.04".into(), "ubuntu:22.04".into(), "docker.io", "library/ubuntu"),
            ("user/app".into(), "docker.io/user/app".into(), "user/app".into(), "docker.io", "user/app"),
            ("user/app:v1".into(), "docker.io/user/app:v1".into(), "user/app:v1".into(), "docker.io", "user/app"),
            ("library/ubuntu".into(), "docker.io/library/ubuntu".into(), "ubuntu".into(), "docker.io", "library/ubuntu"),
            ("docker.io/ubuntu".into(), "docker.io/library/ubuntu".into(), "ubuntu".into(), "docker.io", "library/ubuntu"),
            ("docker.io/library/ubuntu".into(), "docker.io/library/ubuntu".into(), "ubuntu".into(), "docker.io", "library/ubuntu"),
            ("index.docker.io/ubuntu".into(), "docker.io/library/ubuntu".into(), "ubuntu".into(), "docker.io", "library/ubuntu"),
            ("index.docker.io/user/app".into(), "docker.io/user/app".into(), "user/app".into(), "docker.io", "user/app"),
            ("library/a/b".into(), "docker.io/library/a/b".into(), "library/a/b".into(), "docker.io", "library/a/b"),
            ("a/b/c".into(), "docker.io/a/b/c".into(), "a/b/c".into(), "docker.io", "a/b/c"),
            ("localhost/app".into(), "localhost/app".into(), "localhost/app".into(), "localhost", "app"),
            ("localhost:5000/a/b:t".into(), "localhost:5000/a/b:t".into(), "localhost:5000/a/b:t".into(), "localhost:5000", "a/b"),
            ("localhost:5000/busybox:1.35".into(), "localhost:5000/busybox:1.35".into(), "localhost:5000/busybox:1.35".into(), "localhost:5000", "busybox"),
            ("registry.example.com/x".into(), "registry.example.com/x".into(), "registry.example.com/x".into(), "registry.example.com", "x"),
            ("Registry.Example.com/x".into(), "Registry.Example.com/x".into(), "Registry.Example.com/x".into(), "Registry.Example.com", "x"),
            ("my-reg.io:443/team/app:1.0-rc_1".into(), "my-reg.io:443/team/app:1.0-rc_1".into(), "my-reg.io:443/team/app:1.0-rc_1".into(), "my-reg.io:443", "team/app"),
            // A name without a slash is never a registry: `localhost:5000` is image localhost, tag 5000.
            ("localhost:5000".into(), "docker.io/library/localhost:5000".into(), "localhost:5000".into(), "docker.io", "library/localhost"),
            ("ubuntu:5000".into(), "docker.io/library/ubuntu:5000".into(), "ubuntu:5000".into(), "docker.io", "library/ubuntu"),
            ("a.b".into(), "docker.io/library/a.b".into(), "a.b".into(), "docker.io", "library/a.b"),
            ("a__b/c---d/e.f_g".into(), "docker.io/a__b/c---d/e.f_g".into(), "a__b/c---d/e.f_g".into(), "docker.io", "a__b/c---d/e.f_g"),
            ("ubuntu:Latest_1".into(), "docker.io/library/ubuntu:Latest_1".into(), "ubuntu:Latest_1".into(), "docker.io", "library/ubuntu"),
            (format!("ubuntu@{dg}"), format!("docker.io/library/ubuntu@{dg}"), format!("ubuntu@{dg}"), "docker.io", "library/ubuntu"),
            (format!("localhost:5000/a/b:t@{dg}"), format!("localhost:5000/a/b:t@{dg}"), format!("localhost:5000/a/b:t@{dg}"), "localhost:5000", "a/b"),
            // The first component is not a valid domain, so Docker keeps it in the path, domain empty.
            ("foo_bar.com/x".into(), "foo_bar.com/x".into(), "foo_bar.com/x".into(), "", "foo_bar.com/x"),
        ];
        for (input, full, familiar, domain, path) in cases {
            let r = Reference::parse(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(r.to_string(), full, "{input}");
            assert_eq!(r.familiar_string(), familiar, "{input}");
            assert_eq!((r.domain(), r.path()), (domain, path), "{input}");
            assert_eq!(Reference::parse(&full).unwrap(), r, "{input}: full form round-trips");
        }
    }

    #[test]
    fn invalid_references_give_dockers_errors() {
        use ReferenceError::*;
        let long = "a".repeat(238); // docker.io/library/ + 238 = 256
        let cases: Vec<(String, ReferenceError)> = vec![
            ("".into(), InvalidFormat),
            ("Ubuntu".into(), NotLowercase),
            ("ubuntU:latest".into(), NotLowercase),
            ("user/App".into(), NotLowercase),
            ("Foo/bar".into(), NotLowercase), // 20.10: upper case does not make a registry
            ("localhost:5000/Foo".into(), NotLowercase),
            ("ubuntu:".into(), InvalidFormat),
            (":latest".into(), InvalidFormat),
            ("ubuntu:-x".into(), InvalidFormat),
            ("ubuntu:.x".into(), InvalidFormat),
            (format!("ubuntu:{}", "t".repeat(129)), InvalidFormat),
            ("ubuntu:a:b".into(), InvalidFormat),
            ("ubuntu:a/b".into(), InvalidFormat),
            ("-ubuntu".into(), InvalidFormat),
            ("ubuntu-".into(), InvalidFormat),
            ("ub..untu".into(), InvalidFormat),
            ("ub___untu".into(), InvalidFormat),
            ("a//b".into(), InvalidFormat),
            ("a/b/".into(), InvalidFormat),
            ("/ubuntu".into(), InvalidFormat),
            ("ubu ntu".into(), InvalidFormat),
            ("localhost:/app".into(), InvalidFormat),
            ("-reg.io/app".into(), InvalidFormat),
            ("ubuntu@".into(), InvalidFormat),
            ("ubuntu@sha256:abc".into(), InvalidFormat), // under 32 hex: grammar fails
            ("ubuntu@sha256".into(), InvalidFormat),
            (format!("ubuntu@sha256:{}", &HEX[..63]), DigestLength),
            (format!("ubuntu@sha256:{HEX}0"), DigestLength),
            (format!("ubuntu@sha256:{}", HEX.to_uppercase()), DigestFormat),
            (format!("ubuntu@md5:{}", &HEX[..32]), DigestUnsupported),
            // Docker checks case up to the first ':', which here includes "@Sha256".
            (format!("ubuntu@Sha256:{HEX}"), NotLowercase),
            (format!("ubuntu:v1@Sha256:{HEX}"), DigestFormat),
            (format!("ubuntu@sha512:{HEX}{HEX}"), DigestUnsupported),
            (format!("ubuntu@sha256:{HEX}@sha256:{HEX}"), InvalidFormat),
            (HEX.into(), HexIdentifier(HEX.into())),
            (long.clone(), NameTooLong),
        ];
        for (input, want) in cases {
            assert_eq!(Reference::parse(&input), Err(want), "{input:?}");
        }
        assert!(Reference::parse(&long[1..]).is_ok(), "255 characters with the domain is fine");
    }

    #[test]
    fn error_messages_are_dockers() {
        assert_eq!(ReferenceError::InvalidFormat.to_string(), "invalid reference format");
        assert_eq!(
            Reference::parse("Ubuntu").unwrap_err().to_string(),
            "invalid reference format: repository name must be lowercase"
        );
        assert_eq!(
            Reference::parse(HEX).unwrap_err().to_string(),
            format!("invalid repository name ({HEX}), cannot specify 64-byte hexadecimal strings")
        );
        assert_eq!(
            Reference::parse(&"a".repeat(300)).unwrap_err().to_string(),
            "repository name must not be more than 255 characters"
        );
    }

    #[test]
    fn strict_parse_has_its_own_errors() {
        assert_eq!(parse_canonical(""), Err(ReferenceError::NameEmpty));
        assert_eq!(parse_canonical("docker.io/library/Ubuntu"), Err(ReferenceError::ContainsUppercase));
        assert_eq!(parse_canonical("ubuntu").unwrap().name(), "ubuntu");
    }

    #[test]
    fn default_tag_and_accessors() {
        let r = Reference::parse("ubuntu").unwrap();
        assert_eq!((r.tag(), r.digest()), (None, None));
        assert_eq!(r.name(), "docker.io/library/ubuntu");
        assert_eq!(r.familiar_name(), "ubuntu");
        let t = r.clone().with_default_tag();
        assert_eq!(t.to_string(), "docker.io/library/ubuntu:latest");
        assert_eq!(t.familiar_string(), "ubuntu:latest");
        assert_eq!(t.clone().with_default_tag(), t);
        let pinned = Reference::parse(&format!("ubuntu@sha256:{HEX}")).unwrap();
        assert_eq!(pinned.clone().with_default_tag(), pinned, "a digest needs no tag");
        assert_eq!(pinned.digest().map(|d| d.hex()), Some(HEX.to_string()));
        assert_eq!(r.with_tag("v2").unwrap().familiar_string(), "ubuntu:v2");
        assert_eq!(r.with_tag("bad tag"), Err(ReferenceError::InvalidTag));
        assert_eq!(t.repository(), r);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"docker.io/library/ubuntu:latest\"");
        assert_eq!(serde_json::from_str::<Reference>(&json).unwrap(), t);
    }

    #[test]
    fn id_prefixes() {
        for (s, want) in [
            ("55d0", Some("55d0")),
            ("5", Some("5")),
            ("sha256:55d0", Some("55d0")),
            (HEX, Some(HEX)),
            ("", None),
            ("sha256:", None),
            ("55D0", None),
            ("55g0", None),
            ("ubuntu", None),
        ] {
            assert_eq!(id_prefix(s), want, "{s}");
        }
        assert!(!looks_like_id(&format!("{HEX}0")));
        assert!(is_full_id(HEX) && !is_full_id("55d0"));
    }
}
