//! `cargo xtask size`: where the bytes of the two shipped wasm modules go, by crate and by
//! function, so that cuts are chosen by measure rather than by guess (issue 16).
//!
//! Owns reading a release wasm as rustc and the linker left it (before wasm-bindgen and
//! wasm-opt, which drop the `name` section the attribution needs): every code body is charged
//! to its function's demangled name, and that name to a crate: the first path segment, or for
//! `<T as Trait>::f` the crate of `T`. The same question twiggy's `top` and `garbage` answer,
//! without installing twiggy (it is not one of the pinned tools) — the `wasmparser` crate reads
//! the module. What ships is smaller (wasm-opt -Oz, then gzip), and shares are what to compare.
//!
//! `pane` is the whole pane as linked; `pane-main` the first module the split leaves
//! (xtask/src/pane.rs; its `__wbindgen_describe_*` functions are wasm-bindgen's and do not
//! ship). `CLOSER_SIZE_CRATE=NAME` lists that crate's functions instead of the largest ones;
//! `CLOSER_SIZE_CALLERS=TEXT` shows who calls the functions whose names contain TEXT, a few
//! levels up (direct calls, and functions that name a table-held function's slot as a constant,
//! which is how a `dyn` vtable or a `{}` in `format!` takes it), which says why a crate is in
//! a module at all.

use anyhow::{Context, bail};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use wasmparser::{
    ElementItems, ElementKind, KnownCustom, Name, Operator, Parser, Payload, TypeRef,
};

/// How many crates and functions each report lists.
const TOP: usize = 25;
/// With CLOSER_SIZE_CRATE set, how many of its functions are listed.
const TOP_OF_CRATE: usize = 5000;

/// One module's code and data, attributed.
#[derive(Debug, Default)]
pub struct SizeReport {
    /// Every function body's size, by demangled name.
    pub functions: Vec<(String, u64)>,
    /// Each function's direct callees (indexes into `functions`).
    pub calls: Vec<Vec<usize>>,
    /// The functions the table holds (called indirectly: `dyn` methods, closures).
    pub in_table: std::collections::HashSet<usize>,
    /// Each function's table slots it names as constants: where it takes a function pointer
    /// (a `dyn` vtable, a `fmt::Arguments` entry), which is how a table-held function is used.
    pub takes_pointers: Vec<Vec<usize>>,
    /// The data segments (string constants, tables), in bytes.
    pub data: u64,
    /// The whole file, in bytes.
    pub file: u64,
}

impl SizeReport {
    /// The code bytes charged to each crate, largest first.
    pub fn by_crate(&self) -> Vec<(String, u64)> {
        let mut crates: HashMap<String, u64> = HashMap::new();
        for (name, size) in &self.functions {
            *crates.entry(crate_of(name)).or_default() += size;
        }
        let mut crates: Vec<_> = crates.into_iter().collect();
        crates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        crates
    }

    /// The code section's size: every function body.
    pub fn code(&self) -> u64 {
        self.functions.iter().map(|(_, size)| size).sum()
    }
}

/// `cargo xtask size`: builds nothing; reads the wasm the last `cargo xtask build` linked.
pub fn run(args: &[String]) -> anyhow::Result<()> {
    let root = crate::toolenv::workspace_root();
    let release = root.join("target/wasm32-unknown-unknown/release");
    let which: Vec<(&str, PathBuf)> = [
        ("pane", release.join("closer-app.wasm")),
        // What every host loads first: the main module the split left (xtask/src/pane.rs).
        (
            "pane-main",
            root.join("target/pane-split/closer-app_split.wasm"),
        ),
        ("worker", worker_wasm(&root)),
    ]
    .into_iter()
    .filter(|(name, _)| args.is_empty() || args.iter().any(|a| a == name))
    .collect();
    if which.is_empty() {
        bail!("usage: cargo xtask size [pane] [pane-main] [worker]");
    }
    for (name, path) in which {
        let bytes = std::fs::read(&path).with_context(|| {
            format!("reading {} (run `cargo xtask build` first)", path.display())
        })?;
        let report = analyse(&bytes)?;
        print(name, &path, &report);
    }
    Ok(())
}

