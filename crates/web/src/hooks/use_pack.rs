//! Courses from elsewhere: files the learner opens (`pack.toml` with its module files) and
//! `?pack=URL` in the page's address (the manifest, then each module file beside it, fetched
//! by the browser). Either replaces the bundled course, with the new pack's saved progress; a
//! pack that fails to load leaves the course as it was and says why.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

use super::CourseCtx;
use crate::pack::{self, Origin};
use crate::state::course::{CourseAction, CourseState};
use crate::storage::LocalStore;

use super::use_page::hash_link;

fn install(course: &CourseCtx, loaded: Result<wharf_pack::Pack, String>, origin: Origin, what: &str) {
    match loaded {
        Ok(p) => {
            let st = CourseState::load(&LocalStore, Rc::new(p), origin, hash_link().as_deref());
            course.dispatch(CourseAction::Replace(Rc::new(st)));
        }
        Err(e) => course.dispatch(CourseAction::Notice(Some(format!("Could not open {what}: {e}")))),
    }
}

async fn text_of(promise: js_sys::Promise) -> Result<String, String> {
    let v = JsFuture::from(promise).await.map_err(|e| format!("{e:?}"))?;
    v.as_string().ok_or_else(|| "not text".to_string())
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url)).await.map_err(|_| format!("{url} could not be fetched"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        return Err(format!("{url} answered {}", resp.status()));
    }
    text_of(resp.text().map_err(|_| "no body".to_string())?).await
}

async fn fetch_pack(url: &str) -> Result<wharf_pack::Pack, String> {
    // A relative URL (`?pack=/packs/x/pack.toml`) is relative to the page.
    let page = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let url = web_sys::Url::new_with_base(url, &page).map_err(|_| format!("`{url}` is not a URL"))?.href();
    let url = url.as_str();
    let manifest = fetch_text(url).await?;
    let mut files = vec![("pack.toml".to_string(), manifest.clone())];
    for f in pack::module_files(&manifest)? {
        let abs = web_sys::Url::new_with_base(&f, url).map_err(|_| format!("`{f}` is not a path beside {url}"))?.href();
        files.push((f, fetch_text(&abs).await?));
    }
    pack::from_files(files)
}

/// Loads the pack named by `?pack=URL`, once, when the page starts.
#[hook]
pub fn use_pack_url(course: &CourseCtx) {
    let course = course.clone();
    use_effect_with((), move |_| {
        let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        if let Some(url) = pack::url_param(&search) {
            spawn_local(async move {
                let loaded = fetch_pack(&url).await;
                install(&course, loaded, Origin::Url(url.clone()), &format!("the pack at {url}"));
            });
        }
    });
}

/// Reads the files the learner picked and opens them as a pack. The list is copied first: the
/// input is cleared right after, which empties its `FileList`.
pub fn open_files(course: CourseCtx, files: web_sys::FileList) {
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    spawn_local(async move {
        let mut read = Vec::new();
        for f in files {
            match text_of(f.text()).await {
                Ok(t) => read.push((f.name(), t)),
                Err(e) => return course.dispatch(CourseAction::Notice(Some(format!("Could not read {}: {e}", f.name())))),
            }
        }
        install(&course, pack::from_files(read), Origin::Files, "those files as a pack");
    });
}
