//! The wharf playground (issue 8): a Yew app that runs `wharf-sim-kernel` in the page.
//!
//! The pure core compiles everywhere and is tested natively (`cargo test -p wharf-web`):
//! - [`session`]: the simulated machine with its login shell, driven a line at a time;
//! - [`term`]: the terminal's line editor and history (xterm.js only draws);
//! - [`state`]: the reducers (session, course progress, UI preferences);
//! - [`xray`]: snapshots of kernel state and their SVG layouts;
//! - [`pack`]: the course pack, bundled at build time or opened by the learner.
//!
//! On wasm32 the Yew app sits on top: [`app`], `components`, `hooks`, and the few xterm.js
//! bindings it needs (`bindings`).

pub mod pack;
pub mod session;
pub mod state;
pub mod term;
pub mod xray;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod hooks;
#[cfg(target_arch = "wasm32")]
mod storage;

#[cfg(target_arch = "wasm32")]
pub use app::App;
