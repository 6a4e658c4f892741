//! Checks the open step on the machine. Whenever the terminal waits for input after a typed
//! line (and when a step is opened, or an answer typed), once the output is on screen, the
//! step's checks run beside the terminal (`wharf_pack::check::evaluate`) and the result goes to the course state, which
//! marks the step done. A step's hidden setup runs once per machine when it is first opened.
//! Opening another module, or starting one over, boots a fresh machine: a module is one
//! environment, as the pack format says.

use std::collections::BTreeSet;
use std::rc::Rc;

use gloo::render::request_animation_frame;
use gloo::timers::callback::Timeout;

use wharf_pack::check::Verdict;
use yew::prelude::*;

use super::{CourseCtx, SessionCtx};
use crate::session::Activity;
use crate::state::course::{CourseAction, Live, StepStatus};
use crate::state::session::SessionAction;

/// Keeps the open step's status current.
#[hook]
pub fn use_checker(session: &SessionCtx, course: &CourseCtx) {
    // A fresh machine for another module (or pack), or when the module starts over. Until it
    // has booted, nothing is checked on the old one.
    let awaiting = use_mut_ref(|| None::<u64>);
    {
        let (session, awaiting) = (session.clone(), awaiting.clone());
        let first = use_mut_ref(|| true);
        let pack = Rc::as_ptr(&course.pack) as usize;
        use_effect_with((pack, course.module, course.resets), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                *awaiting.borrow_mut() = Some(session.boot);
                session.dispatch(SessionAction::Reboot);
            }
        });
    }
    let checked = use_mut_ref(|| None::<(u64, u64, String, Option<String>)>);
    // The step open, and the machine's command count when it was opened.
    let opened = use_mut_ref(|| None::<(u64, String, u64)>);
    let set_up = use_mut_ref(BTreeSet::<(u64, String)>::new);
    let (session, course) = (session.clone(), course.clone());
    let deps = (session.generation, session.boot, session.activity, course.link(), course.answer().map(str::to_string), course.resets, Rc::as_ptr(&course.pack) as usize);
    // The check waiting for its turn (see below).
    let pending = use_mut_ref(|| None::<Timeout>);
    use_effect_with(deps, move |(_, boot, activity, _, answer, _, _)| {
        let (boot, activity, answer) = (*boot, *activity, answer.clone());
        // After the browser has drawn what the machine printed, not before: a check runs
        // commands of its own (the first one, at boot, held the first prompt back ~90 ms). A
        // task queued from an animation frame runs once that frame is painted.
        let slot = pending.clone();
        let check = move || {
            let (Some(step), Some(key)) = (course.current(), course.current_key()) else { return };
            if activity != Activity::Idle || course.step_status(course.step) == StepStatus::Locked {
                return;
            }
            let stale = awaiting.borrow().is_some_and(|old| boot <= old);
            if stale {
                return;
            }
            awaiting.borrow_mut().take();
            if !step.setup.is_empty() && set_up.borrow_mut().insert((boot, key.clone())) {
                if let Err(e) = session.setup(step) {
                    course.dispatch(CourseAction::Notice(Some(e)));
                }
            }
            let now = (boot, session.commands(), key.clone(), answer.clone());
            if checked.borrow().as_ref() == Some(&now) {
                return;
            }
            *checked.borrow_mut() = Some(now);
            let commands = session.commands();
            let since = {
                let mut o = opened.borrow_mut();
                match o.as_ref() {
                    Some((b, k, n)) if *b == boot && *k == key => *n,
                    _ => {
                        *o = Some((boot, key.clone(), commands));
                        commands
                    }
                }
            };
            let eval = session.check(step, answer.as_deref());
            let answer_at = step.answer.as_ref().map(|a| a.at.clone());
            let worked = commands > since || answer.is_some();
            let mut live = Live { key, wrong_paths: eval.wrong_paths, hints_due: eval.hints_due, worked, ..Live::default() };
            for (at, verdict) in eval.checks {
                let is_answer = answer_at.as_ref() == Some(&at);
                match verdict {
                    Verdict::Pass => {}
                    Verdict::Fail(_) if is_answer => live.answer_wrong = answer.is_some(),
                    Verdict::Fail(why) => live.failing.push(why),
                    Verdict::Pending(why) => live.pending.push(why),
                }
            }
            course.dispatch(CourseAction::Checked { done: eval.done, live });
        };
        let frame = request_animation_frame(move |_| *slot.borrow_mut() = Some(Timeout::new(0, check)));
        move || {
            drop(frame);
            pending.borrow_mut().take();
        }
    });
}
