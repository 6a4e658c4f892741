//! Decodes a `.lzma` file and prints how fast, natively: the decoder's speed without the
//! browser (compare `time xz -d --format=lzma -c FILE >/dev/null`).
//!
//!   cargo run --release -p wharf-unpack --example unpack -- dist/wharf-web_bg.wasm.lzma [OUT]

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: unpack FILE.lzma [OUT]");
        std::process::exit(2);
    };
    let packed = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut best = f64::MAX;
    let mut out = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        out = wharf_unpack::lzma::decode(&packed, 1 << 30).unwrap_or_else(|e| panic!("{path}: {e:?}"));
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!("{} -> {} bytes, best of 5: {:.1} ms ({:.0} MB/s)", packed.len(), out.len(), best * 1e3, out.len() as f64 / best / 1e6);
    if let Some(dest) = args.get(1) {
        std::fs::write(dest, &out).unwrap_or_else(|e| panic!("{dest}: {e}"));
    }
}
