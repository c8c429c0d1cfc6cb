// An assembly in the console: its window and limits, live attendance, the delegation table with
// filters and bulk accreditation, registering one, the CSV import, badges and the CSV export.
// A representative sees the same page held to its own movement (the API holds it there too).
import { api, apiResponse, esc, showProblem, refresher, ApiError, NetworkError } from "../../api.js";
import { token } from "../../auth.js";
import { follow, livePosition } from "../../live.js";
import { t, formatNumber, formatTime, personName } from "../../i18n.js";
import { requireRole, saveFile } from "./access.js";
import { importer } from "./import.js";
import { personCell, retentionCard, setUpPersonalData, setUpRetention } from "./privacy.js";
import "../../texts/console.js";

const statuses = ["registered", "accredited", "rejected", "revoked", "withdrawn"];
const roles = ["delegate", "observer", "guest", "press"];

/** A delegate's rejection and revocation reasons under its status; an erased one said in the reader's language. */
const reasons = d => ["rejection", "revocation"].filter(kind => d[`${kind}Reason`] != null)
  .map(kind => `<br><span class="muted delegate-reason" data-reason="${kind}">${t("reasonShort")}: ${d[`${kind}ReasonErased`]
    ? `<i>${t("reasonErased")}</i>` : esc(d[`${kind}Reason`])}</span>`).join("");

