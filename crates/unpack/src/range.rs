//! LZMA's range decoder: adaptive binary probabilities, and the bit trees built from them.

use crate::Error;

/// A probability that the next bit is 0, in 1/2048ths; every one starts at a half.
pub type Prob = u16;
pub const PROB_INIT: Prob = 1 << (PROB_BITS - 1);
const PROB_BITS: u32 = 11;
/// How fast a probability adapts: it moves 1/32 of the way towards the bit seen.
const MOVE_BITS: u32 = 5;
/// The range is renormalised (a byte shifted in) whenever it drops below 2^24.
const TOP: u32 = 1 << 24;

/// The decoder's registers and its place in the input. The input itself is lent per call so
/// the decoder can live in a static on wasm32.
#[derive(Clone, Copy)]
pub struct RangeDecoder {
    range: u32,
    code: u32,
    pub pos: usize,
}

impl RangeDecoder {
    pub const fn empty() -> Self {
        RangeDecoder { range: 0, code: 0, pos: 0 }
    }

    /// Starts on `input[pos..]`: a zero byte, then the first 32 bits of the code.
    pub fn new(input: &[u8], pos: usize) -> Result<Self, Error> {
        let head = input.get(pos..pos + 5).ok_or(Error::Truncated)?;
        if head[0] != 0 {
            return Err(Error::Corrupt);
        }
        let code = u32::from_be_bytes([head[1], head[2], head[3], head[4]]);
        Ok(RangeDecoder { range: u32::MAX, code, pos: pos + 5 })
    }

    /// Whether the stream ended cleanly: the encoder flushes so the code is then 0.
    pub fn finished_ok(&self) -> bool {
        self.code == 0
    }

    #[inline(always)]
    fn normalize(&mut self, input: &[u8]) -> Result<(), Error> {
        if self.range < TOP {
            let byte = *input.get(self.pos).ok_or(Error::Truncated)?;
            self.pos += 1;
            self.range <<= 8;
            self.code = (self.code << 8) | u32::from(byte);
        }
        Ok(())
    }

    /// One bit under the probability `prob`, which then adapts towards it.
    #[inline(always)]
    pub fn bit(&mut self, input: &[u8], prob: &mut Prob) -> Result<u32, Error> {
        let bound = (self.range >> PROB_BITS) * u32::from(*prob);
        let bit = if self.code < bound {
            self.range = bound;
            *prob += ((1 << PROB_BITS) - *prob) >> MOVE_BITS;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *prob -= *prob >> MOVE_BITS;
            1
        };
        self.normalize(input)?;
        Ok(bit)
    }

    /// `count` bits at even odds (no probabilities), most significant first.
    pub fn direct_bits(&mut self, input: &[u8], count: u32) -> Result<u32, Error> {
        let mut value = 0;
        for _ in 0..count {
            self.range >>= 1;
            let bit = u32::from(self.code >= self.range);
            self.code -= self.range & 0u32.wrapping_sub(bit);
            value = (value << 1) | bit;
            self.normalize(input)?;
        }
        Ok(value)
    }

    /// A `bits`-bit number, most significant bit first, each bit's probability chosen by the
    /// bits before it: `probs[1..1 << bits]` is the tree (index 0 unused).
    #[inline(always)]
    pub fn tree(&mut self, input: &[u8], probs: &mut [Prob], bits: u32) -> Result<u32, Error> {
        let mut node = 1;
        for _ in 0..bits {
            node = (node << 1) | self.bit(input, &mut probs[node as usize])?;
        }
        Ok(node - (1 << bits))
    }

    /// As `tree`, but the number's least significant bit comes first.
    pub fn tree_reverse(&mut self, input: &[u8], probs: &mut [Prob], bits: u32) -> Result<u32, Error> {
        let mut node = 1;
        let mut value = 0;
        for i in 0..bits {
            let bit = self.bit(input, &mut probs[node as usize])?;
            node = (node << 1) | bit;
            value |= bit << i;
        }
        Ok(value)
    }
}
