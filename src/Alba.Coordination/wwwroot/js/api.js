// Thin fetch wrapper: JSON in and out, the signed-in token, problems as errors. An expired or
// ended sign-in (401 on a request that carried a token, or a public read answered as to an
// anonymous caller with `WWW-Authenticate: Bearer error="invalid_token"`) asks the person to sign
// in again in a dialog over the page and then repeats the request, so nothing typed is lost.
// A server that is busy or briefly without its database answers 503 with Retry-After: the request
// is sent again after that wait, a few times, before the person sees the problem. Every command
// carries an Idempotency-Key kept across those resends, so a resend can never act twice.
import { token, tokenExpired, reauthenticate, signOut } from "./auth.js";

export class ApiError extends Error {
  constructor(status, problem, headers = new Headers()) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.headers = headers;
  }

  /** The problem's per-field messages ({ field: [messages] }), keyed in lower camel case. */
  get fieldErrors() {
    const errors = this.problem?.errors ?? {};
    return Object.fromEntries(Object.entries(errors).map(([field, messages]) =>
      [field.charAt(0).toLowerCase() + field.slice(1), Array.isArray(messages) ? messages : [String(messages)]]));
  }
}

/** The network itself failed (offline, server unreachable): no answer to show. */
export class NetworkError extends Error {}

export async function api(path, options) {
  return (await apiResponse(path, options)).body;
}

/** As `api`, answering `{ body, headers }`: for a read whose headers matter, such as `Live-Position` (js/live.js). */
export async function apiResponse(path, { method = "GET", body, headers = {}, retryAfterSignIn = true, resends = busyResends } = {}) {
  // A token past its expiry would be refused (or, on a public read, silently ignored): sign in first.
  if (token() && tokenExpired() && retryAfterSignIn) await reauthenticate();
  if (method !== "GET" && !Object.keys(headers).some(name => name.toLowerCase() === "idempotency-key"))
    headers = { ...headers, "Idempotency-Key": idempotencyKey() };
  const sent = { Accept: "application/json", ...headers };
  const bearer = token();
  if (bearer) sent.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) sent["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (failure) {
    throw new NetworkError(failure.message);
  }
  const ended = signInEnded(response);
  const wait = busyWait(response);
  if (wait !== null && resends > 0) {
    await new Promise(resolve => setTimeout(resolve, wait));
    return apiResponse(path, { method, body, headers, retryAfterSignIn, resends: resends - 1 });
  }
  if ((response.status === 401 || ended) && bearer && retryAfterSignIn) {
    if (await reauthenticate()) return apiResponse(path, { method, body, headers, retryAfterSignIn: false, resends });
    // Declined: that token will never stand again, so the tab goes on as anonymous instead of asking on every refresh.
    if (ended) signOut();
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text.slice(0, 200) }; }
  if (!response.ok) throw new ApiError(response.status, data, response.headers);
  return { body: data, headers: response.headers };
}

/** How many times a request answered "busy, retry after" is sent again before its problem is shown. */
const busyResends = 3;
/** The longest wait before a resend: past it, the person is better told and left to decide. */
const longestBusyWait = 10_000;

/** Milliseconds to wait before resending a 503 that says when to retry (Retry-After in seconds), or null. */
function busyWait(response) {
  const retryAfter = response.headers.get("Retry-After");
  if (response.status !== 503 || retryAfter === null) return null;
  const seconds = Number(retryAfter);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, longestBusyWait) : null;
}

/** A fresh key for one command, 128 random bits in hex (getRandomValues works on a plain-HTTP hall network too, randomUUID does not). */
function idempotencyKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), byte => byte.toString(16).padStart(2, "0")).join("");
}

/** The server read the token sent and found it no longer stands (RFC 6750), even where it answered anyway. */
function signInEnded(response) {
  return /\berror="invalid_token"/.test(response.headers.get("WWW-Authenticate") ?? "");
}

/** Escapes text for HTML templates: every value shown comes from users. */
export function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Runs `load` now and again on every push, at most one fetch at a time, the last one winning (and answering). */
export function refresher(load) {
  let running = null, again = false;
  const run = async () => {
    if (running) { again = true; return running; }
    running = (async () => {
      let result;
      do { again = false; result = await load(); } while (again);
      return result;
    })().finally(() => { running = null; });
    return running;
  };
  return run;
}

/**
 * Shows a failed request's problem on a form: each field's message next to its input (by the
 * input's name), the problem's detail in the form's [data-form-error] element.
 */
export function showProblem(form, error) {
  for (const old of form.querySelectorAll("[data-field-error]")) old.remove();
  for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  const summary = form.querySelector("[data-form-error]");
  if (summary) summary.textContent = error?.message ?? "";
  if (!(error instanceof ApiError)) return;
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    const input = form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (!input) continue;
    const note = document.createElement("span");
    note.className = "field-error";
    note.dataset.fieldError = field;
    note.id = `${input.id || field}-error`;
    note.textContent = messages.join(" ");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", note.id);
    input.insertAdjacentElement("afterend", note);
  }
}
