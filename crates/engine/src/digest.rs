//! Content digests (`sha256:<64 hex>`), the names of every blob, layer and image.
//!
//! Hashing is the hot path of layer handling, so [`Sha256`] picks the fastest implementation the
//! build allows: ring when the `fast-sha256` feature is on (native), sha2 otherwise (wasm).

use std::fmt;
use std::io::{self, Read, Write};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A content digest. Only sha256 exists in practice, so only sha256 is accepted.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest([u8; 32]);

/// Why a string is not a digest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DigestError {
    /// The algorithm prefix is missing or not `sha256`.
    #[error("unsupported digest algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// The hex part has the wrong length or characters.
    #[error("invalid checksum digest format: {0}")]
    InvalidFormat(String),
}

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        let mut h = Sha256::new();
        h.update(bytes);
        h.finish()
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Wraps 32 raw bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Digest {
        Digest(bytes)
    }

    /// The 64 lower-case hex characters, without the `sha256:` prefix.
    pub fn hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The first 12 hex characters: Docker's short image and container ID.
    pub fn short(&self) -> String {
        self.hex()[..12].to_string()
    }

    /// Parses 64 hex characters with no algorithm prefix.
    pub fn from_hex(s: &str) -> Result<Digest, DigestError> {
        if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err(DigestError::InvalidFormat(s.to_string()));
        }
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).map_err(|_| DigestError::InvalidFormat(s.to_string()))?;
        Ok(Digest(out))
    }
}

impl FromStr for Digest {
    type Err = DigestError;

    fn from_str(s: &str) -> Result<Digest, DigestError> {
        match s.split_once(':') {
            Some(("sha256", hex)) => Digest::from_hex(hex),
            Some((alg, _)) => Err(DigestError::UnsupportedAlgorithm(alg.to_string())),
            None => Err(DigestError::InvalidFormat(s.to_string())),
        }
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", self.hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", self.hex())
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Digest, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An incremental sha256.
pub struct Sha256(imp::Ctx);

impl Sha256 {
    /// A fresh hasher.
    pub fn new() -> Sha256 {
        Sha256(imp::Ctx::new())
    }

    /// Feeds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes)
    }

    /// The digest of everything fed so far.
    pub fn finish(self) -> Digest {
        Digest(self.0.finish())
    }
}

impl Default for Sha256 {
    fn default() -> Self {
        Sha256::new()
    }
}

#[cfg(feature = "fast-sha256")]
mod imp {
    pub struct Ctx(ring::digest::Context);
    impl Ctx {
        pub fn new() -> Ctx {
            Ctx(ring::digest::Context::new(&ring::digest::SHA256))
        }
        pub fn update(&mut self, b: &[u8]) {
            self.0.update(b)
        }
        pub fn finish(self) -> [u8; 32] {
            let mut out = [0u8; 32];
            out.copy_from_slice(self.0.finish().as_ref());
            out
        }
    }
}

#[cfg(not(feature = "fast-sha256"))]
mod imp {
    use sha2::Digest as _;
    pub struct Ctx(sha2::Sha256);
    impl Ctx {
        pub fn new() -> Ctx {
            Ctx(sha2::Sha256::new())
        }
        pub fn update(&mut self, b: &[u8]) {
            self.0.update(b)
        }
        pub fn finish(self) -> [u8; 32] {
            self.0.finalize().into()
        }
    }
}

/// A reader that hashes and counts everything read through it.
pub struct DigestReader<R> {
    inner: R,
    hasher: Sha256,
    len: u64,
}

impl<R: Read> DigestReader<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        DigestReader { inner, hasher: Sha256::new(), len: 0 }
    }

    /// Reads `inner` to its end (so the digest covers all of it) and returns digest and length.
    pub fn finish(mut self) -> io::Result<(Digest, u64)> {
        io::copy(&mut self, &mut io::sink())?;
        Ok((self.hasher.finish(), self.len))
    }
}

impl<R: Read> Read for DigestReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
}

/// A writer that hashes and counts everything written through it.
pub struct DigestWriter<W> {
    inner: W,
    hasher: Sha256,
    len: u64,
}

impl<W: Write> DigestWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        DigestWriter { inner, hasher: Sha256::new(), len: 0 }
    }

    /// The digest and length of everything written, and the inner writer.
    pub fn finish(self) -> (Digest, u64, W) {
        (self.hasher.finish(), self.len, self.inner)
    }
}

impl<W: Write> Write for DigestWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_has_the_well_known_digest() {
        assert_eq!(
            Digest::of(b"").to_string(),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn parse_round_trips_and_rejects_garbage() {
        let d: Digest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".parse().unwrap();
        assert_eq!(d, Digest::of(b""));
        assert_eq!(d.short(), "e3b0c44298fc");
        assert!(matches!("md5:abcd".parse::<Digest>(), Err(DigestError::UnsupportedAlgorithm(_))));
        assert!("sha256:E3B0".parse::<Digest>().is_err());
        assert!("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".parse::<Digest>().is_err());
    }

    #[test]
    fn streaming_equals_one_shot() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7) as u8).collect();
        let (d, n) = DigestReader::new(&data[..]).finish().unwrap();
        assert_eq!((d, n), (Digest::of(&data), data.len() as u64));
        let mut w = DigestWriter::new(Vec::new());
        w.write_all(&data).unwrap();
        let (d2, n2, out) = w.finish();
        assert_eq!((d2, n2, out), (d, n, data));
    }
}
