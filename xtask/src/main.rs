//! `cargo xtask <command>`: the project's commands, so that a newcomer needs only cargo.
//!
//! - `dev`   installs what is missing, builds, and runs Closer against the sandbox (README 1)
//! - `test`  installs what is missing and runs every check and test suite (README 2, CI)
//! - `setup` only installs the pinned tools; `build` only builds the UI and the worker (and
//!   writes the dev origin's manifests)
//! - `bench` measures the figures the issues set targets for; `size` says which crates and
//!   functions the shipped wasm modules' bytes go to
//! - `catalogue` prints what each test suite covers, from the test modules' headers
//! - `manifests --origin URL` writes the Outlook and Teams manifests and packages for a host;
//!   `icons` redraws the icons they use into `public/assets/`
//!
//! Owns orchestration only: it never contains product logic, and nothing it does ships.

mod bench;
mod build;
mod catalogue;
mod deploy_check;
mod dev;
mod manifests;
mod pane;
mod setup;
mod size;
mod test;
mod toolenv;

use anyhow::bail;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = toolenv::workspace_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("setup") => setup::run(setup::Needs::default()),
        Some("build") => {
            setup::run(setup::Needs::default())?;
            build::all()
        }
        Some("dev") => dev::run(),
        Some("test") => test::run(),
        Some("bench") => bench::run(&args[1..]),
        Some("catalogue") => catalogue::run(),
        Some("size") => size::run(&args[1..]),
        Some("manifests") => manifests::run(&args[1..]),
        Some("icons") => manifests::icons::write_public(),
        Some(other) => bail!("unknown command {other:?}\n{USAGE}"),
        None => {
            println!("{USAGE}");
            Ok(())
        }
    }
}

const USAGE: &str =
    "usage: cargo xtask <dev | test | bench | size | catalogue | setup | build | manifests | icons>
  dev    install missing tools, build, run Closer with the sandbox, print the preview URL
  test   install missing tools, run fmt, clippy (native + wasm32), all tests, the manifests'
         validation, wasm builds, wrangler deploy --dry-run, e2e
  bench [first-token | first-card | cards]  measure the figures on the real stack (all, or one)
  size [pane] [pane-main] [worker]  the built wasm modules' code by crate and largest functions
  catalogue  print what each test suite covers (the test modules' `//!` headers)
  setup  install missing pinned tools only
  build  build the UI (trunk, then its wasm split into modules) and the worker (worker-build),
         and the dev origin's manifests
  manifests --origin https://HOST [--client-id GUID] [--app-id GUID] [--teams-app-id GUID]
            [--app-domain https://HOST]...
         write the Outlook add-in (XML and unified) and Teams packages to target/manifests/
  icons  redraw the manifests' icons into public/assets/";
