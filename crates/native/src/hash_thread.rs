//! sha256 on a helper thread, for the engine's [`StreamHasher`] seam.
//!
//! Unpacking a layer is two jobs over the same bytes: hash them (the diff ID) and write them
//! out. The engine does both on one thread because it may not spawn any; natively,
//! [`threaded_sha256`] moves the hashing to a thread of its own so the two overlap, like
//! `tar -x` with `sha256sum` reading the same stream. Bytes are copied into chunks of
//! [`CHUNK`] (a memcpy is far cheaper than sha256) and at most [`IN_FLIGHT`] chunks wait, so
//! memory stays bounded; spent chunks come back for reuse.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use wharf_engine::digest::{Digest, Sha256};
use wharf_engine::image::layer::StreamHasher;

/// Bytes gathered before a chunk is handed to the hashing thread.
pub const CHUNK: usize = 256 << 10;
/// Chunks queued for the hashing thread at most.
pub const IN_FLIGHT: usize = 8;

/// A [`wharf_engine::image::layer::NewHasher`] that hashes on a helper thread; pass it as
/// `ApplyOptions::hasher`.
pub fn threaded_sha256() -> Box<dyn StreamHasher> {
    Box::new(ThreadedSha256::new())
}

/// sha256 computed by a helper thread. See the module docs.
pub struct ThreadedSha256 {
    pending: Vec<u8>,
    to_worker: Option<SyncSender<Vec<u8>>>,
    spent: Receiver<Vec<u8>>,
    worker: Option<JoinHandle<Digest>>,
}

impl ThreadedSha256 {
    /// Starts the hashing thread.
    pub fn new() -> ThreadedSha256 {
        let (to_worker, work) = mpsc::sync_channel::<Vec<u8>>(IN_FLIGHT);
        let (give_back, spent) = mpsc::sync_channel::<Vec<u8>>(IN_FLIGHT + 1);
        let worker = std::thread::Builder::new()
            .name("wharf-sha256".into())
            .spawn(move || {
                let mut hasher = Sha256::new();
                for chunk in work {
                    hasher.update(&chunk);
                    // Full means the producer has plenty; drop the buffer then.
                    let _ = give_back.try_send(chunk);
                }
                hasher.finish()
            })
            .expect("spawning the sha256 thread");
        ThreadedSha256 { pending: Vec::with_capacity(CHUNK), to_worker: Some(to_worker), spent, worker: Some(worker) }
    }

    fn send_pending(&mut self) {
        let next = self.spent.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let chunk = std::mem::replace(&mut self.pending, next);
        self.pending.clear();
        if let Some(tx) = &self.to_worker {
            if tx.send(chunk).is_err() {
                // The worker is gone (it panicked); `finish` reports it.
                self.to_worker = None;
            }
        }
    }
}

impl Default for ThreadedSha256 {
    fn default() -> Self {
        ThreadedSha256::new()
    }
}

impl StreamHasher for ThreadedSha256 {
    fn update(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let room = CHUNK - self.pending.len().min(CHUNK);
            let take = room.min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.pending.len() >= CHUNK {
                self.send_pending();
            }
        }
    }

    fn finish(mut self: Box<Self>) -> Digest {
        if !self.pending.is_empty() {
            self.send_pending();
        }
        self.to_worker = None; // ends the worker's loop
        let worker = self.worker.take().expect("finish runs once");
        match worker.join() {
            Ok(digest) => digest,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

impl Drop for ThreadedSha256 {
    fn drop(&mut self) {
        self.to_worker = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_inline_sha256_for_any_chunking() {
        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        for split in [1, 7, 4096, CHUNK - 1, CHUNK, CHUNK + 1, 1 << 20, data.len()] {
            let mut h = threaded_sha256();
            for piece in data.chunks(split) {
                h.update(piece);
            }
            assert_eq!(h.finish(), Digest::of(&data), "pieces of {split}");
        }
        assert_eq!(threaded_sha256().finish(), Digest::of(b""));
    }

    #[test]
    fn dropping_without_finishing_stops_the_thread() {
        let mut h = threaded_sha256();
        h.update(&[1; CHUNK * 3]);
        drop(h);
    }
}
