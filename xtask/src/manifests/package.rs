//! App packages: the zip Teams and the Microsoft 365 admin center take, holding `manifest.json`
//! and the two icons it names, at the top level
//! (<https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package>).
//!
//! Owns writing and reading those zips. Entries carry a fixed timestamp, so the same inputs give
//! the same bytes (a rebuild changes nothing an admin would have to re-upload).

use super::{icons, pretty};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;

/// The manifest's name inside a package.
pub const MANIFEST: &str = "manifest.json";

/// A package of `manifest` with the committed colour and outline icons.
pub fn app_package(manifest: &serde_json::Value) -> anyhow::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let entries = [
        (MANIFEST, pretty(manifest).into_bytes()),
        (icons::COLOR, icons::read_public(icons::COLOR)?),
        (icons::OUTLINE, icons::read_public(icons::OUTLINE)?),
    ];
    for (name, bytes) in entries {
        zip.start_file(name, options)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The entries of a package, in order: (name, bytes).
pub fn entries(package: &[u8]) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package))?;
    let mut entries = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        entries.push((file.name()?.into_owned(), bytes));
    }
    Ok(entries)
}

/// The parsed `manifest.json` of a package.
pub fn manifest_of(package: &[u8]) -> anyhow::Result<serde_json::Value> {
    let entries = entries(package)?;
    let (_, bytes) = entries
        .iter()
        .find(|(name, _)| name == MANIFEST)
        .ok_or_else(|| anyhow::anyhow!("the package has no {MANIFEST}"))?;
    Ok(serde_json::from_slice(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_round_trips_and_is_byte_stable() {
        let manifest = serde_json::json!({"id": "x"});
        let first = app_package(&manifest).unwrap();
        assert_eq!(
            first,
            app_package(&manifest).unwrap(),
            "same input, same bytes"
        );
        let names: Vec<String> = entries(&first).unwrap().into_iter().map(|e| e.0).collect();
        assert_eq!(names, [MANIFEST, icons::COLOR, icons::OUTLINE]);
        assert_eq!(manifest_of(&first).unwrap(), manifest);
    }
}
