//! Closer's icons: a white "C" monogram, drawn here and committed as PNGs in `public/assets/`
//! (`cargo xtask icons` redraws them), which Trunk copies into the pane's `assets/` so the
//! manifests' icon URLs are served from the pane's own origin.
//!
//! Owns the icon set the manifests refer to and the pixel sizes the hosts ask for:
//! - Outlook buttons 16, 32 and 80 px, the add-in icon 64 px and its high-resolution 128 px
//!   (<https://learn.microsoft.com/javascript/api/manifest/icon>,
//!   <https://learn.microsoft.com/javascript/api/manifest/highresolutioniconurl>);
//! - Outlook mobile buttons 25, 32 and 48 px at scales 1 to 3 (so 25, 32, 48, 50, 64, 75, 96 and
//!   144 px; <https://learn.microsoft.com/javascript/api/manifest/control-mobilebutton>);
//! - Teams and the unified manifest: `color.png` 192×192 (full colour) and `outline.png` 32×32
//!   (white on transparent; <https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons>).

use crate::toolenv;
use std::path::PathBuf;

/// How an icon is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A white C on Closer's accent blue, in a rounded square.
    Color,
    /// A white C on transparent (Teams' outline icon: white and transparent only).
    Outline,
}

/// One committed icon file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Icon {
    /// File name in `public/assets/` (and in the pane's `assets/`).
    pub file: &'static str,
    /// Width and height in pixels.
    pub size: u32,
    /// How it is painted.
    pub style: Style,
}

const fn color(file: &'static str, size: u32) -> Icon {
    Icon {
        file,
        size,
        style: Style::Color,
    }
}

/// Every icon the manifests use.
pub const ICONS: &[Icon] = &[
    color("icon-16.png", 16),
    color("icon-25.png", 25),
    color("icon-32.png", 32),
    color("icon-48.png", 48),
    color("icon-50.png", 50),
    color("icon-64.png", 64),
    color("icon-75.png", 75),
    color("icon-80.png", 80),
    color("icon-96.png", 96),
    color("icon-128.png", 128),
    color("icon-144.png", 144),
    color("color.png", 192),
    Icon {
        file: "outline.png",
        size: 32,
        style: Style::Outline,
    },
];

/// The colour icon of the app packages (192×192).
pub const COLOR: &str = "color.png";
/// The outline icon of the app packages (32×32).
pub const OUTLINE: &str = "outline.png";

/// Closer's accent (`--accent` in `public/closer.css`).
pub const ACCENT: [u8; 3] = [0x0f, 0x6c, 0xbd];

/// The icon file named `file`.
pub fn icon(file: &str) -> Option<&'static Icon> {
    ICONS.iter().find(|icon| icon.file == file)
}

/// The `icon-<size>.png` file for a size the set has.
pub fn sized(size: u32) -> &'static str {
    ICONS
        .iter()
        .find(|icon| {
            icon.style == Style::Color && icon.size == size && icon.file.starts_with("icon-")
        })
        .map(|icon| icon.file)
        .unwrap_or_else(|| panic!("no {size}px icon in the set"))
}

/// Where the committed file lives.
pub fn public_path(file: &str) -> PathBuf {
    toolenv::workspace_root().join("public/assets").join(file)
}

/// The committed bytes of `file` (what the packages embed and the origin serves).
pub fn read_public(file: &str) -> anyhow::Result<Vec<u8>> {
    let path = public_path(file);
    std::fs::read(&path)
        .map_err(|err| anyhow::anyhow!("{}: {err} (run `cargo xtask icons`)", path.display()))
}

/// `cargo xtask icons`: redraws every icon into `public/assets/`.
pub fn write_public() -> anyhow::Result<()> {
    for icon in ICONS {
        let path = public_path(icon.file);
        std::fs::write(&path, encode(icon)?)?;
        println!(
            "icons: wrote {} ({}×{})",
            path.display(),
            icon.size,
            icon.size
        );
    }
    Ok(())
}

/// The PNG of `icon`.
pub fn encode(icon: &Icon) -> anyhow::Result<Vec<u8>> {
    let pixels = draw(icon.size, icon.style);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, icon.size, icon.size);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

/// Width, height and RGBA pixels of a PNG (for the checks).
pub fn decode(bytes: &[u8]) -> anyhow::Result<(u32, u32, Vec<u8>)> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info()?;
    let mut pixels = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let frame = reader.next_frame(&mut pixels)?;
    anyhow::ensure!(
        frame.color_type == png::ColorType::Rgba && frame.bit_depth == png::BitDepth::Eight,
        "expected 8-bit RGBA after expansion, got {:?}/{:?}",
        frame.color_type,
        frame.bit_depth
    );
    pixels.truncate(frame.buffer_size());
    Ok((frame.width, frame.height, pixels))
}

/// Samples per pixel side: 4×4 supersampling smooths the edges at every size.
const SUPERSAMPLE: u32 = 4;

