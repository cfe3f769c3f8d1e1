// The preview's theme choice: light, dark, or the system's (prefers-color-scheme), kept in
// localStorage and applied as `data-theme` on the root element, which the stylesheet reads.
// Inside Outlook the Office.js shim sets `data-theme` from the Office theme instead.

const KEY = "closer.theme";
const CHOICES = ["system", "light", "dark"];

/** The stored choice (`system` when none or unreadable). */
export function storedTheme() {
  try {
    const stored = window.localStorage.getItem(KEY);
    return CHOICES.includes(stored) ? stored : "system";
  } catch (_) {
    return "system";
  }
}

/** Applies and remembers `choice`. */
export function chooseTheme(choice) {
  const name = CHOICES.includes(choice) ? choice : "system";
  const root = document.documentElement;
  if (name === "system") delete root.dataset.theme;
  else root.dataset.theme = name;
  try {
    window.localStorage.setItem(KEY, name);
  } catch (_) {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}
