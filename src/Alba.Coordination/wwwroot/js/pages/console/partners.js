// The organisers' partners console: the partners with their pending and dead-letter counts, registering
// one (its signing secret shown this once), and a partner's deliveries with a replay from a position.
// Deliveries have no live push, so the open page reads them again every few seconds.
import { api, esc, showProblem, refresher } from "../../api.js";
import { t, formatNumber, formatTime } from "../../i18n.js";
import { requireRole } from "./access.js";
import "../../texts/partners.js";

const statuses = ["pending", "delivered", "failed"];
const REFRESH_MS = 5000;

export async function consolePartners(root) {
  if (!requireRole("organiser")) return;
  // The kinds a partner may ask for come from the server, which refuses any other.
  const publicKinds = await api("/api/partners/kinds");
  root.innerHTML = `<h1>${t("partnersTitle")}</h1>
    <p class="muted">${t("partnersIntro")}</p>
    <section class="card"><h2 id="partners-heading">${t("partnersList")}</h2>
      <div class="console-table partner-table" tabindex="0" role="region" aria-labelledby="partners-heading"><table id="partners-table">
        <thead><tr><th>${t("partnerName")}</th><th>${t("partnerUrl")}</th><th>${t("partnerKinds")}</th>
          <th>${t("partnerPending")}</th><th>${t("partnerFailed")}</th><th><span class="visually-hidden">${t("partnerShowDeliveries")}</span></th></tr></thead>
        <tbody></tbody></table></div>
      <p class="error" role="alert" id="partners-error"></p></section>
    <section class="card" id="deliveries-card" hidden>
      <h2 id="deliveries-heading" tabindex="-1"></h2>
      <form id="deliveries-filter" class="row partner-tools" role="search">
        <span class="stack"><label for="delivery-status">${t("status")}</label>
          <select id="delivery-status" name="status"><option value="">${t("partnerStatusAll")}</option>
            ${statuses.map(s => `<option value="${s}">${t("deliveryStatus_" + s)}</option>`).join("")}</select></span>
        <button type="button" id="deliveries-refresh">${t("partnerRefresh")}</button>
        <span class="muted">${t("partnerRefreshing")}</span>
      </form>
      <div class="console-table partner-table" tabindex="0" role="region" aria-labelledby="deliveries-heading"><table id="deliveries-table">
        <thead><tr><th>${t("deliveryPosition")}</th><th>${t("deliveryKind")}</th><th>${t("status")}</th><th>${t("deliveryAttempts")}</th>
          <th>${t("deliveryLastError")}</th><th>${t("deliveryDeliveredAt")}</th></tr></thead><tbody></tbody></table></div>
      <h3>${t("partnerReplayTitle")}</h3>
      <form id="replay-form" class="row partner-tools" novalidate>
        <span class="stack"><label for="replay-after">${t("partnerReplayAfter")}</label>
          <input id="replay-after" name="afterPosition" type="number" min="0" step="1" inputmode="numeric" required aria-describedby="replay-help"></span>
        <button class="primary" type="submit">${t("partnerReplay")}</button>
        <p class="error" role="alert" data-form-error></p>
      </form>
      <p class="muted" id="replay-help">${t("partnerReplayHelp")}</p>
      <p class="ok" role="status" id="replay-done"></p>
    </section>
    <section class="card"><h2>${t("partnerRegisterTitle")}</h2>
      <form id="partner-form" class="stack narrow" novalidate>
        <label for="partner-name">${t("partnerName")}</label><input id="partner-name" name="name" required autocomplete="off">
        <label for="partner-url">${t("partnerCallbackUrl")}</label><input id="partner-url" name="url" type="url" inputmode="url" required autocomplete="off">
        <fieldset class="partner-kinds"><legend>${t("partnerKinds")}</legend>
          <p class="muted">${t("partnerKindsHelp")}</p>
          ${publicKinds.map(kind => `<label><input type="checkbox" name="kinds" value="${esc(kind)}"> <span data-kind-label>${esc(kindLabel(kind))}</span>
            <span class="muted">${esc(kind)}</span></label>`).join("")}
        </fieldset>
        <fieldset class="stack"><legend>${t("partnerFilterTitle")}</legend>
          <label for="partner-mobilisation">${t("partnerFilterMobilisation")}</label>
          <input id="partner-mobilisation" name="filter.mobilisationId" autocomplete="off" spellcheck="false">
          <label for="partner-countries">${t("partnerFilterCountries")}</label>
          <input id="partner-countries" name="filter.countries" autocomplete="off" autocapitalize="characters">
          <label for="partner-language">${t("partnerFilterLanguage")}</label>
          <input id="partner-language" name="filter.language" maxlength="2" autocomplete="off">
        </fieldset>
        <p class="error" role="alert" data-form-error></p>
        <button class="primary" type="submit">${t("partnerRegister")}</button>
      </form>
      <div id="partner-secret" class="partner-secret" hidden></div>
    </section>`;

  const partnersBody = root.querySelector("#partners-table tbody");
  const deliveriesCard = root.querySelector("#deliveries-card");
  const deliveriesBody = root.querySelector("#deliveries-table tbody");
  const statusFilter = root.querySelector("#delivery-status");
  const replayForm = root.querySelector("#replay-form");
  const replayAfter = replayForm.elements.afterPosition;
  let partners = [];
  let chosen = null;
  // The replay position is filled in until the organiser types one; rows are rewritten only when they changed, so a
  // refresh does not take the keyboard focus away from a button.
  let replayTouched = false;
  const shown = { partners: "", deliveries: "" };
  const replace = (body, key, markup) => {
    if (shown[key] === markup) return;
    shown[key] = markup;
    body.innerHTML = markup;
  };

  const renderPartners = () => replace(partnersBody, "partners", partners.map(p => `<tr data-partner="${esc(p.id)}">
      <td><b>${esc(p.name)}</b>${filterText(p.filter)}</td><td class="partner-url">${esc(p.url)}</td>
      <td>${p.kinds.length ? p.kinds.map(kind => esc(kindLabel(kind))).join(", ") : `<span class="muted">${t("partnerAllKinds")}</span>`}</td>
      <td data-count="pending">${formatNumber(p.pending)}</td>
      <td data-count="failed" class="${p.failed ? "error" : ""}">${formatNumber(p.failed)}</td>
      <td><button type="button" data-deliveries="${esc(p.id)}" aria-controls="deliveries-card"
        aria-expanded="${p.id === chosen}">${t("partnerShowDeliveries")}<span class="visually-hidden">: ${esc(p.name)}</span></button></td></tr>`).join("")
    || `<tr><td colspan="6" class="muted">${t("none")}</td></tr>`);

  const loadPartners = async () => {
    partners = await api("/api/partners");
    renderPartners();
  };

  const loadDeliveries = async () => {
    if (!chosen) return;
    const partnerId = chosen;
    const status = statusFilter.value;
    const deliveries = await api(`/api/partners/${partnerId}/deliveries${status ? `?status=${status}` : ""}`);
    if (partnerId !== chosen) return;
    replace(deliveriesBody, "deliveries", deliveries.map(d => `<tr data-position="${esc(d.position)}" data-status="${esc(d.status)}">
        <td>${esc(d.position)}</td><td>${esc(kindLabel(d.kind))}<br><span class="muted">${esc(d.kind)}</span></td>
        <td><span class="badge delivery-${esc(d.status)}">${t("deliveryStatus_" + d.status)}</span></td>
        <td>${formatNumber(d.attempts)}</td>
        <td data-error>${esc(d.lastError ?? "")}${d.nextAttemptAt && d.attempts ? `<br><span class="muted">${t("deliveryNextAttempt")}: ${formatTime(d.nextAttemptAt)}</span>` : ""}</td>
        <td>${formatTime(d.deliveredAt)}</td></tr>`).join("")
      || `<tr><td colspan="6" class="muted">${t("partnerNoDeliveries")}</td></tr>`);
    if (!replayTouched) replayAfter.value = await defaultReplayPosition(partnerId);
  };

  // Just before the first dead letter: replaying after it sends that one and everything following.
  const defaultReplayPosition = async partnerId => {
    const [firstFailed] = await api(`/api/partners/${partnerId}/deliveries?status=failed`);
    return firstFailed ? Math.max(0, firstFailed.position - 1) : 0;
  };

  const refreshError = root.querySelector("#partners-error");
  const refresh = refresher(async () => {
    try {
      await Promise.all([loadPartners(), loadDeliveries()]);
      refreshError.textContent = "";
    } catch (failure) {
      refreshError.textContent = failure.message;
    }
  });

  partnersBody.addEventListener("click", async event => {
    const button = event.target.closest("[data-deliveries]");
    if (!button) return;
    chosen = button.dataset.deliveries;
    replayTouched = false;
    shown.deliveries = "";
    deliveriesBody.innerHTML = "";
    root.querySelector("#replay-done").textContent = "";
    showProblem(replayForm, null);
    const heading = root.querySelector("#deliveries-heading");
    heading.textContent = `${t("partnerDeliveriesOf")} ${partners.find(p => p.id === chosen)?.name ?? ""}`;
    deliveriesCard.hidden = false;
    renderPartners();
    heading.focus();
    await refresh();
  });
  statusFilter.addEventListener("change", () => refresh());
  root.querySelector("#deliveries-filter").addEventListener("submit", event => event.preventDefault());
  root.querySelector("#deliveries-refresh").addEventListener("click", () => refresh());
  replayAfter.addEventListener("input", () => { replayTouched = true; });

  replayForm.addEventListener("submit", async event => {
    event.preventDefault();
    const done = root.querySelector("#replay-done");
    done.textContent = "";
    try {
      const answer = await api(`/api/partners/${chosen}/deliveries/replay`, { method: "POST",
        body: { afterPosition: replayAfter.value === "" ? null : Number(replayAfter.value) } });
      showProblem(replayForm, null);
      done.textContent = t("partnerReplayed").replace("{count}", formatNumber(answer.requeued)).replace("{position}", answer.afterPosition);
      await refresh();
    } catch (failure) { showProblem(replayForm, failure); }
  });

  const form = root.querySelector("#partner-form");
  const secretBox = root.querySelector("#partner-secret");
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const value = name => form.elements[name].value.trim();
    const countries = value("filter.countries").toUpperCase().split(/[\s,;]+/).filter(Boolean);
    secretBox.hidden = true;
    secretBox.innerHTML = "";
    try {
      const created = await api("/api/partners", { method: "POST", body: {
        name: value("name"), url: value("url"),
        kinds: [...form.querySelectorAll("[name=kinds]:checked")].map(box => box.value),
        filter: { mobilisationId: value("filter.mobilisationId") || null, countries: countries.length ? countries : null,
          language: value("filter.language").toLowerCase() || null },
      } });
      showProblem(form, null);
      form.reset();
      showSecret(secretBox, created);
      await refresh();
    } catch (failure) { showProblem(form, failure); }
  });

  await refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => clearInterval(timer);
}

