//! An LZMA decoder for `.lzma` files (the "LZMA alone" format `xz --format=lzma` writes: a
//! 13-byte header, then one range-coded stream). The output is one contiguous buffer the
//! caller owns, which is also the dictionary matches copy from, so no window is kept here.
//! Decoding runs in steps, up to a stop position the caller picks, and on input that may
//! still be arriving: the page unpacks while the file downloads.

use crate::range::{Prob, RangeDecoder, PROB_INIT};
use crate::Error;

pub const HEADER_LEN: usize = 13;
/// The literal coder's context bits (lc + lp) are at most 4, as in LZMA2 and every xz preset:
/// that bounds the literal tables to 16 contexts.
const MAX_LITERAL_CONTEXTS: usize = 1 << 4;
const LITERAL_CODER: usize = 0x300;
const STATES: usize = 12;
const POS_STATES: usize = 1 << 4;
/// The distance slots below 14 take their low bits from `special`, the rest from direct bits
/// and the 4-bit `align` tree.
const END_SLOT_WITH_MODEL: u32 = 14;
/// The distance an end-of-stream marker encodes.
const END_MARKER: u32 = u32::MAX;
const MIN_MATCH: u32 = 2;
/// The most input one packet can read: at most 22 bits under probabilities (each narrows the
/// range by under 6.1 bits: no probability falls below 31/2048) and 26 direct bits, so under
/// 160 bits; with a byte of slack. While more input may come, a packet starts only with this
/// much in hand, so a packet never stops half-decoded for want of input.
const MAX_PACKET_INPUT: usize = 21;

/// The header: the literal/position context bits, the encoder's dictionary size (unused: the
/// whole output stays in memory) and the uncompressed size when the encoder knew it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub lc: u32,
    pub lp: u32,
    pub pb: u32,
    pub dict_size: u32,
    pub size: Option<u64>,
}

impl Header {
    pub fn parse(input: &[u8]) -> Result<Header, Error> {
        let head = input.get(..HEADER_LEN).ok_or(Error::Header)?;
        let props = u32::from(head[0]);
        if props >= 9 * 5 * 5 {
            return Err(Error::Header);
        }
        let (lc, lp, pb) = (props % 9, props / 9 % 5, props / 45);
        if (1 << (lc + lp)) > MAX_LITERAL_CONTEXTS {
            return Err(Error::Header);
        }
        let dict_size = u32::from_le_bytes([head[1], head[2], head[3], head[4]]);
        let mut size = [0; 8];
        size.copy_from_slice(&head[5..13]);
        let size = u64::from_le_bytes(size);
        Ok(Header { lc, lp, pb, dict_size, size: (size != u64::MAX).then_some(size) })
    }
}

/// Where a call to [`Decoder::run`] left the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Stopped at the caller's stop position; more output follows.
    Running,
    /// The stream is complete: its end marker, or its declared size, was reached.
    Finished,
    /// Waiting for more input (only when the caller said more may come).
    NeedInput,
}

/// A match length coder: 2–9, 10–17 (each per position state), then 18–273.
struct LenCoder {
    choice: Prob,
    choice2: Prob,
    low: [[Prob; 8]; POS_STATES],
    mid: [[Prob; 8]; POS_STATES],
    high: [Prob; 256],
}

impl LenCoder {
    const fn idle() -> Self {
        LenCoder { choice: 0, choice2: 0, low: [[0; 8]; POS_STATES], mid: [[0; 8]; POS_STATES], high: [0; 256] }
    }

    fn reset(&mut self) {
        self.choice = PROB_INIT;
        self.choice2 = PROB_INIT;
        self.low.iter_mut().chain(self.mid.iter_mut()).for_each(|tree| tree.fill(PROB_INIT));
        self.high.fill(PROB_INIT);
    }

    /// The length minus 2.
    fn decode(&mut self, rc: &mut RangeDecoder, input: &[u8], pos_state: usize) -> Result<u32, Error> {
        if rc.bit(input, &mut self.choice)? == 0 {
            return rc.tree(input, &mut self.low[pos_state], 3);
        }
        if rc.bit(input, &mut self.choice2)? == 0 {
            return Ok(8 + rc.tree(input, &mut self.mid[pos_state], 3)?);
        }
        Ok(16 + rc.tree(input, &mut self.high, 8)?)
    }
}

