// A person's data in the console: download what is held about a delegate (subject access, a readable HTML file) and
// erase it on the person's request (a dialog asks for the reason), and the assembly's retention date.
import { api, esc, showProblem, ApiError } from "../../api.js";
import { token } from "../../auth.js";
import { lang, t, personName } from "../../i18n.js";
import { erasureDialog, saveFile } from "./access.js";
import "../../texts/console.js";

/** The name cell of a delegate row (escaped), with the organiser's actions on the person's data. */
export function personCell(delegate, organiser) {
  const name = delegate.personalDataErased
    ? `<i class="muted">${esc(t("erasedPerson"))}</i>`
    : `${esc(delegate.fullName)}<br><span class="muted">${esc(delegate.email)}</span>`;
  if (!organiser) return name;
  return `${name}<span class="row privacy-actions">
    <button type="button" class="link-button" data-personal-data="${esc(delegate.id)}">${t("downloadPersonalData")}</button>
    ${delegate.personalDataErased ? "" : `<button type="button" class="link-button" data-erase="${esc(delegate.id)}"
      data-name="${esc(delegate.fullName)}">${t("erase")}</button>`}</span>`;
}

/** Wires the row actions of `table` (by delegation: rows are re-rendered) and the erasure dialog; `changed` reloads the rows. */
export function setUpPersonalData(root, table, status, changed) {
  let erasing = null;
  const dialog = erasureDialog(root, {
    id: "erase", title: t("eraseTitle"), help: t("eraseHelp"), confirm: t("confirmErase"), outcome: status,
    erase: async reason => {
      await api(`/api/delegates/${erasing}/erasure`, { method: "POST", body: { reason } });
      status.textContent = t("erasedDone");
      await changed();
    },
  });

  table.addEventListener("click", async event => {
    const erase = event.target.closest("[data-erase]");
    if (erase) {
      erasing = erase.dataset.erase;
      dialog.open(erase.dataset.name);
      return;
    }
    const download = event.target.closest("[data-personal-data]");
    if (!download) return;
    try {
      const id = download.dataset.personalData;
      const response = await fetch(`/api/delegates/${id}/personal-data?format=html&lang=${lang}`, { headers: { Authorization: `Bearer ${token()}` } });
      if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
      saveFile(await response.blob(), `personal-data-${id}.html`);
    } catch (failure) { status.textContent = failure.message; }
  });
}

/** The assembly's retention date: after it, the sweep erases its delegates' personal data. */
export function retentionCard(id) {
  return `<section class="card"><h2>${t("retentionTitle")}</h2>
    <form id="retention-form" class="row" novalidate>
      <span class="stack"><label for="retention-until">${t("retainedUntil")}</label><input id="retention-until" name="personalDataRetainedUntil" type="date"></span>
      <button type="submit">${t("save")}</button>
      <p class="muted" id="retention-help">${t("retentionHelp")}</p>
      <p class="error" role="alert" data-form-error></p>
    </form></section>`;
}

export function setUpRetention(root, id, assembly) {
  const form = root.querySelector("#retention-form");
  if (!form) return;
  if (document.activeElement?.form !== form) form.elements.personalDataRetainedUntil.value = assembly.personalDataRetainedUntil?.slice(0, 10) ?? "";
  if (form.dataset.wired) return;
  form.dataset.wired = "true";
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const day = form.elements.personalDataRetainedUntil.value;
    try {
      // The end of the chosen day, UTC: "kept until" includes that day.
      await api(`/api/assemblies/${id}/personal-data-retention`, { method: "PUT",
        body: { personalDataRetainedUntil: day ? `${day}T23:59:59Z` : null } });
      showProblem(form, null);
    } catch (failure) { showProblem(form, failure); }
  });
}
