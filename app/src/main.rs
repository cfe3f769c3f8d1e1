//! The pane's wasm entry: [`closer_app::start`] mounts the pane on the page body.

fn main() {
    closer_app::start();
}
