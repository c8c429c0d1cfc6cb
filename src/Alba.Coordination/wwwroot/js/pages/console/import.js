// The CSV import of a delegation: the server previews the file (each row checked, nothing written),
// then every valid row is sent as its own command. Rows are keyed by e-mail, so importing the same
// file again, or again after the network dropped half-way, only registers what is not there yet.
import { api, esc, showProblem, NetworkError } from "../../api.js";
import { t, formatNumber } from "../../i18n.js";

export function importer(section, assemblyId, movementOptions, imported) {
  section.insertAdjacentHTML("beforeend", `<p class="muted">${t("importHelp")}</p>
    <form id="import-form" class="stack narrow" novalidate>
      <label for="import-movement">${t("movement")}</label><select id="import-movement" name="movementId">${movementOptions}</select>
      <label for="import-file">${t("csvFile")}</label><input id="import-file" name="csv" type="file" accept=".csv,text/csv">
      <p class="error" role="alert" data-form-error></p>
      <div class="row"><button type="submit">${t("preview")}</button>
        <button type="button" class="primary" id="import-run" disabled>${t("importRows")}</button></div>
    </form>
    <progress id="import-progress" max="1" value="0" hidden></progress>
    <p id="import-summary" role="status"></p>
    <div class="console-table"><table id="import-rows" hidden><caption class="visually-hidden">${t("importTitle")}</caption>
      <thead><tr><th>${t("line")}</th><th>${t("fullName")}</th><th>${t("email")}</th><th>${t("countryCode")}</th><th>${t("role")}</th><th>${t("result")}</th></tr></thead>
      <tbody></tbody></table></div>`);
  const form = section.querySelector("#import-form");
  const run = section.querySelector("#import-run");
  const table = section.querySelector("#import-rows");
  const summary = section.querySelector("#import-summary");
  const progress = section.querySelector("#import-progress");
  let preview = null;

  const rowOf = line => table.querySelector(`tr[data-line="${line}"]`);
  const mark = (line, text, kind) => {
    const cell = rowOf(line).querySelector("[data-result]");
    cell.textContent = text;
    cell.className = kind;
    rowOf(line).dataset.outcome = kind;
  };

  form.addEventListener("submit", async event => {
    event.preventDefault();
    run.disabled = true;
    const file = form.elements.csv.files[0];
    if (!file) { form.querySelector("[data-form-error]").textContent = t("chooseFile"); return; }
    try {
      preview = await api(`/api/assemblies/${assemblyId}/imports/preview`, { method: "POST",
        body: { movementId: form.elements.movementId.value, csv: await file.text() } });
      showProblem(form, null);
    } catch (failure) { preview = null; table.hidden = true; summary.textContent = ""; showProblem(form, failure); return; }
    table.hidden = false;
    table.querySelector("tbody").innerHTML = preview.items.map(row => {
      const errors = Object.entries(row.errors);
      const r = row.registration;
      return `<tr data-line="${row.line}" data-outcome="${errors.length ? "invalid" : row.registeredAs ? "already" : "pending"}">
        <td>${row.line}</td><td>${esc(r.fullName)}</td><td>${esc(r.email)}</td><td>${esc(r.country)}</td><td>${esc(r.role)}</td>
        <td data-result class="${errors.length ? "error" : ""}">${errors.length
          ? errors.map(([field, messages]) => `<span data-field="${esc(field)}">${esc(messages.join(" "))}</span>`).join("<br>")
          : row.registeredAs ? t("alreadyRegistered") : t("ready")}</td></tr>`;
    }).join("");
    const ready = preview.items.filter(i => Object.keys(i.errors).length === 0).length;
    summary.textContent = `${formatNumber(preview.rows)} ${t("rows")} · ${formatNumber(ready)} ${t("valid")} · ${formatNumber(preview.invalid)} ${t("withErrors")} · ${formatNumber(preview.alreadyRegistered)} ${t("alreadyRegistered")}`;
    run.disabled = ready === 0;
  });

  run.addEventListener("click", async () => {
    const rows = preview.items.filter(i => Object.keys(i.errors).length === 0);
    run.disabled = true;
    progress.hidden = false;
    progress.max = rows.length;
    progress.value = 0;
    const counts = { registered: 0, already: 0, refused: 0 };
    for (const row of rows) {
      try {
        const answer = await api(`/api/assemblies/${assemblyId}/imports/registrations`, { method: "POST", body: row.registration });
        const kind = answer.alreadyRegistered ? "already" : "registered";
        counts[kind]++;
        mark(row.line, answer.alreadyRegistered ? t("alreadyRegistered") : t("registeredNow"), kind);
      } catch (failure) {
        if (failure instanceof NetworkError) {
          summary.textContent = `${t("importStopped")} ${row.line}. ${t("importResume")}`;
          run.disabled = false;
          await imported();
          return;
        }
        counts.refused++;
        mark(row.line, failure.message, "error");
      }
      progress.value++;
    }
    summary.textContent = `${formatNumber(counts.registered)} ${t("registeredNow")} · ${formatNumber(counts.already)} ${t("alreadyRegistered")} · ${formatNumber(counts.refused)} ${t("refused")}`;
    run.disabled = false;
    await imported();
  });
}
