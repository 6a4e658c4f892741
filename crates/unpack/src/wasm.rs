//! The exports the page calls (no wasm-bindgen: five functions over numbers). The page asks
//! for room for the packed file (`input`), copies it there, then `start`s and `step`s,
//! copying each step's new output out of `memory` at `output()`:
//!
//! ```js
//! const at = input(packed.length);
//! new Uint8Array(memory.buffer, at, packed.length).set(packed);
//! start(limit);                        // 0, or a negative error code
//! let end = step(1 << 20);             // the output's length so far, or an error code
//! ... until finished() ...
//! ```
//!
//! Memory is laid out past everything the module started with: the input, then the output,
//! which grows a page at a time as it is written. Nothing is allocated or freed.

use crate::lzma::{Decoder, Status};
use crate::Error;
use core::arch::wasm32::{memory_grow, memory_size, unreachable};

const PAGE: usize = 65536;

struct Unpacker {
    decoder: Decoder,
    input_at: usize,
    input_len: usize,
    output_at: usize,
    limit: usize,
}

static mut UNPACKER: Unpacker =
    Unpacker { decoder: Decoder::idle(), input_at: 0, input_len: 0, output_at: 0, limit: 0 };

fn unpacker() -> &'static mut Unpacker {
    // One thread, and the exports never call one another: one reference at a time.
    unsafe { &mut *core::ptr::addr_of_mut!(UNPACKER) }
}

/// The end of linear memory, after growing it to reach at least `end`; None if it cannot.
fn reserve(end: usize) -> Option<usize> {
    let have = memory_size(0) * PAGE;
    if end > have && memory_grow(0, (end - have).div_ceil(PAGE)) == usize::MAX {
        return None;
    }
    Some(memory_size(0) * PAGE)
}

/// Makes room for a packed file of `len` bytes and returns where to copy it (0 if memory
/// cannot grow). Forgets any earlier stream.
#[no_mangle]
pub extern "C" fn input(len: usize) -> usize {
    let u = unpacker();
    let at = memory_size(0) * PAGE;
    if reserve(at + len).is_none() {
        return 0;
    }
    u.decoder = Decoder::idle();
    u.input_at = at;
    u.input_len = len;
    u.output_at = at + len;
    at
}

/// Reads the header; the output may then grow to `limit` bytes at most. 0 or an error code.
#[no_mangle]
pub extern "C" fn start(limit: usize) -> i32 {
    let u = unpacker();
    u.limit = limit.min(i32::MAX as usize);
    let input = unsafe { core::slice::from_raw_parts(u.input_at as *const u8, u.input_len) };
    match u.decoder.start(input) {
        Ok(_) => 0,
        Err(error) => error.code(),
    }
}

/// Decodes about `count` more bytes (the last match may add a few), or to the end. Returns
/// the output's length so far, or an error code.
#[no_mangle]
pub extern "C" fn step(count: usize) -> i32 {
    let u = unpacker();
    let done = u.decoder.out_pos();
    let stop = done.saturating_add(count).min(u.limit);
    let Some(end) = reserve(u.output_at + stop) else { return Error::TooLarge.code() };
    let input = unsafe { core::slice::from_raw_parts(u.input_at as *const u8, u.input_len) };
    let out = unsafe { core::slice::from_raw_parts_mut(u.output_at as *mut u8, end - u.output_at) };
    match u.decoder.run(input, out, stop) {
        Ok(Status::Running) if u.decoder.out_pos() == u.limit => Error::TooLarge.code(),
        Ok(_) => u.decoder.out_pos() as i32,
        Err(error) => error.code(),
    }
}

/// 1 once the stream is complete, else 0.
#[no_mangle]
pub extern "C" fn finished() -> i32 {
    i32::from(unpacker().decoder.is_finished())
}

/// Where the output starts in `memory`.
#[no_mangle]
pub extern "C" fn output() -> usize {
    unpacker().output_at
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // Only an indexing bug could get here (corrupt input is an error code): trap, and the
    // page reports the RuntimeError.
    unreachable()
}
