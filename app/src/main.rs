//! The pane's wasm entry: mounts [`closer_app::App`] on the page body.

fn main() {
    leptos::mount::mount_to_body(closer_app::App);
}
