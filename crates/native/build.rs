//! Links the `wharf` executable at a fixed address rather than position-independent.
//!
//! A PIE of this size carries about 20,000 relative relocations: at every start the dynamic
//! loader reads their table (120 pages) and writes each target, a copy-on-write fault for
//! every page of vtables and static tables (100 more). `wharf docker run` is started once per
//! container, so that was 0.4-0.7 ms of each `run --rm true` (`perf stat wharf --version`:
//! 1.3-1.6 ms task-clock as a PIE, 0.9 ms without). The trade: the executable's own code
//! sits at a known address (heap, stack and libraries stay randomised), which is the default
//! for Go programs, Docker's and runc's own language. See ARCHITECTURE.md.
fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.contains("linux-gnu") {
        println!("cargo:rustc-link-arg-bin=wharf=-no-pie");
    }
}
