// Nested app authentication (NAA), shared by the Outlook and Teams hosts: inside a host that
// brokers tokens, MSAL.js's nestable public client asks the host for a token for Closer's API;
// no redirect, no page of our own. Whether the host supports it is each host shim's to say
// (office_host.js: requirement set NestedAppAuth 1.1; teams_host.js: TeamsJS's
// nestedAppAuth.isNAAChannelRecommended). MSAL.js is the npm package's browser bundle, copied
// into the pane's dist at build time and loaded from the pane's own origin only when NAA is used.
// Tokens are handed to the Rust session and never logged here.

const MSAL_BUNDLE = "/msal-browser.min.js";
// A same-origin file normally loads in milliseconds; past this the host is likely offline, and
// the seller is better served by the redirect sign-in than by a pane that waits forever.
const LOAD_TIMEOUT_MS = 10000;
let nestedClient = null;

function loadMsal() {
  // A test (or a host) may provide MSAL already; loading a second copy would replace it.
  if (window.msal) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = MSAL_BUNDLE;
    const timer = setTimeout(() => reject(new Error("MSAL.js did not load in time")), LOAD_TIMEOUT_MS);
    script.onload = () => { clearTimeout(timer); resolve(); };
    script.onerror = () => { clearTimeout(timer); reject(new Error("MSAL.js could not be loaded")); };
    document.head.appendChild(script);
  });
}

function reason(error) {
  // MSAL errors carry errorMessage; plain errors carry message.
  return (error && (error.errorMessage || error.message)) || String(error);
}

/**
 * A token for `scope` (Closer's API only) from the host, silently when the host can; when it
 * cannot and `interactive` is set (a click), through the host's own sign-in popup. Rejects with
 * a readable message.
 */
export async function nestedToken(clientId, authority, scope, interactive) {
  await loadMsal();
  if (!nestedClient) {
    nestedClient = window.msal.createNestablePublicClientApplication({
      auth: { clientId, authority },
    });
    // A failed start is not cached: the next attempt starts again.
    nestedClient.catch(() => { nestedClient = null; });
  }
  const client = await nestedClient;
  const request = { scopes: [scope] };
  try {
    return (await client.acquireTokenSilent(request)).accessToken;
  } catch (silentError) {
    // Without a click the host blocks its popup, so a silent failure is reported as is.
    if (!interactive) throw new Error(reason(silentError));
    try {
      return (await client.acquireTokenPopup(request)).accessToken;
    } catch (popupError) {
      throw new Error(reason(popupError));
    }
  }
}