/// The worker's linked wasm: worker-build builds it into the workspace's target directory.
fn worker_wasm(root: &Path) -> PathBuf {
    root.join("target/wasm32-unknown-unknown/release/closer_worker.wasm")
}

/// Attributes a module's code to its named functions.
pub fn analyse(wasm: &[u8]) -> anyhow::Result<SizeReport> {
    let mut imported_functions = 0u32;
    let mut bodies: Vec<u64> = Vec::new();
    let mut calls: Vec<Vec<u32>> = Vec::new();
    let mut in_table: Vec<u32> = Vec::new();
    let mut slots: HashMap<u32, u32> = HashMap::new();
    let mut constants: Vec<Vec<i32>> = Vec::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut data = 0u64;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(imports) => {
                for import in imports.into_imports() {
                    if matches!(import?.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported_functions += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                bodies.push(range.end - range.start);
                let (mut callees, mut named) = (Vec::new(), Vec::new());
                for operator in body.get_operators_reader()? {
                    match operator? {
                        Operator::Call { function_index }
                        | Operator::ReturnCall { function_index } => callees.push(function_index),
                        Operator::I32Const { value } => named.push(value),
                        _ => {}
                    }
                }
                calls.push(callees);
                constants.push(named);
            }
            Payload::ElementSection(elements) => {
                for element in elements {
                    let element = element?;
                    // An active segment at a constant offset: its functions' slots are known.
                    let offset = match &element.kind {
                        ElementKind::Active { offset_expr, .. } => {
                            match offset_expr.get_operators_reader().read()? {
                                Operator::I32Const { value } => u32::try_from(value).ok(),
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    if let ElementItems::Functions(functions) = element.items {
                        for (i, function) in functions.into_iter().enumerate() {
                            let function = function?;
                            in_table.push(function);
                            if let Some(offset) = offset {
                                slots.insert(offset + i as u32, function);
                            }
                        }
                    }
                }
            }
            Payload::DataSection(section) => {
                let range = section.range();
                data += range.end - range.start;
            }
            Payload::CustomSection(custom) => {
                if let KnownCustom::Name(reader) = custom.as_known() {
                    for subsection in reader {
                        if let Name::Function(map) = subsection? {
                            for naming in map {
                                let naming = naming?;
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let functions = bodies
        .into_iter()
        .enumerate()
        .map(|(i, size)| {
            let index = imported_functions + i as u32;
            let name = names
                .get(&index)
                .map(|n| format!("{:#}", rustc_demangle::demangle(n)))
                .unwrap_or_else(|| format!("func[{index}]"));
            (name, size)
        })
        .collect();
    // Indexes into `functions`: imported functions have no body and are left out.
    let local = |index: u32| index.checked_sub(imported_functions).map(|i| i as usize);
    let calls = calls
        .into_iter()
        .map(|callees| callees.into_iter().filter_map(local).collect())
        .collect();
    let in_table = in_table.into_iter().filter_map(local).collect();
    let takes_pointers = constants
        .into_iter()
        .map(|named| {
            let mut pointed: Vec<usize> = named
                .into_iter()
                .filter_map(|value| slots.get(&u32::try_from(value).ok()?))
                .filter_map(|&function| local(function))
                .collect();
            pointed.dedup();
            pointed
        })
        .collect();
    Ok(SizeReport {
        functions,
        calls,
        in_table,
        takes_pointers,
        data,
        file: wasm.len() as u64,
    })
}

/// The crate a demangled function name belongs to: `serde_json::de::f` → `serde_json`,
/// `<alloc::vec::Vec<T> as core::clone::Clone>::clone` → `alloc`; names without a path (the
/// linker's and wasm-bindgen's own) are `(other)`.
pub fn crate_of(name: &str) -> String {
    let mut rest = name.trim_start_matches(['<', '&', '*', ' ']);
    for prefix in ["mut ", "const ", "dyn ", "impl "] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    match rest.find("::") {
        Some(end) if rest[..end].chars().all(|c| c.is_alphanumeric() || c == '_') => {
            rest[..end].to_string()
        }
        _ => "(other)".to_string(),
    }
}

fn print(name: &str, path: &Path, report: &SizeReport) {
    let kb = |b: u64| b as f64 / 1024.0;
    let code = report.code();
    println!(
        "size: {name} {} — {:.1} KB in all: {:.1} KB code in {} functions, {:.1} KB data (before \
         wasm-bindgen and wasm-opt)",
        path.display(),
        kb(report.file),
        kb(code),
        report.functions.len(),
        kb(report.data)
    );
    println!("  by crate (code):");
    for (krate, size) in report.by_crate().into_iter().take(TOP) {
        println!(
            "    {:>8.1} KB {:>5.1} %  {krate}",
            kb(size),
            100.0 * size as f64 / code.max(1) as f64
        );
    }
    // `cargo xtask size pane-main some_crate` would be nicer; an environment variable keeps
    // the command line simple: CLOSER_SIZE_CRATE=closer_app lists only that crate's functions.
    let only = std::env::var("CLOSER_SIZE_CRATE").ok();
    let mut functions = report
        .functions
        .iter()
        .filter(|(name, _)| only.as_ref().is_none_or(|c| crate_of(name) == *c))
        .collect::<Vec<_>>();
    functions.sort_by_key(|f| std::cmp::Reverse(f.1));
    println!("  largest functions:");
    let top = if only.is_some() { TOP_OF_CRATE } else { TOP };
    for (function, size) in functions.into_iter().take(top) {
        let shown: String = function.chars().take(110).collect();
        println!("    {:>8.1} KB  {shown}", kb(*size));
    }
    if let Ok(text) = std::env::var("CLOSER_SIZE_CALLERS") {
        for line in callers(report, &text, CALLER_DEPTH) {
            println!("{line}");
        }
    }
}

/// How many levels of callers `CLOSER_SIZE_CALLERS` shows.
const CALLER_DEPTH: usize = 6;

/// The callers of every function whose name contains `text`, as an indented tree `depth`
/// levels up; each function is expanded once (later mentions end in `…`).
pub fn callers(report: &SizeReport, text: &str, depth: usize) -> Vec<String> {
    let mut called_by: Vec<Vec<usize>> = vec![Vec::new(); report.functions.len()];
    let edges = report.calls.iter().zip(&report.takes_pointers);
    for (caller, (callees, pointed)) in edges.enumerate() {
        for &callee in callees.iter().chain(pointed) {
            if !called_by[callee].contains(&caller) {
                called_by[callee].push(caller);
            }
        }
    }
    let mut lines = Vec::new();
    let mut shown = std::collections::HashSet::new();
    let mut stack: Vec<(usize, usize)> = report
        .functions
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| name.contains(text))
        .map(|(index, _)| (index, 0))
        .rev()
        .collect();
    while let Some((index, level)) = stack.pop() {
        let name: String = report.functions[index].0.chars().take(120).collect();
        let table = if report.in_table.contains(&index) {
            " [in table]"
        } else {
            ""
        };
        let first = shown.insert(index);
        let more = if first { "" } else { " …" };
        lines.push(format!("{}{name}{table}{more}", "  ".repeat(level + 1)));
        if first && level < depth {
            stack.extend(called_by[index].iter().rev().map(|&c| (c, level + 1)));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_function_is_charged_to_the_crate_that_defines_its_type() {
        assert_eq!(crate_of("serde_json::de::from_str"), "serde_json");
        assert_eq!(
            crate_of("<alloc::vec::Vec<u8> as core::clone::Clone>::clone"),
            "alloc"
        );
        assert_eq!(
            crate_of("<&mut serde_json::Serializer<W> as serde::Serializer>::f"),
            "serde_json"
        );
        assert_eq!(crate_of("__wbindgen_malloc"), "(other)");
    }

    #[test]
    fn a_module_s_bodies_are_named_and_summed() {
        // (module (import "m" "f" (func)) (func $a nop) (func $b i32.const 1 drop) (data "xy"))
        // with a name section naming functions 1 and 2.
        let wasm = wat_module();
        let report = analyse(&wasm).unwrap();
        assert_eq!(report.functions.len(), 2);
        assert_eq!(report.functions[0].0, "a::f");
        assert_eq!(report.functions[1].0, "b::g");
        assert!(report.functions[1].1 > report.functions[0].1);
        assert_eq!(
            report
                .by_crate()
                .iter()
                .map(|c| c.0.as_str())
                .collect::<Vec<_>>(),
            ["b", "a"]
        );
        assert!(report.data > 0);
    }

    /// A hand-assembled module: one imported function, two defined, one data segment, names.
    #[test]
    fn a_module_s_direct_calls_are_read() {
        let report = analyse(&wat_module()).unwrap();
        // b calls a; the imported function is not one of the bodies.
        assert_eq!(report.calls, vec![vec![], vec![0]]);
    }

    #[test]
    fn callers_are_shown_as_a_tree_each_function_expanded_once() {
        let name = |n: &str| (n.to_string(), 10);
        let report = SizeReport {
            functions: vec![
                name("fmt::leaf"),
                name("mid"),
                name("top"),
                name("vtable_user"),
            ],
            calls: vec![vec![], vec![0], vec![1, 1], vec![1]],
            in_table: [0].into(),
            takes_pointers: vec![vec![], vec![], vec![], vec![0]],
            data: 0,
            file: 0,
        };
        assert_eq!(
            callers(&report, "leaf", 6),
            [
                "  fmt::leaf [in table]",
                "    mid",
                "      top",
                "      vtable_user",
                "    vtable_user …",
            ]
        );
        assert_eq!(callers(&report, "leaf", 1).len(), 3);
        assert!(callers(&report, "absent", 6).is_empty());
    }

    fn wat_module() -> Vec<u8> {
        let mut m = vec![0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
        let section = |m: &mut Vec<u8>, id: u8, body: &[u8]| {
            m.push(id);
            m.push(body.len() as u8);
            m.extend_from_slice(body);
        };
        section(&mut m, 1, &[0x01, 0x60, 0x00, 0x00]); // type 0: [] -> []
        section(&mut m, 2, &[0x01, 0x01, b'm', 0x01, b'f', 0x00, 0x00]); // import m.f: type 0
        section(&mut m, 3, &[0x02, 0x00, 0x00]); // two functions of type 0
        section(&mut m, 5, &[0x01, 0x00, 0x01]); // one memory, min 1 page
        // code: body a = [locals 0, nop, end]; body b = [locals 0, call a (index 1), end]
        section(
            &mut m,
            10,
            &[0x02, 0x03, 0x00, 0x01, 0x0b, 0x04, 0x00, 0x10, 0x01, 0x0b],
        );
        // data: active segment, memory 0, offset i32.const 0, bytes "xy"
        section(
            &mut m,
            11,
            &[0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, b'x', b'y'],
        );
        let mut names = vec![0x04, b'n', b'a', b'm', b'e', 0x01];
        let map: &[u8] = &[
            0x02, 0x01, 0x04, b'a', b':', b':', b'f', 0x02, 0x04, b'b', b':', b':', b'g',
        ];
        names.push(map.len() as u8);
        names.extend_from_slice(map);
        section(&mut m, 0, &names);
        m
    }
}
