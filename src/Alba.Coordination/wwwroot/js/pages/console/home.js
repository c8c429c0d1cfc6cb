// The organisers' home: the assemblies, and a form to convene one.
import { api, esc, showProblem } from "../../api.js";
import { t, formatNumber } from "../../i18n.js";
import { navigate } from "../../app.js";
import { requireRole } from "./access.js";
import "../../texts/console.js";
import "../../texts/partners.js";

export async function consoleHome(root) {
  if (!requireRole("organiser")) return;
  const assemblies = await api("/api/assemblies");
  root.innerHTML = `<h1>${t("consoleTitle")}</h1>
    <p class="row"><a href="/console/partners" data-link id="partners-link">${t("partnersLink")}</a>
      <a href="/console/accounts" data-link id="accounts-link">${t("accountsLink")}</a></p>
    <section class="card"><h2>${t("assemblies")}</h2>
      ${assemblies.length ? `<ul class="list" id="assembly-list">${assemblies.map(a => `<li>
        <a href="/console/assemblies/${esc(a.id)}" data-link>${esc(a.title)}</a>
        <span class="badge ${esc(a.registration)}">${t("registration_" + a.registration)}</span><br>
        <span class="muted">${esc(a.city)} · ${esc(a.country)} · ${esc(a.opensOn)} – ${esc(a.closesOn)} · ${t("capacity")} ${formatNumber(a.capacity)}</span></li>`).join("")}</ul>`
        : `<p class="muted">${t("none")}</p>`}
    </section>
    <section class="card"><h2>${t("conveneTitle")}</h2>
      <form id="convene-form" class="stack narrow" novalidate>
        <label for="convene-title">${t("title")}</label><input id="convene-title" name="title" required>
        <label for="convene-city">${t("city")}</label><input id="convene-city" name="city" required>
        <label for="convene-country">${t("countryCode")}</label><input id="convene-country" name="country" required maxlength="2" autocapitalize="characters">
        <label for="convene-opens">${t("opensOn")}</label><input id="convene-opens" name="opensOn" type="date" required>
        <label for="convene-closes">${t("closesOn")}</label><input id="convene-closes" name="closesOn" type="date" required>
        <label for="convene-capacity">${t("capacity")}</label><input id="convene-capacity" name="capacity" type="number" min="1" required>
        <label for="convene-quota">${t("quota")}</label><input id="convene-quota" name="delegatesPerMovement" type="number" min="1" required>
        <p class="error" role="alert" data-form-error></p>
        <button class="primary" type="submit">${t("convene")}</button>
      </form></section>`;
  const form = root.querySelector("#convene-form");
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const value = name => form.elements[name].value.trim();
    try {
      const created = await api("/api/assemblies", { method: "POST", body: {
        title: value("title"), city: value("city"), country: value("country").toUpperCase(),
        opensOn: value("opensOn") || null, closesOn: value("closesOn") || null,
        capacity: Number(value("capacity")) || 0, delegatesPerMovement: Number(value("delegatesPerMovement")) || 0,
      } });
      navigate(`/console/assemblies/${created.assemblyId}`);
    } catch (failure) {
      showProblem(form, failure);
    }
  });
}
