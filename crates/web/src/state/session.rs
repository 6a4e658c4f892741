//! The simulated machine as page state: typing a line, Ctrl-C and Ctrl-D run the machine for
//! a keystroke's budget at once; while something still runs, `Tick`s from the animation frame
//! run it a bounded slice at a time, so `while :; do :; done` never freezes the page.
//!
//! The reducer only forwards to the [`Session`] and bumps a generation counter; the terminal
//! drains [`SessionState::screen_delta`] and the X-ray redraws when the generation moves.

use std::cell::RefCell;
use std::rc::Rc;

use crate::session::{Activity, Session, KEYSTROKE_BUDGET};
use crate::xray::select::Selection;
use crate::xray::{self, Section, Tab};

/// What the page asks of the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionAction {
    /// A line typed and Enter. After the shell ended, Enter boots a new machine instead.
    TypeLine(String),
    /// Ctrl-C.
    Interrupt,
    /// Ctrl-D on an empty line.
    Eof,
    /// Keys typed past the line editor (Docker's detach keys, Ctrl-P Ctrl-Q).
    TypeKeys(String),
    /// An animation frame while the machine is busy: run up to this many steps.
    Tick(u64),
    /// Real time passed while the shell waited at its prompt, in milliseconds: background
    /// jobs' timers move on.
    Elapse(u32),
    /// Throw the machine away and boot a fresh one.
    Reboot,
    /// The terminal widget's size changed.
    Resize {
        /// Rows.
        rows: u16,
        /// Columns.
        cols: u16,
    },
}

/// The machine, shared by every state value; what changes per state is the counters.
#[derive(Clone)]
pub struct SessionState {
    session: Rc<RefCell<Session>>,
    /// Moves whenever the machine may look different (output, processes, mounts).
    pub generation: u64,
    /// Moves when the machine was rebooted: the terminal starts a clean screen.
    pub boot: u64,
    /// Whether to keep ticking, wait for the keyboard, or offer a new machine.
    pub activity: Activity,
}

impl std::fmt::Debug for SessionState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionState").field("generation", &self.generation).field("boot", &self.boot).field("activity", &self.activity).finish()
    }
}

impl PartialEq for SessionState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && (self.generation, self.boot, self.activity) == (other.generation, other.boot, other.activity)
    }
}

impl SessionState {
    /// A freshly booted machine; the first tick shows the shell's prompt.
    pub fn boot(seed: u64) -> SessionState {
        SessionState::with_session(Session::boot(seed))
    }

    /// State around a session.
    pub fn with_session(session: Session) -> SessionState {
        SessionState { session: Rc::new(RefCell::new(session)), generation: 0, boot: 0, activity: Activity::Busy }
    }

    /// The next state after `action`, or `None` when nothing visible changed.
    pub fn apply(&self, action: SessionAction) -> Option<SessionState> {
        let mut s = self.session.borrow_mut();
        let mut boot = self.boot;
        let exited = matches!(self.activity, Activity::Exited(_));
        let budget = match action {
            SessionAction::Reboot => {
                s.reboot();
                boot += 1;
                KEYSTROKE_BUDGET
            }
            SessionAction::TypeLine(_) if exited => {
                s.reboot();
                boot += 1;
                KEYSTROKE_BUDGET
            }
            SessionAction::TypeLine(line) => {
                s.type_line(&line);
                KEYSTROKE_BUDGET
            }
            SessionAction::Interrupt => {
                s.interrupt();
                KEYSTROKE_BUDGET
            }
            SessionAction::Eof => {
                s.type_eof();
                KEYSTROKE_BUDGET
            }
            SessionAction::TypeKeys(keys) => {
                s.type_keys(&keys);
                KEYSTROKE_BUDGET
            }
            SessionAction::Tick(budget) if self.activity == Activity::Busy => budget,
            SessionAction::Tick(_) => return None,
            SessionAction::Elapse(ms) if self.activity == Activity::Idle => {
                s.elapse(f64::from(ms));
                KEYSTROKE_BUDGET
            }
            SessionAction::Elapse(_) => return None,
            SessionAction::Resize { rows, cols } => {
                s.resize(rows, cols);
                return None;
            }
        };
        let pump = s.pump(budget);
        if pump.steps == 0 && pump.activity == self.activity && boot == self.boot {
            return None;
        }
        Some(SessionState { session: self.session.clone(), generation: self.generation + 1, boot, activity: pump.activity })
    }

