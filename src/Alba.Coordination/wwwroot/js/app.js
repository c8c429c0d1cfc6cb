// The app's pages: a small router over server-served paths, each page a module that renders from
// the public API and re-renders on live updates of its group.
import { home } from "./pages/home.js";
import { lang, setLang, t } from "./i18n.js";

const routes = [
  [/^\/$/, () => home],
  [/^\/assemblies\/([0-9a-f-]{36})$/, () => import("./pages/assembly.js").then(m => m.assembly)],
  [/^\/sessions\/([0-9a-f-]{36})$/, () => import("./pages/session.js").then(m => m.session)],
  [/^\/statements\/([0-9a-f-]{36})$/, () => import("./pages/statement.js").then(m => m.statement)],
  [/^\/mobilisations\/([0-9a-f-]{36})$/, () => import("./pages/mobilisation.js").then(m => m.mobilisation)],
];

let leave = null;

async function show(path) {
  if (leave) { await leave(); leave = null; }
  // A fresh element per visit: a render still in flight for the page we left writes into a
  // detached element instead of over the new page.
  const root = document.createElement("div");
  document.getElementById("page").replaceChildren(root);
  root.innerHTML = `<p class="muted">${t("loading")}</p>`;
  for (const [pattern, load] of routes) {
    const match = path.match(pattern);
    if (!match) continue;
    const page = await load();
    try {
      leave = await page(root, match[1]);
    } catch (error) {
      root.innerHTML = `<p class="error">${error.status === 404 ? t("notFound") : error.message}</p>`;
    }
    return;
  }
  root.innerHTML = `<p class="error">${t("notFound")}</p>`;
}

document.addEventListener("click", event => {
  const link = event.target.closest("a[data-link]");
  if (!link || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  history.pushState(null, "", link.getAttribute("href"));
  show(location.pathname);
});
window.addEventListener("popstate", () => show(location.pathname));

const langButton = document.getElementById("lang");
const labelLang = () => { langButton.textContent = lang === "es" ? "English" : "Español"; };
langButton.addEventListener("click", () => { setLang(lang === "es" ? "en" : "es"); labelLang(); show(location.pathname); });
setLang(lang);
labelLang();
show(location.pathname);
