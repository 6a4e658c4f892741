//! Small inline SVG icons, drawn with `currentColor` so they follow the theme.

use yew::prelude::*;

fn icon(paths: Html) -> Html {
    html! {
        <svg class="icon" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor"
             stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
            { paths }
        </svg>
    }
}

/// wharf's mark: a stack of containers on a quay.
pub fn logo() -> Html {
    html! {
        <svg class="logo" width="26" height="26" viewBox="0 0 26 26" aria-hidden="true">
            <rect x="1" y="1" width="24" height="24" rx="6" class="logo-bg" />
            <rect x="5" y="12" width="7" height="5" rx="1" class="logo-box a" />
            <rect x="13" y="12" width="8" height="5" rx="1" class="logo-box b" />
            <rect x="9" y="6" width="7" height="5" rx="1" class="logo-box c" />
            <path d="M4 20.5h18" class="logo-quay" />
        </svg>
    }
}

/// A sun: light theme.
pub fn sun() -> Html {
    icon(html! { <>
        <circle cx="8" cy="8" r="3" />
        <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />
    </> })
}

/// A moon: dark theme.
pub fn moon() -> Html {
    icon(html! { <path d="M13.5 9.5A5.5 5.5 0 0 1 6.5 2.5a5.5 5.5 0 1 0 7 7z" /> })
}

/// Half a disc: follow the system.
pub fn auto() -> Html {
    icon(html! { <>
        <circle cx="8" cy="8" r="5.5" />
        <path d="M8 2.5v11a5.5 5.5 0 0 0 0-11z" fill="currentColor" stroke="none" />
    </> })
}

/// A circular arrow: new machine.
pub fn restart() -> Html {
    icon(html! { <>
        <path d="M13 8a5 5 0 1 1-1.5-3.6" />
        <path d="M13 2.5v3h-3" />
    </> })
}

/// A play triangle: run a command.
pub fn play() -> Html {
    html! {
        <svg class="icon" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
            <path d="M3 2l7 4-7 4z" fill="currentColor" />
        </svg>
    }
}

/// A square: interrupt.
pub fn stop() -> Html {
    icon(html! { <rect x="4" y="4" width="8" height="8" rx="1.5" /> })
}

/// Lines and a cross: clear the screen.
pub fn clear() -> Html {
    icon(html! { <>
        <path d="M2.5 4.5h11M2.5 8h6M2.5 11.5h4" />
        <path d="M10.5 9.5l3 3M13.5 9.5l-3 3" />
    </> })
}

/// Chevron pointing left (fold) or right (unfold).
pub fn chevron(left: bool) -> Html {
    icon(html! { <path d={if left { "M10 3.5L5.5 8l4.5 4.5" } else { "M6 3.5L10.5 8 6 12.5" }} /> })
}

/// Arrow for "previous/next module".
pub fn arrow(left: bool) -> Html {
    icon(html! { <path d={if left { "M13 8H3M7 4L3 8l4 4" } else { "M3 8h10M9 4l4 4-4 4" }} /> })
}

/// A tick: a step done.
pub fn check() -> Html {
    icon(html! { <path d="M3 8.5l3.2 3L13 4.5" /> })
}

/// A padlock: a step whose needs are not done.
pub fn lock() -> Html {
    icon(html! { <><rect x="3.5" y="7" width="9" height="6.5" rx="1.2" /><path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" /></> })
}

/// A light bulb: a hint.
pub fn bulb() -> Html {
    icon(html! { <><path d="M6 12.5h4M6.5 14.5h3" /><path d="M8 1.8a4.2 4.2 0 0 0-2.5 7.6c.5.4.8 1 .8 1.6h3.4c0-.6.3-1.2.8-1.6A4.2 4.2 0 0 0 8 1.8z" /></> })
}