    /// What the terminal showed since the last call.
    pub fn screen_delta(&self) -> String {
        self.session.borrow_mut().screen_delta()
    }

    /// Tab completion of the line up to the cursor (see [`Session::complete`]).
    pub fn complete(&self, before: &str) -> crate::term::Completion {
        self.session.borrow().complete(before)
    }

    /// Whether a `docker` client attached to a container has the keyboard.
    pub fn attached(&self) -> bool {
        self.session.borrow().attached()
    }

    /// Lines typed since the machine booted.
    pub fn commands(&self) -> u64 {
        self.session.borrow().commands()
    }

    /// Evaluates a lesson step on the machine (see [`Session::check`]).
    pub fn check(&self, step: &wharf_pack::Step, answer: Option<&str>) -> wharf_pack::check::Evaluation {
        self.session.borrow_mut().check(step, answer)
    }

    /// Runs a lesson step's hidden setup (see [`Session::setup`]).
    pub fn setup(&self, step: &wharf_pack::Step) -> Result<(), String> {
        self.session.borrow_mut().setup(step)
    }

    /// The X-ray pictures of `tab`, `width` pixels wide, marking `selection`.
    pub fn draw(&self, tab: Tab, width: f32, selection: Option<&Selection>) -> Vec<Section> {
        let s = self.session.borrow();
        let docker = if tab.needs_docker() { s.docker() } else { xray::docker::Docker::default() };
        let machine = s.machine();
        xray::draw_all(&machine, &docker, selection, tab, width)
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for SessionState {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        match self.apply(action) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::DEFAULT_SEED;

    fn settle(mut st: SessionState) -> SessionState {
        while st.activity == Activity::Busy {
            st = st.apply(SessionAction::Tick(1000)).expect("a busy machine moves");
        }
        st
    }

    #[test]
    fn a_line_runs_within_the_keystroke_and_ticks_stop_when_idle() {
        let st = settle(SessionState::boot(DEFAULT_SEED));
        assert_eq!(st.activity, Activity::Idle);
        assert_eq!(st.screen_delta(), "~ # ");
        assert!(st.apply(SessionAction::Tick(1000)).is_none(), "an idle machine does not re-render");
        let st = st.apply(SessionAction::TypeLine("echo hi".into())).unwrap();
        assert_eq!(st.activity, Activity::Idle);
        assert_eq!(st.screen_delta(), "hi\r\n~ # ");
    }

    #[test]
    fn real_time_moves_background_jobs_but_redraws_only_when_something_ran() {
        let st = settle(SessionState::boot(DEFAULT_SEED));
        assert!(st.apply(SessionAction::Elapse(250)).is_none(), "nothing waits for the clock");
        let st = st.apply(SessionAction::TypeLine("sleep 1 &".into())).unwrap();
        st.screen_delta();
        let st = st.apply(SessionAction::Elapse(1500)).expect("the sleep ended");
        let st = st.apply(SessionAction::TypeLine(String::new())).unwrap();
        assert!(st.screen_delta().contains("Done"));
    }

    #[test]
    fn enter_after_the_shell_ended_boots_a_new_machine() {
        let st = settle(SessionState::boot(DEFAULT_SEED));
        let st = st.apply(SessionAction::Eof).unwrap();
        assert_eq!(st.activity, Activity::Exited(0));
        assert!(st.apply(SessionAction::Elapse(1000)).is_none());
        let next = settle(st.apply(SessionAction::TypeLine(String::new())).unwrap());
        assert_eq!(next.boot, st.boot + 1);
        assert_eq!(next.activity, Activity::Idle);
        assert!(next.screen_delta().ends_with("~ # "));
    }
}
