//! A deterministic, single-threaded executor for the simulator's processes.
//!
//! Every simulated program is a Rust `async fn`. This executor polls them in a fixed order
//! (FIFO of wake-ups), never blocks, and never reads a real clock: when no task can run it
//! advances the [`VirtualClock`] to the next deadline. A step budget bounds runaway programs
//! (`while true; do :; done`) so the page never hangs: the run stops with
//! [`RunOutcome::BudgetExhausted`] and the caller decides what to kill.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;
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

/// Tasks spawned or cancelled while the executor is busy polling: it takes them in before
/// its next poll. This is how a running process starts or kills another.
#[derive(Default)]
struct Inbox {
    next_id: usize,
    new: Vec<(TaskId, Task)>,
    cancelled: Vec<TaskId>,
}

/// A handle that spawns and cancels tasks, usable from inside a running task.
#[derive(Clone, Default)]
pub struct Spawner(Rc<RefCell<Inbox>>);

impl Spawner {
    /// Adds a task; it first runs at the executor's next poll.
    pub fn spawn(&self, task: impl Future<Output = ()> + 'static) -> TaskId {
        let mut inbox = self.0.borrow_mut();
        let id = TaskId(inbox.next_id);
        inbox.next_id += 1;
        inbox.new.push((id, Box::pin(task)));
        id
    }

    /// Drops a task without running it further (a killed process). Its future is dropped
    /// before the executor polls anything else.
    pub fn cancel(&self, id: TaskId) {
        self.0.borrow_mut().cancelled.push(id);
    }
}

/// Runs tasks to completion in a reproducible order on virtual time.
pub struct Executor {
    clock: VirtualClock,
    spawner: Spawner,
    tasks: BTreeMap<TaskId, Task>,
    queue: Arc<ReadyQueue>,
    steps: u64,
}

impl Executor {
    /// An executor on `clock`.
    pub fn new(clock: VirtualClock) -> Executor {
        Executor { clock, spawner: Spawner::default(), tasks: BTreeMap::new(), queue: Arc::default(), steps: 0 }
    }

    /// The clock the executor advances.
    pub fn clock(&self) -> &VirtualClock {
        &self.clock
    }

    /// A handle for spawning and cancelling tasks from anywhere, including inside tasks.
    pub fn spawner(&self) -> Spawner {
        self.spawner.clone()
    }

    /// Polls performed so far: a measure of simulated work.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Adds a task; it first runs at the next [`Executor::run`].
    pub fn spawn(&mut self, task: impl Future<Output = ()> + 'static) -> TaskId {
        self.spawner.spawn(task)
    }

    /// Whether a task is still running (or spawned and not yet run).
    pub fn is_live(&self, id: TaskId) -> bool {
        let inbox = self.spawner.0.borrow();
        (self.tasks.contains_key(&id) || inbox.new.iter().any(|(t, _)| *t == id)) && !inbox.cancelled.contains(&id)
    }

    /// Drops a task without running it further.
    pub fn cancel(&mut self, id: TaskId) {
        self.spawner.cancel(id);
    }

    /// Takes in tasks spawned and cancelled since the last poll.
    fn take_inbox(&mut self) {
        let (new, cancelled) = {
            let mut inbox = self.spawner.0.borrow_mut();
            (std::mem::take(&mut inbox.new), std::mem::take(&mut inbox.cancelled))
        };
        for (id, task) in new {
            self.tasks.insert(id, task);
            self.queue.push(id);
        }
        // Dropping a future may run destructors that spawn or cancel; they land in the inbox.
        for id in cancelled {
            self.tasks.remove(&id);
        }
    }

    /// Polls ready tasks, advancing virtual time when none is ready, for at most `budget` polls.
    pub fn run(&mut self, budget: u64) -> RunOutcome {
        self.run_until_settled(budget, || false)
    }

    /// Like [`Executor::run`], but when no task is ready it first asks `settled` whether what
    /// remains only waits for the outside world (a shell back at its prompt while `sleep 100 &`
    /// runs in the background); if so it returns [`RunOutcome::Idle`] without moving the clock.
    pub fn run_until_settled(&mut self, budget: u64, mut settled: impl FnMut() -> bool) -> RunOutcome {
        let mut spent = 0;
        loop {
            self.take_inbox();
            if self.tasks.is_empty() {
                return RunOutcome::AllDone;
            }
            let Some(id) = self.queue.pop() else {
                if settled() {
                    return RunOutcome::Idle;
                }
                if self.clock.advance_to_next_deadline() {
                    continue;
                }
                return RunOutcome::Idle;
            };
            let Some(task) = self.tasks.get_mut(&id) else { continue };
            if spent == budget {
                self.queue.push(id);
                return RunOutcome::BudgetExhausted;
            }
            spent += 1;
            self.steps += 1;
            let waker = Waker::from(Arc::new(TaskWaker { id, queue: self.queue.clone() }));
            if task.as_mut().poll(&mut Context::from_waker(&waker)).is_ready() {
                self.tasks.remove(&id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
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
    fn a_task_can_spawn_and_kill_others_while_running() {
        let mut ex = Executor::new(VirtualClock::new(0));
        let spawner = ex.spawner();
        let log = Rc::new(RefCell::new(Vec::new()));
        let victim = ex.spawn(std::future::pending());
        let l = log.clone();
        ex.spawn(async move {
            let l2 = l.clone();
            spawner.spawn(async move { l2.borrow_mut().push("child ran") });
            spawner.cancel(victim);
            l.borrow_mut().push("parent done");
        });
        assert_eq!(ex.run(100), RunOutcome::AllDone);
        assert_eq!(*log.borrow(), vec!["parent done", "child ran"]);
        assert!(!ex.is_live(victim));
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
