//! Drives the machine from the page's clock. While it is busy, an animation frame runs it a
//! slice at a time; the slice adapts so one frame's work takes about [`FRAME_MS`], so a busy
//! loop costs the page a steady few milliseconds a frame and typing stays smooth. While it
//! waits at the prompt, real time is handed to its clock every [`IDLE_TICK_MS`], so
//! background jobs (`sleep 30 &`) end when they should.

use std::cell::Cell;
use std::rc::Rc;

use gloo::render::request_animation_frame;
use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::session::Activity;
use crate::state::session::SessionAction;

use super::SessionCtx;

/// Time budget for the machine per frame, milliseconds.
pub const FRAME_MS: f64 = 8.0;
/// How often an idle machine's clock catches up with real time, milliseconds.
pub const IDLE_TICK_MS: u32 = 250;
const MIN_STEPS: u64 = 50;
const MAX_STEPS: u64 = 400_000;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Keeps `session` running: frames while busy, clock ticks while idle.
#[hook]
pub fn use_pump(session: &SessionCtx) {
    let budget = use_memo((), |_| Rc::new(Cell::new(5_000u64)));
    let busy = session.activity == Activity::Busy;
    let idle = session.activity == Activity::Idle;
    {
        let dispatcher = session.dispatcher();
        use_effect_with((session.generation, session.boot, busy), move |&(_, _, busy)| {
            let frame = busy.then(|| {
                let budget = (*budget).clone();
                request_animation_frame(move |_| {
                    let steps = budget.get();
                    let started = now();
                    dispatcher.dispatch(SessionAction::Tick(steps));
                    let took = (now() - started).max(0.05);
                    let scaled = (steps as f64 * (FRAME_MS / took)).clamp(steps as f64 / 2.0, steps as f64 * 2.0);
                    budget.set((scaled as u64).clamp(MIN_STEPS, MAX_STEPS));
                })
            });
            move || drop(frame)
        });
    }
    {
        let dispatcher = session.dispatcher();
        use_effect_with((session.boot, idle), move |&(_, idle)| {
            let ticker = idle.then(|| {
                let last = Cell::new(now());
                Interval::new(IDLE_TICK_MS, move || {
                    let t = now();
                    let ms = (t - last.replace(t)).clamp(0.0, 10_000.0);
                    dispatcher.dispatch(SessionAction::Elapse(ms as u32));
                })
            });
            move || drop(ticker)
        });
    }
}
