// The Teams host shim: the only code that touches TeamsJS (@microsoft/teams-js v2). It turns
// TeamsJS's context and events into plain objects and promises the Rust pane consumes (see
// app/src/host/teams.rs), and holds no business logic: which calendar event a meeting chat is,
// is the worker's answer (POST /api/pane/meeting/from-chat), not this file's.
//
// TeamsJS is the npm package's browser bundle (pinned in package-lock.json), copied into the
// pane's dist at build time and served from the pane's own origin (the CSP allows scripts from
// 'self' only, besides office.js). It is loaded only when the page was opened as a Teams tab
// (?host=teams, the URL in the Teams app package), so the preview and Outlook never fetch it.

const TEAMS_JS = "/MicrosoftTeams.min.js";
// A same-origin file loads in milliseconds; app.initialize() outside Teams never answers (no
// parent frame replies), so without a deadline the pane would wait forever instead of saying so.
const LOAD_TIMEOUT_MS = 10000;
const INITIALIZE_TIMEOUT_MS = 10000;

/** Whether the page was opened as a Teams tab. */
export function teamsRequested() {
  return new URLSearchParams(window.location.search).get("host") === "teams";
}

function loadTeamsJs() {
  // A test (or a host that injects it) may provide TeamsJS already; a second copy would replace
  // it and lose its state.
  if (window.microsoftTeams) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = TEAMS_JS;
    const timer = setTimeout(() => reject(new Error("TeamsJS did not load in time")), LOAD_TIMEOUT_MS);
    script.onload = () => { clearTimeout(timer); resolve(); };
    script.onerror = () => { clearTimeout(timer); reject(new Error("TeamsJS could not be loaded")); };
    document.head.appendChild(script);
  });
}

function withDeadline(promise, ms, message) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// Teams' theme names ("default", "dark", "contrast") mapped to the stylesheet's palettes; an
// unknown future theme falls back to light, Teams' default, rather than leaving no palette.
const THEMES = { default: "light", dark: "dark", contrast: "contrast" };

/** Applies a Teams theme name as `data-theme` on the root element (the stylesheet reads it). */
function applyTeamsTheme(theme) {
  document.documentElement.dataset.theme = THEMES[theme] || "light";
}

let started = null;

// The languages the pane speaks (app/src/i18n.rs, Language::ALL; a unit test there checks this
// list). The host's language becomes `<html lang>`, which the pane's catalogue follows, only
// when the pane speaks it: otherwise the browser's choice stays, so `lang` never names a
// language the text is not in.
const PANE_LANGUAGES = ["en", "de", "fr"];

/** Adopts the host's UI language (`de-DE`, `fr-fr`) for the pane when the pane speaks it. */
function adoptHostLanguage(tag) {
  if (typeof tag !== "string" || !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(tag)) return;
  const language = tag.split(/[-_]/)[0].toLowerCase();
  if (PANE_LANGUAGES.includes(language)) document.documentElement.lang = tag.replace(/_/g, "-");
}

/**
 * Loads TeamsJS, initializes it and reads the context, once per page (the side panel, the
 * configuration page and the admin tab all start here). Follows Teams' theme from then on.
 */
function initialized() {
  if (!started) {
    started = (async () => {
      await loadTeamsJs();
      const teams = window.microsoftTeams;
      await withDeadline(teams.app.initialize(), INITIALIZE_TIMEOUT_MS,
        "this page is not running inside Teams");
      const context = await teams.app.getContext();
      applyTeamsTheme(context.app && context.app.theme);
      // Teams' UI language (app.locale), before the tab renders in it.
      adoptHostLanguage(context.app && context.app.locale);
      // The seller may switch Teams' theme while the tab is open.
      teams.app.registerOnThemeChangeHandler(applyTeamsTheme);
      return context;
    })();
    // A failed start is not cached: reopening the tab starts again.
    started.catch(() => { started = null; });
  }
  return started;
}

/** Whether Teams recommends nested app authentication (TeamsJS 2.22+; absent: no). */
function nestedAuthRecommended(teams) {
  const naa = teams.nestedAppAuth;
  try {
    return Boolean(naa && typeof naa.isNAAChannelRecommended === "function"
      && naa.isNAAChannelRecommended());
  } catch (_) {
    // Older Teams clients throw for capabilities they lack; the redirect sign-in still works.
    return false;
  }
}

/**
 * Starts the Teams host: resolves to what the pane needs from Teams' context (the meeting
 * chat's id, the frame the tab is in, theme, locale, the user's UPN, whether NAA is
 * recommended) and marks the frame as `data-frame` on the root element, so the stylesheet can
 * fit the 320 px meeting side panel. Rejects with a readable message outside Teams.
 */
export async function startTeams() {
  const context = await initialized();
  const page = context.page || {};
  const frameContext = page.frameContext || null;
  if (frameContext) document.documentElement.dataset.frame = frameContext;
  return {
    chatId: (context.chat && context.chat.id) || null,
    frameContext,
    theme: (context.app && context.app.theme) || null,
    locale: (context.app && context.app.locale) || null,
    nestedAuth: nestedAuthRecommended(window.microsoftTeams),
    userPrincipalName: (context.user && context.user.userPrincipalName) || null,
  };
}

/**
 * The configurable tab's configuration page: when the user presses Save, Teams gets the pane
 * (`?host=teams` on this origin) as the tab's content. Nothing is chosen on the page, so Save
 * is enabled at once. Rejects with a readable message outside Teams.
 */
export async function configureTab() {
  await initialized();
  const config = window.microsoftTeams.pages.config;
  const origin = window.location.origin;
  config.registerOnSaveHandler((saveEvent) => {
    config.setConfig({
      contentUrl: `${origin}/?host=teams`,
      websiteUrl: `${origin}/`,
      entityId: "closer-meeting",
      suggestedDisplayName: "Closer",
    }).then(
      () => saveEvent.notifySuccess(),
      (error) => saveEvent.notifyFailure((error && error.message) || String(error)),
    );
  });
  config.setValidityState(true);
}

// Sign-in without nested app authentication: Entra's sign-in page refuses to be framed, so a
// tab cannot navigate to it. Teams opens it in its own popup instead
// (authentication.authenticate), at a page of this origin that starts the redirect sign-in;
// when the authority returns there with a code and the pane has redeemed it, that page hands
// the token back to the tab (authentication.notifySuccess) and Teams closes the popup.
// https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/authentication/auth-tab-aad

/**
 * Opens Teams' sign-in popup at `url` and resolves to what the popup reported (the token).
 * Rejects with a readable message when the user closed it or the sign-in failed.
 */
export async function authenticateInPopup(url) {
  await initialized();
  return window.microsoftTeams.authentication.authenticate({ url, width: 600, height: 535 });
}

/** In Teams' sign-in popup: TeamsJS, initialized for the popup (it has no tab context). */
async function popupInitialized() {
  await loadTeamsJs();
  await withDeadline(window.microsoftTeams.app.initialize(), INITIALIZE_TIMEOUT_MS,
    "this page is not Teams' sign-in window");
  return window.microsoftTeams;
}

/** In Teams' sign-in popup: hands `token` to the tab that opened it (Teams closes the popup). */
export async function notifyAuthSuccess(token) {
  const teams = await popupInitialized();
  teams.authentication.notifySuccess(token);
}

/** In Teams' sign-in popup: tells the tab the sign-in failed, and why. */
export async function notifyAuthFailure(reason) {
  const teams = await popupInitialized();
  teams.authentication.notifyFailure(reason);
}
