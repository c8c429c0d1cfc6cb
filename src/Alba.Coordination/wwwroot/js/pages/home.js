import { apiResponse, esc, refresher } from "../api.js";
import { follow, livePosition } from "../live.js";
import { t } from "../i18n.js";

async function listOrEmpty(path) {
  try { return await apiResponse(path); } catch { return { body: [], headers: null }; }
}

function list(items, render) {
  return items.length ? `<ul class="list">${items.map(render).join("")}</ul>` : `<p class="muted">${t("none")}</p>`;
}

export async function home(root) {
  const render = refresher(async () => {
    const reads = await Promise.all([
      listOrEmpty("/api/assemblies"), listOrEmpty("/api/statements"), listOrEmpty("/api/mobilisations"), listOrEmpty("/api/movements"),
    ]);
    const [assemblies, statements, mobilisations, movements] = reads.map(read => read.body);
    root.innerHTML = `
      <h1>Alba Coordination</h1>
      <section class="card" id="assemblies"><h2>${t("assemblies")}</h2>
        ${list(assemblies, a => `<li><a href="/assemblies/${esc(a.id)}" data-link>${esc(a.title)}</a> <span class="muted">${esc(a.city)} · ${esc(a.country)}</span></li>`)}</section>
      <section class="card" id="statements"><h2>${t("statements")}</h2>
        ${list(statements.filter(s => s.status === "published"), s => `<li><a href="/statements/${esc(s.id)}" data-link>${esc(s.title)}</a></li>`)}</section>
      <section class="card" id="mobilisations"><h2>${t("mobilisations")}</h2>
        ${list(mobilisations, m => `<li><a href="/mobilisations/${esc(m.id)}" data-link>${esc(m.title)}</a></li>`)}</section>
      <section class="card" id="movements"><h2>${t("movements")} (${movements.length})</h2>
        ${list(movements, m => `<li>${esc(m.name)} <span class="muted">${esc(m.country)}</span></li>`)}</section>`;
    // Only the movements list is followed live (the movements group).
    return livePosition(reads[3]);
  });
  const position = await render();
  return follow("movements", () => render(), position);
}