/// Every adaptive probability of the stream.
struct Model {
    literal: [Prob; LITERAL_CODER * MAX_LITERAL_CONTEXTS],
    is_match: [Prob; STATES * POS_STATES],
    is_rep: [Prob; STATES],
    is_rep_g0: [Prob; STATES],
    is_rep_g1: [Prob; STATES],
    is_rep_g2: [Prob; STATES],
    is_rep0_long: [Prob; STATES * POS_STATES],
    /// The distance slot, per match length 2, 3, 4, 5+.
    slot: [[Prob; 64]; 4],
    special: [Prob; 115],
    align: [Prob; 16],
    len: LenCoder,
    rep_len: LenCoder,
}

impl Model {
    const fn idle() -> Self {
        Model {
            literal: [0; LITERAL_CODER * MAX_LITERAL_CONTEXTS],
            is_match: [0; STATES * POS_STATES],
            is_rep: [0; STATES],
            is_rep_g0: [0; STATES],
            is_rep_g1: [0; STATES],
            is_rep_g2: [0; STATES],
            is_rep0_long: [0; STATES * POS_STATES],
            slot: [[0; 64]; 4],
            special: [0; 115],
            align: [0; 16],
            len: LenCoder::idle(),
            rep_len: LenCoder::idle(),
        }
    }

    fn reset(&mut self) {
        for probs in [
            &mut self.literal[..],
            &mut self.is_match,
            &mut self.is_rep,
            &mut self.is_rep_g0,
            &mut self.is_rep_g1,
            &mut self.is_rep_g2,
            &mut self.is_rep0_long,
            &mut self.special,
            &mut self.align,
        ] {
            probs.fill(PROB_INIT);
        }
        self.slot.iter_mut().for_each(|tree| tree.fill(PROB_INIT));
        self.len.reset();
        self.rep_len.reset();
    }
}

/// The decoder: the model, the range decoder, and the stream's state. It holds no buffers
/// (the input and output are lent to each [`Decoder::run`]), and [`Decoder::idle`] is all
/// zeros, so on wasm32 it sits in a static without a byte of data in the module.
pub struct Decoder {
    header: Header,
    rc: RangeDecoder,
    model: Model,
    /// The last 12 packet kinds, condensed: below 7 the previous packet was a literal.
    state: usize,
    /// The last four match distances (minus 1), the most recent first.
    reps: [u32; 4],
    out_pos: usize,
    /// What is left of a match cut short by a stop position, copied first on the next run.
    pending: u32,
    finished: bool,
}

impl Decoder {
    pub const fn idle() -> Self {
        Decoder {
            header: Header { lc: 0, lp: 0, pb: 0, dict_size: 0, size: None },
            rc: RangeDecoder::empty(),
            model: Model::idle(),
            state: 0,
            reps: [0; 4],
            out_pos: 0,
            pending: 0,
            finished: true,
        }
    }

    /// Starts decoding the `.lzma` file `input` (header included), from a clean slate.
    pub fn start(&mut self, input: &[u8]) -> Result<Header, Error> {
        self.finished = true;
        let header = Header::parse(input)?;
        self.rc = RangeDecoder::new(input, HEADER_LEN)?;
        self.header = header;
        self.model.reset();
        self.state = 0;
        self.reps = [0; 4];
        self.out_pos = 0;
        self.pending = 0;
        self.finished = header.size == Some(0);
        Ok(header)
    }

    /// Whether the stream is complete (or never started).
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// How many bytes of output are done.
    pub fn out_pos(&self) -> usize {
        self.out_pos
    }

    /// Decodes into `out` (the whole output so far, from its first byte) until the output
    /// reaches `stop` or the stream ends. `input` is the file `start` was given, or more of
    /// it: while `input_complete` is false, decoding stops where a packet might need bytes
    /// not yet there, and the input's end is no error.
    pub fn run(&mut self, input: &[u8], input_complete: bool, out: &mut [u8], stop: usize) -> Result<Status, Error> {
        if self.finished {
            return Ok(Status::Finished);
        }
        let size = self.header.size.map(|size| usize::try_from(size).unwrap_or(usize::MAX));
        let stop = stop.min(out.len()).min(size.unwrap_or(usize::MAX)).max(self.out_pos);
        self.copy_pending(out, stop);
        while self.out_pos < stop && !self.finished {
            if !input_complete && input.len().saturating_sub(self.rc.pos) < MAX_PACKET_INPUT {
                return Ok(Status::NeedInput);
            }
            self.packet(input, out, stop)?;
        }
        if Some(self.out_pos) == size {
            if self.pending > 0 {
                return Err(Error::Corrupt);
            }
            self.finished = true;
        }
        Ok(if self.finished { Status::Finished } else { Status::Running })
    }

