//! The playground's entry point: render the app into the page, nothing else.

#[cfg(target_arch = "wasm32")]
fn main() {
    wharf_web::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("wharf-web runs in a browser: build and serve it with scripts/playground");
    std::process::exit(2);
}
