import { apiResponse, esc, refresher } from "../api.js";
import { follow, livePosition } from "../live.js";
import { t, formatNumber, formatTime } from "../i18n.js";

export async function assembly(root, id) {
  const render = refresher(async () => {
    const reads = await Promise.all([
      apiResponse(`/api/assemblies/${id}`), apiResponse(`/api/assemblies/${id}/attendance`), apiResponse(`/api/assemblies/${id}/sessions`),
    ]);
    const [details, attendance, sessions] = reads.map(read => read.body);
    root.innerHTML = `
      <h1>${esc(details.title)}</h1>
      <p class="muted">${esc(details.city)} · ${esc(details.country)} · ${esc(details.opensOn)} – ${esc(details.closesOn)}</p>
      <section class="card" id="attendance"><h2>${t("attendance")}</h2>
        <div class="stats">
          <div class="stat" data-figure="registered"><b>${formatNumber(attendance.registered)}</b>${t("registered")}</div>
          <div class="stat" data-figure="accredited"><b>${formatNumber(attendance.accredited)}</b>${t("accredited")}</div>
          <div class="stat" data-figure="checkedIn"><b>${formatNumber(attendance.checkedIn)}</b>${t("checkedIn")}</div>
        </div>
        <h2>${t("byCountry")}</h2>
        <table><thead><tr><th></th><th>${t("registered")}</th><th>${t("accredited")}</th><th>${t("checkedIn")}</th></tr></thead>
        <tbody>${attendance.byCountry.map(c => `<tr><td>${esc(c.country)}</td><td>${formatNumber(c.registered)}</td>
          <td>${formatNumber(c.accredited)}</td><td>${formatNumber(c.checkedIn)}</td></tr>`).join("")}</tbody></table>
      </section>
      <section class="card" id="sessions"><h2>${t("sessions")}</h2>
        ${sessions.length ? `<ul class="list">${sessions.map(s => `<li><a href="/sessions/${esc(s.id)}" data-link>${esc(s.title)}</a>
          <span class="badge ${esc(s.status)}">${t(s.status)}</span><br><span class="muted">${formatTime(s.scheduledAt)}${s.currentAgendaItem ? " · " + esc(s.currentAgendaItem.title) : ""}</span></li>`).join("")}</ul>`
          : `<p class="muted">${t("none")}</p>`}
      </section>`;
    return livePosition(...reads);
  });
  const position = await render();
  return follow(`assembly:${id}`, () => render(), position);
}