    /// One packet: a literal byte, a match, a repeated match, or the end marker.
    fn packet(&mut self, input: &[u8], out: &mut [u8], stop: usize) -> Result<(), Error> {
        let rc = &mut self.rc;
        let m = &mut self.model;
        let s = self.state;
        let pos_state = self.out_pos & ((1 << self.header.pb) - 1);
        if rc.bit(input, &mut m.is_match[s * POS_STATES + pos_state])? == 0 {
            out[self.out_pos] = self.literal(input, out)?;
            self.out_pos += 1;
            self.state = match s {
                0..=3 => 0,
                4..=9 => s - 3,
                _ => s - 6,
            };
            return Ok(());
        }
        let len = if rc.bit(input, &mut m.is_rep[s])? == 1 {
            if self.out_pos == 0 {
                return Err(Error::Corrupt);
            }
            if rc.bit(input, &mut m.is_rep_g0[s])? == 0 {
                if rc.bit(input, &mut m.is_rep0_long[s * POS_STATES + pos_state])? == 0 {
                    // A "short rep": one byte from the last distance.
                    self.state = if s < 7 { 9 } else { 11 };
                    out[self.out_pos] = out[self.out_pos - self.reps[0] as usize - 1];
                    self.out_pos += 1;
                    return Ok(());
                }
            } else {
                let dist = if rc.bit(input, &mut m.is_rep_g1[s])? == 0 {
                    self.reps[1]
                } else {
                    let dist = if rc.bit(input, &mut m.is_rep_g2[s])? == 0 {
                        self.reps[2]
                    } else {
                        let dist = self.reps[3];
                        self.reps[3] = self.reps[2];
                        dist
                    };
                    self.reps[2] = self.reps[1];
                    dist
                };
                self.reps[1] = self.reps[0];
                self.reps[0] = dist;
            }
            self.state = if s < 7 { 8 } else { 11 };
            m.rep_len.decode(rc, input, pos_state)?
        } else {
            let len = m.len.decode(rc, input, pos_state)?;
            self.state = if s < 7 { 7 } else { 10 };
            let dist = Self::distance(rc, m, input, len)?;
            if dist == END_MARKER {
                // Only where the size is unknown (a known size ends the stream before), and
                // only with the encoder's flush behind it.
                if self.header.size.is_some() || !rc.finished_ok() {
                    return Err(Error::Corrupt);
                }
                self.finished = true;
                return Ok(());
            }
            if dist as usize >= self.out_pos {
                return Err(Error::Corrupt);
            }
            self.reps = [dist, self.reps[0], self.reps[1], self.reps[2]];
            len
        };
        self.pending = len + MIN_MATCH;
        self.copy_pending(out, stop);
        Ok(())
    }

    /// A literal byte, coded in the context of the byte before it (and, right after a match,
    /// of the byte the match would have continued with).
    fn literal(&mut self, input: &[u8], out: &[u8]) -> Result<u8, Error> {
        let Header { lc, lp, .. } = self.header;
        let prev = if self.out_pos > 0 { u32::from(out[self.out_pos - 1]) } else { 0 };
        let context = (((self.out_pos as u32) & ((1 << lp) - 1)) << lc) + (prev >> (8 - lc));
        let base = context as usize * LITERAL_CODER;
        let probs = &mut self.model.literal[base..base + LITERAL_CODER];
        let rc = &mut self.rc;
        let mut symbol = 1u32;
        if self.state >= 7 {
            let mut matched = u32::from(out[self.out_pos - self.reps[0] as usize - 1]);
            while symbol < 0x100 {
                let match_bit = (matched >> 7) & 1;
                matched <<= 1;
                let bit = rc.bit(input, &mut probs[(((1 + match_bit) << 8) + symbol) as usize])?;
                symbol = (symbol << 1) | bit;
                if bit != match_bit {
                    break;
                }
            }
        }
        while symbol < 0x100 {
            symbol = (symbol << 1) | rc.bit(input, &mut probs[symbol as usize])?;
        }
        Ok(symbol as u8)
    }

    /// A match distance (minus 1): a 6-bit slot giving its top two bits and bit count, then
    /// the low bits (modelled for short distances; direct bits and a 4-bit tree for long).
    fn distance(rc: &mut RangeDecoder, m: &mut Model, input: &[u8], len: u32) -> Result<u32, Error> {
        let slot = rc.tree(input, &mut m.slot[len.min(3) as usize], 6)?;
        if slot < 4 {
            return Ok(slot);
        }
        let bits = (slot >> 1) - 1;
        let dist = (2 | (slot & 1)) << bits;
        if slot < END_SLOT_WITH_MODEL {
            return Ok(dist + rc.tree_reverse(input, &mut m.special[(dist - slot) as usize..], bits)?);
        }
        let middle = rc.direct_bits(input, bits - 4)? << 4;
        Ok(dist + middle + rc.tree_reverse(input, &mut m.align, 4)?)
    }

