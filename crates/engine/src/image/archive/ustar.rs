//! A tar writer that emits the headers Go's `archive/tar` writes for Docker's
//! `pkg/archive.Tar`, byte for byte: USTAR, `root`/`root` owners, mode fields with the file type
//! bits Docker adds back (`0100644`, `040755`, `0120777`), octal fields zero-padded and
//! NUL-terminated, the checksum as six digits, NUL, space; no record padding after the two
//! zero blocks.

use std::io::{self, Read, Write};

use crate::digest::Sha256;

/// Docker's mode of a regular file in `docker save` output: `S_IFREG | 0644`.
pub const MODE_FILE: u32 = 0o100_644;
/// Docker's mode of a directory: `S_IFDIR | 0755`.
pub const MODE_DIR: u32 = 0o040_755;
/// Docker's mode of a symbolic link: `S_IFLNK | 0777`.
pub const MODE_SYMLINK: u32 = 0o120_777;

const BLOCK: usize = 512;

/// Why an entry cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum TarError {
    /// The name or link target does not fit a USTAR header (100 bytes; Docker's never exceed).
    #[error("tar entry name too long: {0:?}")]
    NameTooLong(String),
    /// The data source gave a different number of bytes than announced.
    #[error("tar entry {name:?}: expected {expected} bytes of data, got {actual}")]
    SizeMismatch {
        /// The entry.
        name: String,
        /// Announced.
        expected: u64,
        /// Read.
        actual: u64,
    },
    /// Writing or reading failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

fn put_str(field: &mut [u8], s: &str) {
    field[..s.len()].copy_from_slice(s.as_bytes());
}

/// Go's `formatOctal`: zero-padded, leaving the last byte NUL.
fn put_octal(field: &mut [u8], value: u64) {
    let s = format!("{value:o}");
    let width = field.len() - 1;
    let padded = format!("{s:0>width$}");
    put_str(field, &padded[padded.len().saturating_sub(width)..]);
}

/// One USTAR header block as Go writes it.
fn header(name: &str, mode: u32, size: u64, mtime: i64, typeflag: u8, linkname: &str) -> Result<[u8; BLOCK], TarError> {
    if name.len() > 100 {
        return Err(TarError::NameTooLong(name.to_string()));
    }
    if linkname.len() > 100 {
        return Err(TarError::NameTooLong(linkname.to_string()));
    }
    let mut b = [0u8; BLOCK];
    put_str(&mut b[0..100], name);
    put_octal(&mut b[100..108], mode as u64);
    put_octal(&mut b[108..116], 0); // uid
    put_octal(&mut b[116..124], 0); // gid
    put_octal(&mut b[124..136], size);
    put_octal(&mut b[136..148], mtime.max(0) as u64);
    b[156] = typeflag;
    put_str(&mut b[157..257], linkname);
    put_str(&mut b[257..265], "ustar\u{0}00");
    put_str(&mut b[265..297], "root");
    put_str(&mut b[297..329], "root");
    put_octal(&mut b[329..337], 0); // devmajor
    put_octal(&mut b[337..345], 0); // devminor
    // The checksum is computed with its own field as spaces.
    b[148..156].fill(b' ');
    let sum: u64 = b.iter().map(|&x| x as u64).sum();
    put_octal(&mut b[148..155], sum);
    b[154] = 0;
    b[155] = b' ';
    Ok(b)
}

/// Writes a tar stream entry by entry.
pub struct TarWriter<W: Write> {
    out: W,
}

impl<W: Write> TarWriter<W> {
    /// A writer onto `out`.
    pub fn new(out: W) -> TarWriter<W> {
        TarWriter { out }
    }

    /// A directory entry (`name` gets a trailing `/`).
    pub fn dir(&mut self, name: &str, mtime: i64) -> Result<(), TarError> {
        let h = header(&format!("{name}/"), MODE_DIR, 0, mtime, b'5', "")?;
        self.out.write_all(&h)?;
        Ok(())
    }

    /// A symbolic link to `target`.
    pub fn symlink(&mut self, name: &str, target: &str, mtime: i64) -> Result<(), TarError> {
        let h = header(name, MODE_SYMLINK, 0, mtime, b'2', target)?;
        self.out.write_all(&h)?;
        Ok(())
    }

    /// A regular file of exactly `size` bytes read from `data`, which must then be at its end
    /// (so a verifying reader gets to check its digest). Returns the sha256 of the data.
    pub fn file(&mut self, name: &str, mtime: i64, size: u64, data: &mut dyn Read) -> Result<crate::digest::Digest, TarError> {
        let h = header(name, MODE_FILE, size, mtime, b'0', "")?;
        self.out.write_all(&h)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 << 10];
        let mut written = 0u64;
        loop {
            let n = data.read(&mut buf)?;
            if n == 0 {
                break;
            }
            if written + n as u64 > size {
                return Err(TarError::SizeMismatch { name: name.to_string(), expected: size, actual: written + n as u64 });
            }
            hasher.update(&buf[..n]);
            self.out.write_all(&buf[..n])?;
            written += n as u64;
        }
        if written != size {
            return Err(TarError::SizeMismatch { name: name.to_string(), expected: size, actual: written });
        }
        let pad = (BLOCK - (size % BLOCK as u64) as usize) % BLOCK;
        self.out.write_all(&[0u8; BLOCK][..pad])?;
        Ok(hasher.finish())
    }

    /// Writes the two zero blocks that end an archive and returns the output.
    pub fn finish(mut self) -> Result<W, TarError> {
        self.out.write_all(&[0u8; 2 * BLOCK])?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_gos() {
        let h = header("manifest.json", MODE_FILE, 203, 0, b'0', "").unwrap();
        assert_eq!(&h[100..108], b"0100644\0");
        assert_eq!(&h[124..136], b"00000000313\0");
        assert_eq!(&h[136..148], b"00000000000\0");
        assert_eq!(&h[257..265], b"ustar\x0000");
        assert_eq!(&h[329..345], b"0000000\x000000000\x00");
        assert_eq!(h[154..156], [0, b' ']);
        let d = header("abc/", MODE_DIR, 0, 1_795_000_000, b'5', "").unwrap();
        assert_eq!(&d[100..108], b"0040755\0");
    }

    #[test]
    fn the_tar_crate_reads_what_we_write() {
        let mut w = TarWriter::new(Vec::new());
        w.dir("d", 5).unwrap();
        w.file("d/f", 5, 3, &mut &b"abc"[..]).unwrap();
        w.symlink("d/l", "f", 5).unwrap();
        assert!(matches!(w.file("x", 0, 4, &mut &b"abc"[..]), Err(TarError::SizeMismatch { .. })));
        let mut w = TarWriter::new(Vec::new());
        w.dir("d", 5).unwrap();
        w.file("d/f", 5, 3, &mut &b"abc"[..]).unwrap();
        w.symlink("d/l", "f", 5).unwrap();
        let bytes = w.finish().unwrap();
        assert_eq!(bytes.len(), 512 * 6);
        let mut ar = tar::Archive::new(&bytes[..]);
        let names: Vec<(String, u32, String)> = ar
            .entries()
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let h = e.header();
                (e.path().unwrap().display().to_string(), h.mode().unwrap(), h.username().unwrap().unwrap().to_string())
            })
            .collect();
        assert_eq!(names[0], ("d/".to_string(), 0o40755, "root".to_string()));
        assert_eq!(names[1].1, 0o100644);
        assert_eq!(names[2].1, 0o120777);
    }
}