/// RGBA pixels (straight alpha) of the monogram at `size`.
fn draw(size: u32, style: Style) -> Vec<u8> {
    let mut pixels = Vec::with_capacity((size * size * 4) as usize);
    let samples = f64::from(SUPERSAMPLE * SUPERSAMPLE);
    for y in 0..size {
        for x in 0..size {
            let (mut background, mut letter) = (0.0, 0.0);
            for sy in 0..SUPERSAMPLE {
                for sx in 0..SUPERSAMPLE {
                    // The sample's position in the unit square.
                    let u = (f64::from(x * SUPERSAMPLE + sx) + 0.5) / f64::from(size * SUPERSAMPLE);
                    let v = (f64::from(y * SUPERSAMPLE + sy) + 0.5) / f64::from(size * SUPERSAMPLE);
                    if in_rounded_square(u, v) {
                        background += 1.0;
                    }
                    if in_letter_c(u, v) {
                        letter += 1.0;
                    }
                }
            }
            let letter = letter / samples;
            let background = match style {
                Style::Color => background / samples,
                Style::Outline => 0.0,
            };
            // White letter composited over the background ("over", straight alpha).
            let alpha = letter + background * (1.0 - letter);
            let channel = |base: u8| {
                if alpha == 0.0 {
                    0
                } else {
                    let value =
                        (255.0 * letter + f64::from(base) * background * (1.0 - letter)) / alpha;
                    value.round().clamp(0.0, 255.0) as u8
                }
            };
            let (r, g, b) = match style {
                // The outline icon must be white wherever it is not transparent.
                Style::Outline if alpha > 0.0 => (255, 255, 255),
                _ => (channel(ACCENT[0]), channel(ACCENT[1]), channel(ACCENT[2])),
            };
            pixels.extend_from_slice(&[r, g, b, (alpha * 255.0).round() as u8]);
        }
    }
    pixels
}

/// A square with rounded corners filling the unit square.
fn in_rounded_square(u: f64, v: f64) -> bool {
    const RADIUS: f64 = 0.2;
    let dx = (u - 0.5).abs() - (0.5 - RADIUS);
    let dy = (v - 0.5).abs() - (0.5 - RADIUS);
    if dx <= 0.0 || dy <= 0.0 {
        return (0.0..=1.0).contains(&u) && (0.0..=1.0).contains(&v);
    }
    dx * dx + dy * dy <= RADIUS * RADIUS
}

/// A "C": a ring open to the right (±45°), with round ends.
fn in_letter_c(u: f64, v: f64) -> bool {
    const OUTER: f64 = 0.33;
    const INNER: f64 = 0.19;
    const OPENING: f64 = std::f64::consts::FRAC_PI_4;
    let (dx, dy) = (u - 0.5, v - 0.5);
    let radius = (dx * dx + dy * dy).sqrt();
    let angle = dy.atan2(dx).abs();
    if (INNER..=OUTER).contains(&radius) && angle >= OPENING {
        return true;
    }
    // Round caps centred on the stroke's middle at both ends of the opening.
    let (middle, half) = ((OUTER + INNER) / 2.0, (OUTER - INNER) / 2.0);
    [OPENING, -OPENING].iter().any(|end| {
        let (cx, cy) = (middle * end.cos(), middle * end.sin());
        (dx - cx).powi(2) + (dy - cy).powi(2) <= half * half
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_icons_are_the_drawn_ones_at_their_sizes() {
        for icon in ICONS {
            let committed = read_public(icon.file).unwrap();
            assert!(
                committed == encode(icon).unwrap(),
                "public/assets/{} differs from the drawing: run `cargo xtask icons`",
                icon.file
            );
            let (width, height, _) = decode(&committed).unwrap();
            assert_eq!((width, height), (icon.size, icon.size), "{}", icon.file);
        }
    }

    #[test]
    fn the_outline_icon_is_white_on_transparent_and_the_color_icon_is_opaque() {
        let (_, _, outline) = decode(&read_public(OUTLINE).unwrap()).unwrap();
        let mut drawn = 0;
        for pixel in outline.chunks(4) {
            if pixel[3] > 0 {
                drawn += 1;
                assert_eq!(&pixel[..3], &[255, 255, 255], "a non-white outline pixel");
            }
        }
        assert!(drawn > 100, "the outline icon draws the letter");
        assert!(
            drawn < 32 * 32 / 2,
            "the outline icon is mostly transparent"
        );
        let (_, _, color) = decode(&read_public(COLOR).unwrap()).unwrap();
        let centre_left = ((96 * 192) + 40) * 4; // on the letter's left stroke
        assert_eq!(&color[centre_left..centre_left + 4], &[255, 255, 255, 255]);
        let inside = ((96 * 192) + 96) * 4; // the hole of the C shows the accent
        assert_eq!(
            &color[inside..inside + 4],
            &[ACCENT[0], ACCENT[1], ACCENT[2], 255]
        );
    }

    #[test]
    fn every_size_a_manifest_names_is_in_the_set() {
        for size in [16, 25, 32, 48, 50, 64, 75, 80, 96, 128, 144] {
            assert_eq!(icon(sized(size)).unwrap().size, size);
        }
        assert_eq!(icon(COLOR).unwrap().size, 192);
        assert_eq!(icon(OUTLINE).unwrap().size, 32);
    }
}
