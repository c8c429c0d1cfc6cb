// Who is signed in on this tab: an organiser or representative (email and password) or a delegate
// (the badge's credential code). The token lives in sessionStorage, so it ends with the tab.
import { t, lang } from "./i18n.js";

const TOKEN = "alba.token";
const ACCOUNT = "alba.account";
const listeners = new Set();

export function token() {
  return sessionStorage.getItem(TOKEN);
}

/** { role, movementId?, delegateId?, email?, expiresAt } of the tab's sign-in, or null. */
export function account() {
  const raw = sessionStorage.getItem(ACCOUNT);
  return raw && token() ? JSON.parse(raw) : null;
}

/** Whether the tab's token has passed the expiry its sign-in announced. */
export function tokenExpired() {
  const expiresAt = account()?.expiresAt;
  return expiresAt ? Date.parse(expiresAt) <= Date.now() : false;
}

export function onAccountChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function remember(answer, extra) {
  sessionStorage.setItem(TOKEN, answer.accessToken);
  sessionStorage.setItem(ACCOUNT, JSON.stringify({
    role: answer.role ?? "delegate", movementId: answer.movementId ?? null, delegateId: answer.delegateId ?? null,
    expiresAt: answer.expiresAt ?? null, ...extra,
  }));
  for (const listener of listeners) listener(account());
  return account();
}

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(data?.detail || data?.title || `HTTP ${response.status}`);
    error.status = response.status;
    error.problem = data;
    throw error;
  }
  return data;
}

export async function signIn(email, password) {
  return remember(await post("/api/auth/login", { email, password }), { email });
}

export async function signInWithCredential(credentialCode) {
  return remember(await post("/api/auth/credential-login", { credentialCode }), {});
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(ACCOUNT);
  for (const listener of listeners) listener(null);
}

/** The home of each role's work. */
export function homeOf(who) {
  if (who?.role === "organiser") return "/console";
  if (who?.role === "representative") return "/movement";
  return "/";
}

let pending = null;

/**
 * Asks the person on this tab to sign in again (a modal dialog over the page, which stays as it
 * is). Resolves true once signed in as the same kind of account, false when they cancel.
 */
export function reauthenticate() {
  pending ??= askAgain().finally(() => { pending = null; });
  return pending;
}

function askAgain() {
  const before = account();
  const byCredential = before?.role === "delegate";
  const dialog = document.createElement("dialog");
  dialog.className = "sign-in-dialog";
  dialog.setAttribute("aria-labelledby", "reauth-title");
  dialog.lang = lang;
  dialog.innerHTML = `<form method="dialog" class="stack">
      <h2 id="reauth-title">${t("signInTitle")}</h2>
      <p>${t("sessionExpired")}</p>
      ${byCredential
        ? `<label for="reauth-code">${t("credentialCode")}</label><input id="reauth-code" name="code" required autocomplete="off">`
        : `<label for="reauth-email">${t("email")}</label><input id="reauth-email" name="email" type="email" required autocomplete="username">
           <label for="reauth-password">${t("password")}</label><input id="reauth-password" name="password" type="password" required autocomplete="current-password">`}
      <p class="error" role="alert" data-form-error></p>
      <div class="row"><button class="primary" type="submit" value="sign-in">${t("signInButton")}</button>
        <button type="button" data-cancel>${t("cancel")}</button></div>
    </form>`;
  document.body.append(dialog);
  const form = dialog.querySelector("form");
  if (!byCredential && before?.email) form.email.value = before.email;
  return new Promise(resolve => {
    const finish = signedIn => { dialog.close(); dialog.remove(); resolve(signedIn); };
    dialog.querySelector("[data-cancel]").addEventListener("click", () => finish(false));
    dialog.addEventListener("cancel", event => { event.preventDefault(); finish(false); });
    form.addEventListener("submit", async event => {
      event.preventDefault();
      try {
        if (byCredential) await signInWithCredential(form.code.value.trim());
        else await signIn(form.email.value.trim(), form.password.value);
        finish(true);
      } catch (failure) {
        form.querySelector("[data-form-error]").textContent = failure.message;
      }
    });
    dialog.showModal();
  });
}
