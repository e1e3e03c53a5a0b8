// The one way the page talks to the API: JSON in and out, the bearer token added, problem+json turned into an
// ApiError, and a 401 answered by refreshing the tokens once and trying again. A login that cannot go on (no refresh
// token, or a refresh refused: logged out elsewhere, the account switched off) ends in the sign-in form.
import { tokens } from "./tokens.js";

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem?.detail ?? `The server answered ${status}.`);
    this.status = status;
    this.code = problem?.code ?? null;
    this.problem = problem ?? {};
    this.retryAfter = retryAfter;
    /** True when this error ended the login: the page went back to the sign-in form. */
    this.signedOut = false;
  }
}

let signedOutHandler = () => {};
let refreshing = null;

/** Called when the tokens cannot be refreshed: the user must log in again. */
export function onSignedOut(handler) { signedOutHandler = handler; }

/**
 * Refresh tokens rotate: each works once, and a spent one presented again revokes the whole login. So only one
 * refresh runs at a time in this tab (every 401 waits for the same one), and across tabs a Web Lock makes them take
 * turns, each reading the newest refresh token after the previous tab stored its own.
 */
export function refreshTokens() {
  refreshing ??= withLock(async () => {
    const refresh = tokens.refresh;
    if (!refresh) { throw new ApiError(401, { code: "not_authenticated", detail: "Please log in." }); }
    const response = await fetch("/api/token/refresh/", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ refresh }),
    });
    if (!response.ok) {
      const error = await errorFrom(response);
      if (response.status === 401 || response.status === 400) { signOut(error); }
      throw error;
    }
    tokens.store(await response.json());
  }).finally(() => { refreshing = null; });
  return refreshing;
}

function signOut(error) {
  tokens.forget();
  error.signedOut = true;
  signedOutHandler();
}

function withLock(work) {
  return navigator.locks ? navigator.locks.request("chatbot-refresh", work) : work();
}

/** Sends a request; answers the Response (for streams) when it succeeded, throws ApiError when it did not. */
export async function send(method, path, { body, accept = "application/json", signal, auth = true } = {}) {
  const attempt = () => {
    const headers = { Accept: accept };
    // A form (a file upload) carries its own multipart type and boundary; anything else is sent as JSON.
    const form = body instanceof FormData;
    if (body !== undefined && !form) { headers["Content-Type"] = "application/json"; }
    if (auth && tokens.access) { headers.Authorization = `Bearer ${tokens.access}`; }
    return fetch(path, { method, headers, body: body === undefined || form ? body : JSON.stringify(body), signal });
  };
  if (auth && !tokens.access && tokens.refresh) { await refreshTokens(); }
  let response = await attempt();
  if (response.status === 401 && auth && tokens.refresh) {
    await refreshTokens();
    response = await attempt();
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    // A 401 with no refresh token left to try (another tab logged out, or forgot it): nothing can renew this login.
    if (response.status === 401 && auth && !tokens.refresh) { signOut(error); }
    throw error;
  }
  return response;
}

/** The JSON of a successful answer (null for 204), and its Link header's relations. */
export async function json(method, path, options) {
  const response = await send(method, path, options);
  const value = response.status === 204 ? null : await response.json();
  return { value, links: parseLinks(response.headers.get("Link")) };
}

export async function errorFrom(response) {
  let problem = null;
  try { problem = await response.json(); } catch { /* not JSON: the status says enough */ }
  const seconds = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
  return new ApiError(response.status, problem, Number.isFinite(seconds) ? seconds : null);
}

/** RFC 8288: `<url>; rel="next", <url>; rel="prev"` → { next: "/path?…", prev: "/path?…" }, same-origin paths only. */
export function parseLinks(header) {
  const links = {};
  for (const part of (header ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?([a-z]+)"?/i.exec(part.trim());
    if (match) {
      const url = new URL(match[1], location.origin);
      if (url.origin === location.origin) { links[match[2]] = url.pathname + url.search; }
    }
  }
  return links;
}