    /// Copies as much of the pending match as fits before `stop`.
    fn copy_pending(&mut self, out: &mut [u8], stop: usize) {
        if self.pending == 0 {
            return;
        }
        let count = (self.pending as usize).min(stop - self.out_pos);
        let from = self.out_pos - self.reps[0] as usize - 1;
        if from + count <= self.out_pos {
            out.copy_within(from..from + count, self.out_pos);
        } else {
            // The match overlaps what it writes (distance < length): it repeats the bytes it
            // has just written, so byte by byte.
            for i in 0..count {
                out[self.out_pos + i] = out[from + i];
            }
        }
        self.out_pos += count;
        self.pending -= count as u32;
    }
}

/// Decodes a whole `.lzma` file, refusing output past `limit` bytes.
#[cfg(not(target_arch = "wasm32"))]
pub fn decode(input: &[u8], limit: usize) -> Result<Vec<u8>, Error> {
    let mut decoder = Box::new(Decoder::idle());
    let header = decoder.start(input)?;
    let mut out = vec![0; header.size.map_or(1 << 16, |size| size as usize).min(limit)];
    loop {
        if decoder.run(input, true, &mut out, usize::MAX)? == Status::Finished {
            out.truncate(decoder.out_pos());
            return Ok(out);
        }
        if out.len() >= limit {
            return Err(Error::TooLarge);
        }
        out.resize((out.len() * 2).min(limit), 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    /// `sample()` packed by `xz --format=lzma -9e` (size unknown, end marker), made once.
    const SAMPLE_LZMA: &[u8] = include_bytes!("../testdata/sample.lzma");

    /// 8 KB of text with repeats near and far, new words and numbers: every packet kind.
    fn sample() -> Vec<u8> {
        let words = ["docker", "run", "--rm", "image", "layer", "sha256:", "overlay", "volume", "\n", " ", "{\"Id\":", "0"];
        let mut seed = 0x9e37_79b9_u32;
        let mut text = Vec::new();
        while text.len() < 8_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            text.extend_from_slice(words[seed as usize % words.len()].as_bytes());
            if seed % 7 == 0 {
                text.extend_from_slice(format!("{:x}", seed).as_bytes());
            }
        }
        text
    }

    /// `data` packed by the system's xz with `options`, or None (the caller says SKIPPED)
    /// when there is no xz.
    fn xz(data: &[u8], options: &str) -> Option<Vec<u8>> {
        let mut child = Command::new("xz")
            .args(["--format=lzma", "--stdout", options])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        let mut stdin = child.stdin.take().unwrap();
        let data = data.to_vec();
        let writer = std::thread::spawn(move || stdin.write_all(&data));
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        assert!(out.status.success(), "xz {options} failed");
        Some(out.stdout)
    }

    /// Decodes `packed` as the page does while it downloads: `chunk` more bytes at a time.
    fn decode_arriving(packed: &[u8], chunk: usize) -> Vec<u8> {
        let mut decoder = Box::new(Decoder::idle());
        let mut have = packed.len().min(chunk.max(HEADER_LEN + 5));
        decoder.start(&packed[..have]).unwrap();
        let mut out = vec![0; 4 << 20];
        while decoder.run(&packed[..have], have == packed.len(), &mut out, usize::MAX).unwrap() != Status::Finished {
            assert!(have < packed.len(), "paused for input with all of it in hand");
            have = (have + chunk).min(packed.len());
        }
        out.truncate(decoder.out_pos());
        out
    }

    fn with_size(packed: &[u8], size: u64) -> Vec<u8> {
        let mut packed = packed.to_vec();
        packed[5..13].copy_from_slice(&size.to_le_bytes());
        packed
    }

    #[test]
    fn decodes_the_fixture() {
        assert_eq!(Header::parse(SAMPLE_LZMA).unwrap(), Header { lc: 3, lp: 0, pb: 2, dict_size: 1 << 26, size: None });
        assert_eq!(decode(SAMPLE_LZMA, usize::MAX).unwrap(), sample());
    }

    #[test]
    fn round_trips_through_xz_for_every_context_setting() {
        // This test binary's first MiB: real machine code, as the playground's wasm is.
        let mut binary = std::fs::read(std::env::current_exe().unwrap()).unwrap();
        binary.truncate(1 << 20);
        for (data, options) in [
            (&binary, "--lzma1=preset=6,lc=4,lp=0,pb=0"),
            (&binary, "--lzma1=preset=1,lc=0,lp=2,pb=2"),
            (&sample(), "--lzma1=preset=9e,lc=1,lp=3,pb=4"),
            (&sample(), "--lzma1=preset=0,lc=3,lp=1,pb=1"),
            (&Vec::new(), "-6"),
            (&vec![7; 100_000], "-6"),
        ] {
            let Some(packed) = xz(data, options) else {
                println!("SKIPPED: no xz on this machine to pack test data with");
                return;
            };
            assert_eq!(&decode(&packed, usize::MAX).unwrap(), data, "{options}");
            assert_eq!(&decode_arriving(&packed, 1000), data, "{options}, as it arrives");
        }
    }

    #[test]
    fn decodes_the_same_in_small_steps() {
        // The page decodes in steps; matches cut by a step's stop go on in the next one.
        let mut decoder = Box::new(Decoder::idle());
        decoder.start(SAMPLE_LZMA).unwrap();
        let mut out = vec![0; 10_000];
        let mut stop = 0;
        while decoder.run(SAMPLE_LZMA, true, &mut out, stop).unwrap() == Status::Running {
            assert_eq!(decoder.out_pos(), stop);
            stop += 1 + stop % 5;
        }
        out.truncate(decoder.out_pos());
        assert_eq!(out, sample());
    }

    #[test]
    fn decodes_input_as_it_arrives() {
        // The page unpacks while the file downloads: input comes a few bytes at a time, and
        // running out of it is a pause, not an error.
        let mut decoder = Box::new(Decoder::idle());
        let mut have = HEADER_LEN + 5;
        decoder.start(&SAMPLE_LZMA[..have]).unwrap();
        let mut out = vec![0; 10_000];
        let mut pauses = 0;
        loop {
            let complete = have == SAMPLE_LZMA.len();
            match decoder.run(&SAMPLE_LZMA[..have], complete, &mut out, usize::MAX).unwrap() {
                Status::Finished => break,
                Status::NeedInput => pauses += 1,
                Status::Running => unreachable!("no stop position was given"),
            }
            assert!(!complete, "paused for input with all of it in hand");
            have = (have + 1 + pauses % 7).min(SAMPLE_LZMA.len());
        }
        assert!(pauses > 100, "{pauses}");
        out.truncate(decoder.out_pos());
        assert_eq!(out, sample());
    }

    #[test]
    fn a_declared_size_ends_the_stream() {
        let size = sample().len() as u64;
        assert_eq!(decode(&with_size(SAMPLE_LZMA, size), usize::MAX).unwrap(), sample());
        assert_eq!(decode(&with_size(SAMPLE_LZMA, 1000), usize::MAX).unwrap(), sample()[..1000]);
        // The end marker before the declared size.
        assert_eq!(decode(&with_size(SAMPLE_LZMA, size + 1), usize::MAX), Err(Error::Corrupt));
    }

    #[test]
    fn truncated_input_is_an_error() {
        for cut in 0..SAMPLE_LZMA.len() {
            let expected = if cut < HEADER_LEN { Error::Header } else { Error::Truncated };
            assert_eq!(decode(&SAMPLE_LZMA[..cut], usize::MAX), Err(expected), "cut at {cut}");
        }
    }

    #[test]
    fn corrupt_input_is_an_error_or_other_bytes_never_a_panic() {
        let original = sample();
        for at in HEADER_LEN + 1..SAMPLE_LZMA.len() {
            let mut packed = SAMPLE_LZMA.to_vec();
            packed[at] ^= 1 << (at % 8);
            let result = decode(&packed, 1 << 20);
            assert!(result.as_ref() != Ok(&original), "flipping a bit at {at} changed nothing");
        }
    }

    #[test]
    fn bad_headers_and_limits() {
        let mut packed = SAMPLE_LZMA.to_vec();
        packed[0] = 225; // past 9 * 5 * 5
        assert_eq!(decode(&packed, usize::MAX), Err(Error::Header));
        packed[0] = 4 + 9; // lc 4 + lp 1: more literal contexts than LZMA2 allows
        assert_eq!(decode(&packed, usize::MAX), Err(Error::Header));
        let mut packed = SAMPLE_LZMA.to_vec();
        packed[HEADER_LEN] = 1; // the range coder's first byte is always 0
        assert_eq!(decode(&packed, usize::MAX), Err(Error::Corrupt));
        assert_eq!(decode(SAMPLE_LZMA, 1000), Err(Error::TooLarge));
    }
}