export async function consoleAssembly(root, id) {
  const who = requireRole("organiser", "representative");
  if (!who) return;
  const organiser = who.role === "organiser";
  const movements = await api("/api/movements");
  const movementOptions = (organiser ? movements : movements.filter(m => m.id === who.movementId))
    .map(m => `<option value="${esc(m.id)}">${esc(m.name)}</option>`).join("");
  // Credential codes answered by accreditations and re-issues in this tab: kept in memory only, for one print run.
  const codes = new Map();
  const results = new Map();
  let delegates = [];

  root.innerHTML = `<div id="assembly-head"></div>
    <section class="card" id="attendance-card"><h2>${t("attendance")}</h2><div id="attendance"></div></section>
    ${organiser ? `<section class="card"><h2>${t("limitsTitle")}</h2>
      <form id="limits-form" class="row" novalidate>
        <span class="stack"><label for="limits-capacity">${t("capacity")}</label><input id="limits-capacity" name="capacity" type="number" min="1"></span>
        <span class="stack"><label for="limits-quota">${t("quota")}</label><input id="limits-quota" name="delegatesPerMovement" type="number" min="1"></span>
        <button type="submit">${t("save")}</button>
        <p class="error" role="alert" data-form-error></p>
      </form></section>${retentionCard(id)}` : ""}
    <section class="card" id="delegation"><h2>${t("delegation")}</h2>
      <form id="filters" class="console-filters" role="search">
        <span class="stack"><label for="filter-name">${t("searchName")}</label><input id="filter-name" name="name" type="search"></span>
        ${organiser ? `<span class="stack"><label for="filter-movement">${t("movement")}</label>
          <select id="filter-movement" name="movementId"><option value="">${t("all")}</option>${movementOptions}</select></span>` : ""}
        <span class="stack"><label for="filter-country">${t("countryCode")}</label><input id="filter-country" name="country" maxlength="2"></span>
        <span class="stack"><label for="filter-status">${t("status")}</label><select id="filter-status" name="status"><option value="">${t("all")}</option>
          ${statuses.map(s => `<option value="${s}">${t("status_" + s)}</option>`).join("")}</select></span>
        <span class="stack"><label for="filter-role">${t("role")}</label><select id="filter-role" name="role"><option value="">${t("all")}</option>
          ${roles.map(r => `<option value="${r}">${t("role_" + r)}</option>`).join("")}</select></span>
      </form>
      ${organiser ? `<div class="row console-bulk">
        <button type="button" data-bulk="accredit">${t("accredit")}</button>
        <button type="button" data-bulk="reject">${t("reject")}</button>
        <button type="button" data-bulk="revoke">${t("revoke")}</button>
        <button type="button" data-bulk="reissue">${t("reissue")}</button>
        <span class="stack"><label for="bulk-reason">${t("reason")}</label><input id="bulk-reason" name="reason"></span>
        <button type="button" id="print-badges" class="primary" disabled>${t("printBadges")} (<span id="codes-count">0</span>)</button>
        <button type="button" id="export-csv">${t("exportCsv")}</button>
      </div>
      <progress id="bulk-progress" max="1" value="0" hidden></progress>
      <p id="bulk-status" class="muted" role="status" tabindex="-1"></p>` : ""}
      <div class="console-table" tabindex="0" role="region" aria-label="${t("delegation")}"><table id="delegates-table"><caption class="visually-hidden">${t("delegation")}</caption>
        <thead><tr>${organiser ? `<th><input type="checkbox" id="select-all" aria-label="${t("selectAll")}"></th>` : ""}
          <th>${t("fullName")}</th><th>${t("movement")}</th><th>${t("countryCode")}</th><th>${t("role")}</th><th>${t("status")}</th><th>${t("checkedIn")}</th>
          ${organiser ? `<th>${t("result")}</th>` : ""}</tr></thead><tbody></tbody></table></div>
    </section>
    <section class="card"><h2>${t("registerOne")}</h2>
      <form id="register-form" class="stack narrow" novalidate>
        <label for="register-movement">${t("movement")}</label><select id="register-movement" name="movementId">${movementOptions}</select>
        <label for="register-name">${t("fullName")}</label><input id="register-name" name="fullName" required autocomplete="off">
        <label for="register-email">${t("email")}</label><input id="register-email" name="email" type="email" required autocomplete="off">
        <label for="register-country">${t("countryCode")}</label><input id="register-country" name="country" maxlength="2" required>
        <label for="register-languages">${t("languagesCodes")}</label><input id="register-languages" name="languages" required>
        <label for="register-role">${t("role")}</label><select id="register-role" name="role">${roles.map(r => `<option value="${r}">${t("role_" + r)}</option>`).join("")}</select>
        <p class="error" role="alert" data-form-error></p>
        <button class="primary" type="submit">${t("register")}</button>
        <p class="muted" role="status" id="register-done"></p>
      </form></section>
    <section class="card" id="import"><h2>${t("importTitle")}</h2></section>`;

  const head = root.querySelector("#assembly-head");
  const tbody = root.querySelector("#delegates-table tbody");
  const filters = root.querySelector("#filters");

  // Each render answers its read, whose live position tells where the page stands (see refreshAll).
  const renderHead = async () => {
    const read = await apiResponse(`/api/assemblies/${id}`);
    const assembly = read.body;
    head.innerHTML = `<h1>${esc(assembly.title)}</h1>
      <p class="muted">${esc(assembly.city)} · ${esc(assembly.country)} · ${esc(assembly.opensOn)} – ${esc(assembly.closesOn)}
        · ${t("capacity")} ${formatNumber(assembly.capacity)} · ${t("quota")} ${formatNumber(assembly.delegatesPerMovement)}</p>
      <p class="row"><span class="badge ${esc(assembly.registration)}" id="registration-state">${t("registration_" + assembly.registration)}</span>
        ${organiser ? `${assembly.registration !== "open" ? `<button type="button" id="open-registration">${t("openRegistration")}</button>` : ""}
          ${assembly.registration === "open" ? `<button type="button" id="close-registration">${t("closeRegistration")}</button>` : ""}
          <a href="/console/assemblies/${esc(id)}/check-in" data-link>${t("checkInDesk")}</a>
          <a href="/console/assemblies/${esc(id)}/sessions" data-link>${t("chairSessions")}</a>` : ""}
        <a href="/assemblies/${esc(id)}" data-link>${t("publicPage")}</a></p>
      <p class="error" role="alert" id="head-error"></p>`;
    setUpRetention(root, id, assembly);
    const limits = root.querySelector("#limits-form");
    if (limits && document.activeElement?.form !== limits) {
      limits.elements.capacity.value = assembly.capacity;
      limits.elements.delegatesPerMovement.value = assembly.delegatesPerMovement;
    }
    for (const [button, path] of [["#open-registration", "opening"], ["#close-registration", "closing"]]) {
      head.querySelector(button)?.addEventListener("click", async () => {
        try { await api(`/api/assemblies/${id}/registration/${path}`, { method: "POST" }); await renderHead(); }
        catch (failure) { head.querySelector("#head-error").textContent = failure.message; }
      });
    }
    return read;
  };

  const renderAttendance = async () => {
    const read = await apiResponse(`/api/assemblies/${id}/attendance`);
    const a = read.body;
    const table = (caption, rows, name) => `<table><caption>${caption}</caption><thead><tr><th>${t(name)}</th><th>${t("registered")}</th>
      <th>${t("accredited")}</th><th>${t("checkedIn")}</th></tr></thead><tbody>${rows.map(r => `<tr><td>${esc(r.label)}</td>
      <td>${formatNumber(r.registered)}</td><td>${formatNumber(r.accredited)}</td><td>${formatNumber(r.checkedIn)}</td></tr>`).join("")}</tbody></table>`;
    root.querySelector("#attendance").innerHTML = `<div class="stats">
        <div class="stat" data-figure="registered"><b>${formatNumber(a.registered)}</b>${t("registered")}</div>
        <div class="stat" data-figure="accredited"><b>${formatNumber(a.accredited)}</b>${t("accredited")}</div>
        <div class="stat" data-figure="checkedIn"><b>${formatNumber(a.checkedIn)}</b>${t("checkedIn")}</div></div>
      <div class="console-columns">${table(t("byCountry"), a.byCountry.map(c => ({ ...c, label: c.country })), "countryCode")}
      ${table(t("byMovement"), a.byMovement.map(m => ({ ...m, label: m.name })), "movement")}</div>`;
    return read;
  };

  const renderDelegates = () => {
    const name = filters.elements.name.value.trim().toLocaleLowerCase();
    const shown = delegates.filter(d => !name || personName(d).toLocaleLowerCase().includes(name));
    tbody.innerHTML = shown.map(d => {
      const result = results.get(d.id);
      return `<tr data-delegate="${esc(d.id)}">
        ${organiser ? `<td><input type="checkbox" data-select value="${esc(d.id)}" aria-label="${t("select")} ${esc(personName(d))}"></td>` : ""}
        <td>${personCell(d, organiser)}</td><td>${esc(d.movementName)}</td><td>${esc(d.country)}</td>
        <td>${t("role_" + d.role)}</td><td><span class="badge ${esc(d.status)}">${t("status_" + d.status)}</span>${reasons(d)}</td>
        <td>${d.checkedInAt ? formatTime(d.checkedInAt) : ""}</td>
        ${organiser ? `<td data-result class="${result?.ok === false ? "error" : ""}">${esc(result?.text ?? "")}</td>` : ""}</tr>`;
    }).join("") || `<tr><td colspan="8" class="muted">${t("none")}</td></tr>`;
    const selectAll = root.querySelector("#select-all");
    if (selectAll) selectAll.checked = false;
  };

  const loadDelegates = async () => {
    const query = new URLSearchParams();
    for (const field of ["movementId", "country", "status", "role"]) {
      const value = filters.elements[field]?.value.trim();
      if (value) query.set(field, field === "country" ? value.toUpperCase() : value);
    }
    const read = await apiResponse(`/api/assemblies/${id}/delegates?${query}`);
    delegates = read.body;
    renderDelegates();
    return read;
  };

  // An import or a bulk accreditation pushes an update per row: refetch at most about once a second, not once per row.
  const refreshAll = refresher(async () => {
    const position = livePosition(...await Promise.all([renderHead(), renderAttendance(), loadDelegates()]));
    await new Promise(resolve => setTimeout(resolve, 1000));
    return position;
  });
  filters.addEventListener("input", event => event.target.name === "name" ? renderDelegates() : loadDelegates().catch(showFilterError));
  filters.addEventListener("submit", event => event.preventDefault());
  const showFilterError = failure => { tbody.innerHTML = `<tr><td colspan="8" class="error">${esc(failure.message)}</td></tr>`; };

  root.querySelector("#limits-form")?.addEventListener("submit", async event => {
    event.preventDefault();
    const form = event.target;
    try {
      await api(`/api/assemblies/${id}/limits`, { method: "PUT", body: {
        capacity: Number(form.elements.capacity.value) || 0, delegatesPerMovement: Number(form.elements.delegatesPerMovement.value) || 0 } });
      showProblem(form, null);
      await renderHead();
    } catch (failure) { showProblem(form, failure); }
  });

  const register = root.querySelector("#register-form");
  register.addEventListener("submit", async event => {
    event.preventDefault();
    const value = name => register.elements[name].value.trim();
    register.querySelector("#register-done").textContent = "";
    try {
      await api(`/api/assemblies/${id}/registrations`, { method: "POST", body: {
        movementId: value("movementId"), fullName: value("fullName"), email: value("email"), country: value("country").toUpperCase(),
        languages: value("languages").toLowerCase().split(/[\s,|/]+/).filter(Boolean), role: value("role") } });
      showProblem(register, null);
      register.querySelector("#register-done").textContent = `${t("registeredOne")}: ${value("fullName")}`;
      for (const name of ["fullName", "email"]) register.elements[name].value = "";
      await loadDelegates();
    } catch (failure) { showProblem(register, failure); }
  });

  if (organiser) {
    setUpBulk();
    setUpPersonalData(root, tbody, root.querySelector("#bulk-status"), loadDelegates);
  }
  importer(root.querySelector("#import"), id, movementOptions, () => loadDelegates());

  function setUpBulk() {
    const progress = root.querySelector("#bulk-progress");
    const status = root.querySelector("#bulk-status");
    const printButton = root.querySelector("#print-badges");
    const showCodes = () => {
      root.querySelector("#codes-count").textContent = formatNumber(codes.size);
      printButton.disabled = codes.size === 0;
    };
    root.querySelector("#select-all").addEventListener("change", event => {
      for (const box of tbody.querySelectorAll("[data-select]")) box.checked = event.target.checked;
    });
    const actions = {
      accredit: d => api(`/api/delegates/${d}/accreditation`, { method: "POST", body: { decision: "accredit" } }),
      reject: d => api(`/api/delegates/${d}/accreditation`, { method: "POST", body: { decision: "reject", reason: reason() || null } }),
      revoke: d => api(`/api/delegates/${d}/revocation`, { method: "POST", body: { reason: reason() } }),
      reissue: d => api(`/api/delegates/${d}/credential`, { method: "POST" }),
    };
    const reason = () => root.querySelector("#bulk-reason").value.trim();
    for (const button of root.querySelectorAll("[data-bulk]")) {
      button.addEventListener("click", async () => {
        const selected = [...tbody.querySelectorAll("[data-select]:checked")].map(box => box.value);
        if (!selected.length) { status.textContent = t("selectFirst"); return; }
        progress.hidden = false;
        progress.max = selected.length;
        progress.value = 0;
        let failed = 0;
        // One command per delegate, in turn: each row gets its own answer and a dropped network stops at a known row.
        for (const delegateId of selected) {
          try {
            const answer = await actions[button.dataset.bulk](delegateId);
            if (answer?.credentialCode) codes.set(delegateId, answer.credentialCode);
            results.set(delegateId, { ok: true, text: answer?.changed === false ? t("unchanged") : t("done_" + button.dataset.bulk) });
          } catch (failure) {
            failed++;
            results.set(delegateId, { ok: false, text: failure.message });
            if (failure instanceof NetworkError) { status.textContent = t("networkStopped"); break; }
          }
          progress.value++;
          status.textContent = `${formatNumber(progress.value)} / ${formatNumber(selected.length)}`;
        }
        status.textContent = `${formatNumber(progress.value - failed)} ${t("succeeded")}, ${formatNumber(failed)} ${t("failed")}`;
        showCodes();
        await loadDelegates();
      });
    }
    printButton.addEventListener("click", async () => {
      status.textContent = t("printing");
      try {
        const response = await fetch(`/api/assemblies/${id}/badges`, {
          method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token()}` },
          body: JSON.stringify({ badges: [...codes].map(([delegateId, credentialCode]) => ({ delegateId, credentialCode })) }),
        });
        if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
        saveFile(await response.blob(), `badges-${id}.pdf`);
        status.textContent = `${t("badgesReady")}: ${formatNumber(codes.size)}`;
      } catch (failure) { status.textContent = failure.message; }
    });
    root.querySelector("#export-csv").addEventListener("click", async () => {
      try {
        const response = await fetch(`/api/assemblies/${id}/delegates.csv`, { headers: { Authorization: `Bearer ${token()}` } });
        if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
        saveFile(await response.blob(), `delegates-${id}.csv`);
      } catch (failure) { status.textContent = failure.message; }
    });
  }

  const position = await refreshAll();
  return follow(`assembly:${id}`, () => refreshAll(), position);
}
