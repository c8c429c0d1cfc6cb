// The field report form, made for a phone at a march: big number fields, one button. Each report
// gets its reportId and reportedAt when it is made and waits in the device's outbox (IndexedDB)
// until the network returns; the server counts a reportId once and keeps the latest reportedAt's
// figures. Once visited, the page opens without network (the service worker keeps the app's files)
// and shows the action as it was last read.
import { api, esc } from "../../api.js";
import { outbox } from "../../outbox.js";
import { t, formatNumber, formatTime } from "../../i18n.js";
import { signedInWorker } from "./common.js";

const figures = ["turnout", "arrests", "injuries", "deaths"];

function remembered(id) {
  try { return JSON.parse(localStorage.getItem(`alba.action.${id}`)); } catch { return null; }
}

/** The action as the API tells it now, or as it was last read on this device when there is no network. */
async function actionOf(id) {
  try {
    const action = await api(`/api/actions/${id}`);
    localStorage.setItem(`alba.action.${id}`, JSON.stringify(action));
    return action;
  } catch (error) {
    if (error.status === 404) throw error;
    return remembered(id);
  }
}

function newReportId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("");
}

export async function movementReport(root, id) {
  const who = signedInWorker();
  if (!who) return undefined;
  const action = await actionOf(id);
  root.innerHTML = `<h1>${t("mvFieldReport")}</h1>
    <p class="muted" id="action-line">${action ? `${esc(action.city)} (${esc(action.country)}) · ${t(`kind_${action.kind}`)} · ${formatTime(action.startsAt)}` : ""}</p>
    ${action ? `<p><a href="/mobilisations/${esc(action.mobilisationId)}" data-link>${t("mvDashboard")}</a></p>` : ""}
    <p class="report-waiting" id="waiting" role="status" aria-live="polite"></p>
    <section class="card field-report">
      <form id="report" class="stack" novalidate>
        ${figures.map(f => `<label for="report-${f}">${t(f)}</label>
          <input id="report-${f}" name="${f}" type="number" inputmode="numeric" min="0" step="1" required value="${f === "turnout" ? "" : "0"}">`).join("")}
        <label for="report-note">${t("mvNote")}</label><textarea id="report-note" name="note" rows="2" maxlength="2000"></textarea>
        <p class="muted">${t("mvReportHint")}</p>
        <p class="error" role="alert" data-form-error></p>
        <button class="primary big" type="submit">${t("mvSendReport")}</button>
      </form></section>
    <section class="card" id="report-log"><h2>${t("mvReportsOnDevice")}</h2><ul class="list" id="refused"></ul><ul class="list" id="sent"></ul></section>`;

  const box = outbox("field-reports");
  const form = root.querySelector("#report");
  const sentHere = [];

  box.onChange(({ waiting, refused, sent }) => {
    const mine = waiting.filter(item => item.path === `/api/actions/${id}/reports`);
    root.querySelector("#waiting").innerHTML = mine.length
      ? `<b data-waiting="${mine.length}">${mine.length}</b> ${t(mine.length === 1 ? "mvReportWaiting" : "mvReportsWaiting")}`
      : `<span data-waiting="0">${t("mvNothingWaiting")}</span>`;
    sentHere.push(...sent.filter(item => !item.refusal));
    root.querySelector("#sent").innerHTML = sentHere.map(item => `<li class="ok">${esc(item.label)} — ${t("mvSent")}</li>`).join("");
    root.querySelector("#refused").innerHTML = refused.map(item => `<li class="error" data-refused="${item.key}">${esc(item.label)} — ${t("mvRefused")}: ${esc(item.refusal)}
      <button type="button" data-dismiss="${item.key}">${t("mvDismiss")}</button></li>`).join("");
  });
  root.querySelector("#refused").addEventListener("click", event => {
    const key = event.target.closest("[data-dismiss]")?.dataset.dismiss;
    if (key) box.dismiss(Number(key));
  });

  form.addEventListener("submit", async event => {
    event.preventDefault();
    const error = form.querySelector("[data-form-error]");
    if (!form.checkValidity()) { error.textContent = t("mvFiguresRequired"); return; }
    error.textContent = "";
    // The figures are the action's totals at this moment: reportedAt is now, not when the network returns.
    const reportedAt = new Date().toISOString();
    const body = { reportId: newReportId(), reportedAt, note: form.note.value.trim() || null };
    for (const f of figures) body[f] = Number(form[f].value);
    const label = `${formatTime(reportedAt)} · ${t("turnout")} ${formatNumber(body.turnout)}`;
    form.note.value = "";
    await box.add({ path: `/api/actions/${id}/reports`, body, label });
  });
  form.turnout.focus();
  return () => box.close();
}
