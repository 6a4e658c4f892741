//! A deterministic, single-threaded executor for the simulator's processes.
//!
//! Every simulated program is a Rust `async fn`. This executor polls them in a fixed order
//! (FIFO of wake-ups), never blocks, and never reads a real clock: when no task can run it
//! advances the [`VirtualClock`] to the next deadline. A step budget bounds runaway programs
//! (`while true; do :; done`) so the page never hangs: the run stops with
//! [`RunOutcome::BudgetExhausted`] and the caller decides what to kill.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Wake, Waker};

use crate::clock::VirtualClock;

/// Identifies a spawned task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(usize);

type Task = Pin<Box<dyn Future<Output = ()>>>;

/// Why [`Executor::run`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunOutcome {
    /// Every task has finished.
    AllDone,
    /// Tasks remain but none can make progress and no timer is pending: they wait for input
    /// from outside (a keypress, another command).
    Idle,
    /// The step budget ran out with work still to do.
    BudgetExhausted,
}

/// The wake-up queue shared with wakers.
#[derive(Default)]
struct ReadyQueue(Mutex<VecDeque<TaskId>>);

impl ReadyQueue {
    fn push(&self, id: TaskId) {
        let mut q = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if !q.contains(&id) {
            q.push_back(id);
        }
    }

    fn pop(&self) -> Option<TaskId> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).pop_front()
    }
}

struct TaskWaker {
    id: TaskId,
    queue: Arc<ReadyQueue>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.queue.push(self.id);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.queue.push(self.id);
    }
}

/// Runs tasks to completion in a reproducible order on virtual time.
pub struct Executor {
    clock: VirtualClock,
    tasks: Vec<Option<Task>>,
    queue: Arc<ReadyQueue>,
    live: usize,
    steps: u64,
}

impl Executor {
    /// An executor on `clock`.
    pub fn new(clock: VirtualClock) -> Executor {
        Executor { clock, tasks: Vec::new(), queue: Arc::default(), live: 0, steps: 0 }
    }

    /// The clock the executor advances.
    pub fn clock(&self) -> &VirtualClock {
        &self.clock
    }

    /// Polls performed so far: a measure of simulated work.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Adds a task; it first runs at the next [`Executor::run`].
    pub fn spawn(&mut self, task: impl Future<Output = ()> + 'static) -> TaskId {
        let id = TaskId(self.tasks.len());
        self.tasks.push(Some(Box::pin(task)));
        self.live += 1;
        self.queue.push(id);
        id
    }

    /// Whether a task is still running.
    pub fn is_live(&self, id: TaskId) -> bool {
        self.tasks.get(id.0).is_some_and(Option::is_some)
    }

    /// Drops a task without running it further (a killed process).
    pub fn cancel(&mut self, id: TaskId) {
        if let Some(slot) = self.tasks.get_mut(id.0) {
            if slot.take().is_some() {
                self.live -= 1;
            }
        }
    }

    /// Polls ready tasks, advancing virtual time when none is ready, for at most `budget` polls.
    pub fn run(&mut self, budget: u64) -> RunOutcome {
        let mut spent = 0;
        loop {
            if self.live == 0 {
                return RunOutcome::AllDone;
            }
            let Some(id) = self.queue.pop() else {
                if self.clock.advance_to_next_deadline() {
                    continue;
                }
                return RunOutcome::Idle;
            };
            if spent == budget {
                self.queue.push(id);
                return RunOutcome::BudgetExhausted;
            }
            let Some(task) = self.tasks[id.0].as_mut() else { continue };
            spent += 1;
            self.steps += 1;
            let waker = Waker::from(Arc::new(TaskWaker { id, queue: self.queue.clone() }));
            if task.as_mut().poll(&mut Context::from_waker(&waker)).is_ready() {
                self.tasks[id.0] = None;
                self.live -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;
    use std::task::Poll;

    use super::*;

    const SEC: i64 = 1_000_000_000;

    /// A future that is pending once, waking itself: one step of a busy loop.
    async fn yield_now() {
        let mut yielded = false;
        std::future::poll_fn(|cx| {
            if yielded {
                Poll::Ready(())
            } else {
                yielded = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await
    }

    #[test]
    fn sleeps_cost_no_real_time_and_wake_in_deadline_order() {
        let clock = VirtualClock::new(0);
        let mut ex = Executor::new(clock.clone());
        let log = Rc::new(RefCell::new(Vec::new()));
        for (name, secs) in [("slow", 1000), ("fast", 1), ("mid", 10)] {
            let (clock, log) = (clock.clone(), log.clone());
            ex.spawn(async move {
                clock.sleep(secs * SEC).await;
                log.borrow_mut().push((name, clock.now() / SEC));
            });
        }
        let started = std::time::Instant::now();
        assert_eq!(ex.run(100), RunOutcome::AllDone);
        assert!(started.elapsed().as_secs() < 1);
        assert_eq!(*log.borrow(), vec![("fast", 1), ("mid", 10), ("slow", 1000)]);
    }

    #[test]
    fn a_busy_loop_is_stopped_by_the_budget_and_can_be_cancelled() {
        let mut ex = Executor::new(VirtualClock::new(0));
        let spinner = ex.spawn(async {
            loop {
                yield_now().await;
            }
        });
        assert_eq!(ex.run(1000), RunOutcome::BudgetExhausted);
        assert_eq!(ex.steps(), 1000);
        ex.cancel(spinner);
        assert!(!ex.is_live(spinner));
        assert_eq!(ex.run(1000), RunOutcome::AllDone);
    }

    #[test]
    fn a_task_waiting_for_outside_input_leaves_the_executor_idle() {
        let mut ex = Executor::new(VirtualClock::new(0));
        ex.spawn(std::future::pending());
        assert_eq!(ex.run(10), RunOutcome::Idle);
    }

    #[test]
    fn interleaving_is_the_same_every_run() {
        let run_once = || {
            let clock = VirtualClock::new(0);
            let mut ex = Executor::new(clock.clone());
            let log = Rc::new(RefCell::new(String::new()));
            for name in ['a', 'b', 'c'] {
                let log = log.clone();
                ex.spawn(async move {
                    for _ in 0..3 {
                        log.borrow_mut().push(name);
                        yield_now().await;
                    }
                });
            }
            ex.run(u64::MAX);
            let out = log.borrow().clone();
            out
        };
        assert_eq!(run_once(), "abcabcabc");
        assert_eq!(run_once(), run_once());
    }
}