/** A kind in the page's language; a kind the server offers before this page has words for it shows by its name. */
function kindLabel(kind) {
  const key = "kind_" + kind;
  const label = t(key);
  return label === key ? kind : label;
}

/** The partner's filter under its name: a call, countries, a language. */
function filterText(filter) {
  const parts = [filter?.mobilisationId, filter?.countries?.join(", "), filter?.language].filter(Boolean);
  return parts.length ? `<br><span class="muted">${t("partnerFilter")}: ${parts.map(esc).join(" · ")}</span>` : "";
}

/** The signing secret, which the server answers only on registration: shown here once, with a copy button. */
function showSecret(box, created) {
  box.innerHTML = `<h3 id="partner-secret-heading">${t("partnerSecretTitle")} ${esc(created.name)}</h3>
    <p><strong>${t("partnerSecretOnce")}</strong></p>
    <div class="row"><input id="partner-secret-value" class="hash" readonly value="${esc(created.secret)}" aria-labelledby="partner-secret-heading">
      <button type="button" id="partner-secret-copy">${t("partnerCopy")}</button></div>
    <p role="status" id="partner-secret-copied" class="muted"></p>`;
  box.hidden = false;
  const field = box.querySelector("#partner-secret-value");
  const status = box.querySelector("#partner-secret-copied");
  box.querySelector("#partner-secret-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      status.textContent = t("partnerCopied");
    } catch {
      field.select();
      status.textContent = t("partnerCopyByHand");
    }
  });
  field.focus();
  field.select();
}
