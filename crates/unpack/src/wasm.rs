//! The exports the page calls (no wasm-bindgen: six functions over numbers). The page asks
//! for room for the packed file (`input`), copies its bytes there as they arrive, says how
//! many it has (`received`), and `step`s through the output while `status` is 0:
//!
//! ```js
//! const at = input(packedLength);
//! // for each chunk: copy it to memory at `at + have`, then
//! received(have, complete);            // complete: 1 with the last chunk
//! end = start(limit);                  // once, with 18 bytes in: 0, or a negative error code
//! while (status() === 0) end = step(1 << 16);  // the output's length so far, or an error code
//! // status() 2: waiting for more input; 1: done, the wasm is `end` bytes at `output()`
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
    input_capacity: usize,
    input_len: usize,
    input_complete: bool,
    waiting: bool,
    output_at: usize,
    limit: usize,
}

static mut UNPACKER: Unpacker = Unpacker {
    decoder: Decoder::idle(),
    input_at: 0,
    input_capacity: 0,
    input_len: 0,
    input_complete: false,
    waiting: false,
    output_at: 0,
    limit: 0,
};

fn unpacker() -> &'static mut Unpacker {
    // One thread, and the exports never call one another: one reference at a time.
    unsafe { &mut *core::ptr::addr_of_mut!(UNPACKER) }
}

impl Unpacker {
    fn input(&self) -> &'static [u8] {
        unsafe { core::slice::from_raw_parts(self.input_at as *const u8, self.input_len) }
    }
}

/// The end of linear memory, after growing it to reach at least `end`; None if it cannot.
fn reserve(end: usize) -> Option<usize> {
    let have = memory_size(0) * PAGE;
    if end > have && memory_grow(0, (end - have).div_ceil(PAGE)) == usize::MAX {
        return None;
    }
    Some(memory_size(0) * PAGE)
}

/// Makes room for a packed file of `capacity` bytes and returns where to copy it (0 if
/// memory cannot grow). Forgets any earlier stream.
#[no_mangle]
pub extern "C" fn input(capacity: usize) -> usize {
    let u = unpacker();
    let at = memory_size(0) * PAGE;
    if reserve(at + capacity).is_none() {
        return 0;
    }
    u.decoder = Decoder::idle();
    u.input_at = at;
    u.input_capacity = capacity;
    u.input_len = 0;
    u.input_complete = false;
    u.waiting = false;
    u.output_at = at + capacity;
    at
}

/// The first `len` bytes of the input are in place (`complete`: 1 if that is all of it).
#[no_mangle]
pub extern "C" fn received(len: usize, complete: i32) {
    let u = unpacker();
    u.input_len = len.min(u.input_capacity);
    u.input_complete = complete != 0;
    u.waiting = false;
}

/// Reads the header; the output may then grow to `limit` bytes at most. 0 or an error code.
#[no_mangle]
pub extern "C" fn start(limit: usize) -> i32 {
    let u = unpacker();
    u.limit = limit.min(i32::MAX as usize);
    match u.decoder.start(u.input()) {
        Ok(_) => 0,
        Err(error) => error.code(),
    }
}

/// Decodes about `count` more bytes (the last match may add a few), to the end, or as far as
/// the input received allows. Returns the output's length so far, or an error code.
#[no_mangle]
pub extern "C" fn step(count: usize) -> i32 {
    let u = unpacker();
    let done = u.decoder.out_pos();
    let stop = done.saturating_add(count).min(u.limit);
    let Some(end) = reserve(u.output_at + stop) else { return Error::TooLarge.code() };
    let out = unsafe { core::slice::from_raw_parts_mut(u.output_at as *mut u8, end - u.output_at) };
    match u.decoder.run(u.input(), u.input_complete, out, stop) {
        Ok(Status::Running) if u.decoder.out_pos() == u.limit => Error::TooLarge.code(),
        Ok(status) => {
            u.waiting = status == Status::NeedInput;
            u.decoder.out_pos() as i32
        }
        Err(error) => error.code(),
    }
}

/// 0 while `step` has work, 1 once the stream is complete, 2 while it waits for input.
#[no_mangle]
pub extern "C" fn status() -> i32 {
    let u = unpacker();
    if u.decoder.is_finished() {
        1
    } else if u.waiting {
        2
    } else {
        0
    }
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
