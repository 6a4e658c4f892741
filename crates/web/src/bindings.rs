//! The few xterm.js calls the terminal needs. `index.html` imports xterm.js and its fit addon
//! as ES modules (copied into `dist/` at build time, no CDN) and sets the globals `Terminal`
//! and `FitAddon.FitAddon` for these bindings.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `new Terminal(options)`.
    #[wasm_bindgen(js_name = Terminal)]
    #[derive(Clone)]
    pub type XTerm;

    #[wasm_bindgen(constructor, js_class = "Terminal")]
    pub fn new(options: &JsValue) -> XTerm;

    #[wasm_bindgen(method)]
    pub fn open(this: &XTerm, parent: &web_sys::HtmlElement);

    #[wasm_bindgen(method)]
    pub fn write(this: &XTerm, data: &str);

    #[wasm_bindgen(method)]
    pub fn focus(this: &XTerm);

    /// Clears the screen and scrollback but the cursor's row.
    #[wasm_bindgen(method)]
    pub fn clear(this: &XTerm);

    /// Back to a blank terminal.
    #[wasm_bindgen(method)]
    pub fn reset(this: &XTerm);

    #[wasm_bindgen(method)]
    pub fn dispose(this: &XTerm);

    #[wasm_bindgen(method, js_name = loadAddon)]
    pub fn load_addon(this: &XTerm, addon: &Fit);

    /// Typed input, as the bytes a terminal would send.
    #[wasm_bindgen(method, js_name = onData)]
    pub fn on_data(this: &XTerm, listener: &Closure<dyn FnMut(String)>) -> Disposable;

    #[wasm_bindgen(method, getter)]
    pub fn cols(this: &XTerm) -> u32;

    #[wasm_bindgen(method, getter)]
    pub fn rows(this: &XTerm) -> u32;

    /// The live options object; assigning a property applies it.
    #[wasm_bindgen(method, getter)]
    pub fn options(this: &XTerm) -> js_sys::Object;

    /// What `onData` returns: call `dispose` to stop listening.
    pub type Disposable;

    #[wasm_bindgen(method)]
    pub fn dispose(this: &Disposable);
}

#[wasm_bindgen(js_namespace = FitAddon)]
extern "C" {
    /// `new FitAddon.FitAddon()`: sizes the terminal to its element.
    #[wasm_bindgen(js_name = FitAddon)]
    #[derive(Clone)]
    pub type Fit;

    #[wasm_bindgen(constructor, js_class = "FitAddon")]
    pub fn new() -> Fit;

    #[wasm_bindgen(method)]
    pub fn fit(this: &Fit);
}

/// Whether the xterm.js scripts were loaded.
pub fn xterm_loaded() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("Terminal")).unwrap_or(false)
        && js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("FitAddon")).unwrap_or(false)
}
