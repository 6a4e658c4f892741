//! The byte stream under a layer: compression detection, the two digests, and [`inspect`].
//!
//! ```text
//! input -> [blob hasher] -> (gzip decoder -> [diff hasher]) -> buffer -> tar reader
//! ```
//!
//! Gzip is recognised by its magic (`1f 8b 08`), like Docker's `DecompressStream`; anything
//! else is read as a plain tar, whose blob digest is its diff ID (hashed once). Multi-member
//! gzip streams are read to the end, as Go's `gzip.Reader` does.

use std::io::{self, BufRead, BufReader, Read};

use flate2::bufread::MultiGzDecoder;

use super::{inline_hasher, LayerError, LayerInfo, NewHasher, StreamHasher};
use crate::digest::Digest;

const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// Buffer between the decompressed stream and the tar reader. Large, so that the hasher is
/// fed (and a native threaded hasher is sent) big chunks.
const TAR_BUFFER: usize = 1 << 20;
/// Buffer between the compressed input and the gzip decoder.
const GZIP_BUFFER: usize = 256 << 10;

/// A reader that feeds everything read through it to a [`StreamHasher`].
pub(crate) struct HashingReader<R> {
    inner: R,
    hasher: Box<dyn StreamHasher>,
    len: u64,
}

impl<R: Read> HashingReader<R> {
    fn new(inner: R, hasher: Box<dyn StreamHasher>) -> Self {
        HashingReader { inner, hasher, len: 0 }
    }

    /// The digest and length of what was read, and the inner reader.
    fn finish(self) -> (Digest, u64, R) {
        (self.hasher.finish(), self.len, self.inner)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
}

/// The input with its first bytes (read for the magic) put back in front.
type Input<'a> = io::Chain<io::Cursor<Vec<u8>>, &'a mut dyn Read>;

enum Source<'a> {
    Plain(HashingReader<Input<'a>>),
    Gzip(Box<HashingReader<MultiGzDecoder<BufReader<HashingReader<Input<'a>>>>>>),
}

impl Read for Source<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(r) => r.read(buf),
            Source::Gzip(r) => r.read(buf),
        }
    }
}

/// The uncompressed tar stream of a layer blob, hashed on the way through.
pub(crate) struct LayerStream<'a> {
    inner: BufReader<Source<'a>>,
}

impl<'a> LayerStream<'a> {
    /// Sniffs the compression of `input` and sets up the hashers.
    pub(crate) fn open(input: &'a mut dyn Read, new_hasher: NewHasher) -> Result<Self, LayerError> {
        let mut magic = Vec::with_capacity(GZIP_MAGIC.len());
        (&mut *input).take(GZIP_MAGIC.len() as u64).read_to_end(&mut magic).map_err(LayerError::Read)?;
        let gzip = magic == GZIP_MAGIC;
        let blob = HashingReader::new(io::Cursor::new(magic).chain(input), new_hasher());
        let source = if gzip {
            let decoder = MultiGzDecoder::new(BufReader::with_capacity(GZIP_BUFFER, blob));
            Source::Gzip(Box::new(HashingReader::new(decoder, new_hasher())))
        } else {
            Source::Plain(blob)
        };
        Ok(LayerStream { inner: BufReader::with_capacity(TAR_BUFFER, source) })
    }

    /// Reads the rest of the stream (the tar's end blocks and padding, anything after) so the
    /// digests cover all of it, and returns them with `size`.
    pub(crate) fn finish(mut self, size: u64) -> Result<LayerInfo, LayerError> {
        drain(&mut self.inner)?;
        Ok(match self.inner.into_inner() {
            Source::Plain(blob) => {
                let (digest, len, _) = blob.finish();
                LayerInfo { diff_id: digest, size, compressed: false, blob_digest: digest, blob_size: len }
            }
            Source::Gzip(diff) => {
                let (diff_id, _, decoder) = (*diff).finish();
                let mut compressed = decoder.into_inner();
                // The decoder stops at the end of the last member; hash whatever follows too.
                drain(&mut compressed)?;
                let (blob_digest, blob_size, _) = compressed.into_inner().finish();
                LayerInfo { diff_id, size, compressed: true, blob_digest, blob_size }
            }
        })
    }
}

impl Read for LayerStream<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf)
    }
}

fn drain(r: &mut impl BufRead) -> Result<(), LayerError> {
    loop {
        let n = r.fill_buf().map_err(LayerError::Read)?.len();
        if n == 0 {
            return Ok(());
        }
        r.consume(n);
    }
}

/// Whether a tar header describes a regular file: what [`LayerInfo::size`] adds up.
pub(crate) fn is_regular(header: &tar::Header, path: &[u8]) -> bool {
    match header.entry_type().as_byte() {
        b'0' | b'7' => true,
        // Pre-POSIX tars: type NUL is a file, or a directory when the name ends in '/'.
        b'\0' => !path.ends_with(b"/"),
        _ => false,
    }
}

/// Reads a layer blob (plain or gzip) to its end without applying it: its digests, whether it
/// is compressed, and Docker's layer size. Fails on a corrupt gzip stream or tar header.
pub fn inspect(input: &mut dyn Read) -> Result<LayerInfo, LayerError> {
    inspect_with(input, inline_hasher)
}

/// [`inspect`] with a chosen hasher (see [`super::StreamHasher`]).
pub fn inspect_with(input: &mut dyn Read, new_hasher: NewHasher) -> Result<LayerInfo, LayerError> {
    let mut stream = LayerStream::open(input, new_hasher)?;
    let mut size = 0u64;
    {
        let mut archive = tar::Archive::new(&mut stream);
        for entry in archive.entries().map_err(LayerError::Read)? {
            let entry = entry.map_err(LayerError::Read)?;
            if is_regular(entry.header(), &entry.path_bytes()) {
                size = size.saturating_add(entry.size());
            }
        }
    }
    stream.finish(size)
}
