use super::*;
use crate::state::memory_store::MemoryStore;

const MANIFEST: &str = "id = \"t\"\ntitle = \"T\"\nversion = \"0.1.0\"\nauthors = [\"a\"]\nlanguage = \"en\"\n\n[[modules]]\nid = \"M0\"\ntitle = \"Soon\"\nstatus = \"planned\"\n\n[[modules]]\nid = \"M1\"\ntitle = \"One\"\nfile = \"one.md\"\n";
const ONE: &str = "# One\n\n## Read {#read}\n\nJust read.\n\n## Make {#make}\n\n```run\ntouch /tmp/a\n```\n\n```verify\ntest -e /tmp/a\n```\n\n```hint\nfirst\n```\n\n```hint\nsecond\n```\n\n## Later {#later needs=make}\n\n```run\ntouch /tmp/b\n```\n\n```verify\ntest -e /tmp/b\n```\n";

fn course(store: &MemoryStore, link: Option<&str>) -> CourseState {
    let pack = crate::pack::from_files(vec![("pack.toml".into(), MANIFEST.into()), ("one.md".into(), ONE.into())]).unwrap();
    CourseState::load(store, Rc::new(pack), Origin::Bundled, link)
}

fn checked(st: &CourseState, done: bool) -> CourseState {
    let live = Live { key: st.current_key().unwrap(), ..Live::default() };
    st.apply(CourseAction::Checked { done, live }).unwrap()
}

#[test]
fn opens_the_first_written_module_and_follows_links() {
    let store = MemoryStore::default();
    let st = course(&store, None);
    assert_eq!(st.link(), "M1/read");
    assert_eq!(course(&store, Some("M1/make")).link(), "M1/make");
    assert_eq!(course(&store, Some("M0")).link(), "M0", "a planned module opens, with no step");
    assert_eq!(course(&store, Some("M9/x")).link(), "M1/read", "an unknown link is ignored");
    assert!(st.apply(CourseAction::Open("M1/nope".into())).is_none());
}

#[test]
fn needs_lock_steps_until_done_and_progress_survives_a_reload() {
    let store = MemoryStore::default();
    let st = course(&store, None);
    assert_eq!(st.step_status(0), StepStatus::Open);
    assert_eq!(st.step_status(1), StepStatus::Locked, "by default a step needs the previous one");
    assert_eq!(st.step_status(2), StepStatus::Locked);
    let st = st.apply(CourseAction::MarkRead).unwrap();
    assert_eq!(st.step_status(0), StepStatus::Done);
    let st = st.apply(CourseAction::Step(1)).unwrap();
    assert!(st.apply(CourseAction::MarkRead).is_none(), "a checked step is done by its checks only");
    let st = checked(&st, false);
    assert_eq!(st.step_status(1), StepStatus::Open);
    let st = checked(&st, true);
    assert_eq!(st.step_status(1), StepStatus::Done);
    assert_eq!(st.step_status(2), StepStatus::Open);
    assert_eq!(st.totals(), (2, 3));
    assert_eq!(st.module_state(&st.pack.modules[1]), ModuleState::Started);
    st.save(&store);
    let again = course(&store, None);
    assert_eq!(again.link(), "M1/make");
    assert_eq!(again.progress, st.progress);
}

#[test]
fn a_check_of_another_step_is_ignored() {
    let st = course(&MemoryStore::default(), None);
    let live = Live { key: "M1/later".into(), ..Live::default() };
    assert!(st.apply(CourseAction::Checked { done: true, live }).is_none());
}

#[test]
fn hints_are_revealed_in_order_up_to_the_last() {
    let st = course(&MemoryStore::default(), Some("M1/make"));
    let st = st.apply(CourseAction::Hint).unwrap();
    let st = st.apply(CourseAction::Hint).unwrap();
    assert_eq!(st.hints_shown(), 2);
    assert!(st.apply(CourseAction::Hint).is_none());
}

#[test]
fn a_corrupt_or_old_record_is_discarded_with_a_notice() {
    for bad in ["{not json", "{\"version\":99,\"done\":{},\"answers\":{},\"hints\":{},\"solutions\":[]}"] {
        let store = MemoryStore::default();
        store.set("wharf.v2.progress.t", bad);
        let st = course(&store, None);
        assert!(st.notice.as_deref().is_some_and(|n| n.contains("reset")), "{bad}");
        assert_eq!(st.progress.done.len(), 0);
    }
    assert!(course(&MemoryStore::default(), None).notice.is_none());
}

#[test]
fn reset_forgets_the_module_and_asks_for_a_fresh_machine() {
    let st = course(&MemoryStore::default(), Some("M1/make"));
    let st = checked(&st, true);
    let st = st.apply(CourseAction::Answer { key: "M1/make".into(), text: " x ".into() }).unwrap();
    assert_eq!(st.answer(), Some("x"));
    let st = st.apply(CourseAction::ResetModule).unwrap();
    assert_eq!(st.resets, 1);
    assert_eq!(st.totals().0, 0);
    assert_eq!(st.answer(), None);
    assert_eq!(st.link(), "M1/read");
}
