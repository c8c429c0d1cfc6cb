// The app's shell: the router over server-served paths (routes.js), the language and sign-in in
// the header. Each page is a module that renders from the API and re-renders on live updates.
import { routes } from "./routes.js";
import { languages, lang, setLang, t } from "./i18n.js";
import { account, onAccountChange, signOut, homeOf } from "./auth.js";
import { esc } from "./api.js";

let leave = null;

async function show(path) {
  // Leaving stops the old page's timers and pushes at once; the next page does not wait for the server to
  // answer its "Leave" (live.js), nor fail when the connection drops meanwhile.
  if (leave) {
    const leaving = leave;
    leave = null;
    (async () => leaving())().catch(() => {});
  }
  // A fresh element per visit: a render still in flight for the page we left writes into a
  // detached element instead of over the new page.
  const root = document.createElement("div");
  document.getElementById("page").replaceChildren(root);
  root.innerHTML = `<p class="muted">${t("loading")}</p>`;
  renderAccount();
  for (const [pattern, load] of routes) {
    const match = path.match(pattern);
    if (!match) continue;
    try {
      const page = await load();
      leave = await page(root, ...match.slice(1));
      keepLoadedFiles();
    } catch (error) {
      root.innerHTML = `<p class="error" role="alert">${error.status === 404 ? t("notFound") : esc(error.message)}</p>`;
    }
    return;
  }
  root.innerHTML = `<p class="error" role="alert">${t("notFound")}</p>`;
}

/** Moves to another page of the app without reloading it. */
export function navigate(path) {
  history.pushState(null, "", path);
  return show(location.pathname);
}

function renderAccount() {
  const place = document.getElementById("account");
  const who = account();
  if (!who) {
    place.innerHTML = location.pathname === "/signin" ? "" : `<a href="/signin" data-link>${t("signInTitle")}</a>`;
    return;
  }
  const home = homeOf(who);
  // A delegate's teller tasks (js/pages/tellers.js): the votes whose key its device helps make and decrypt.
  const tasks = who.role === "delegate" ? `<a href="/tellers" data-link>${t("tellersNav")}</a>` : "";
  place.innerHTML = `${home !== "/" ? `<a href="${home}" data-link>${who.role === "organiser" ? t("console") : t("myMovement")}</a>` : ""}${tasks}
    <span class="who">${t(who.role)}</span> <button type="button" id="sign-out">${t("signOut")}</button>`;
  place.querySelector("#sign-out").addEventListener("click", () => { signOut(); navigate("/"); });
}

document.addEventListener("click", event => {
  const link = event.target.closest("a[data-link]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  navigate(link.getAttribute("href"));
});
window.addEventListener("popstate", () => show(location.pathname));
onAccountChange(renderAccount);

const picker = document.getElementById("lang");
picker.innerHTML = Object.entries(languages).map(([code, name]) => `<option value="${code}" lang="${code}">${name}</option>`).join("");
picker.value = lang;
picker.addEventListener("change", () => {
  setLang(picker.value);
  document.getElementById("lang-label").textContent = t("language");
  show(location.pathname);
});
setLang(lang);
document.getElementById("lang-label").textContent = t("language");
document.querySelector(".skip").textContent = t("skipToContent");

if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(() => { /* the app works without it, only not offline */ });

// Opened before the service worker controlled it, the page fetched its files past the worker: tell the
// worker what was loaded so a page visited once opens without network (sw.js keeps the app's own files).
const loadedUncontrolled = "serviceWorker" in navigator && !navigator.serviceWorker.controller;
function keepLoadedFiles() {
  if (!loadedUncontrolled) return;
  navigator.serviceWorker.ready.then(registration =>
    registration.active?.postMessage({ keep: performance.getEntriesByType("resource").map(entry => entry.name) }));
}

show(location.pathname);
