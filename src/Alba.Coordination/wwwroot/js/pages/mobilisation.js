import { apiResponse, esc, refresher } from "../api.js";
import { follow, livePosition } from "../live.js";
import { t, formatNumber, formatTime } from "../i18n.js";

function stat(key, value) {
  return `<div class="stat" data-figure="${key}"><b>${formatNumber(value)}</b>${t(key)}</div>`;
}

function chart(byCountry) {
  const max = Math.max(1, ...byCountry.map(c => c.turnout));
  return `<div class="bars" role="img" aria-label="${t("byCountry")}">${byCountry.map(c => `
    <div class="bar" data-country="${esc(c.country)}"><span>${esc(c.country)}</span>
      <span><span class="fill" data-share="${(100 * c.turnout / max).toFixed(1)}"></span></span>
      <span class="value">${formatNumber(c.turnout)}</span></div>`).join("")}</div>`;
}

export async function mobilisation(root, id) {
  const render = refresher(async () => {
    const reads = await Promise.all([
      apiResponse(`/api/mobilisations/${id}`), apiResponse(`/api/mobilisations/${id}/dashboard`), apiResponse(`/api/mobilisations/${id}/actions`),
    ]);
    const [call, dashboard, actions] = reads.map(read => read.body);
    root.innerHTML = `
      <h1>${esc(call.title)}</h1>
      <p class="muted">${esc(call.startsOn)} – ${esc(call.endsOn)} · ${call.countries.map(esc).join(", ")}</p>
      <section class="card"><p class="text">${esc(call.callText)}</p></section>
      <section class="card" id="dashboard"><div class="stats">
        ${stat("endorsements", dashboard.endorsements)}${stat("actions", dashboard.actions)}${stat("countries", dashboard.countries)}
        ${stat("turnout", dashboard.turnout)}${stat("arrests", dashboard.arrests)}${stat("injuries", dashboard.injuries)}${stat("deaths", dashboard.deaths)}
      </div></section>
      <section class="card" id="by-country"><h2>${t("byCountry")}</h2>${chart(dashboard.byCountry)}</section>
      <section class="card" id="actions"><h2>${t("actions")}</h2>
        <table><tbody>${actions.map(a => `<tr data-action="${esc(a.id)}"><td>${esc(a.city)} (${esc(a.country)})<br><span class="muted">${esc(a.kind)} · ${formatTime(a.startsAt)}</span></td>
          <td>${formatNumber(a.turnout)}</td></tr>`).join("")}</tbody></table></section>`;
    // Bar lengths through the DOM, not style attributes: the app's CSP allows no inline styles.
    for (const fill of root.querySelectorAll(".fill[data-share]")) fill.style.width = `${fill.dataset.share}%`;
    return livePosition(...reads);
  });
  const position = await render();
  return follow(`mobilisation:${id}`, () => render(), position);
}
