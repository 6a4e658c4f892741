//! The wharf playground (issue 8): a Yew app that runs `wharf-sim-kernel` in the page.
//!
//! Only the dependency edges exist so far (`web -> sim-kernel -> engine`); the app itself is
//! not written yet.
