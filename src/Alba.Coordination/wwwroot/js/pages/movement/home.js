// "My movement": what its representative works on — its delegations (in the organisers' console,
// which shows a representative its own movement's delegation), the statements it initiates or is
// asked to sign, the calls it convenes or endorses, the local actions it organises — and the forms
// that start a statement or a call.
import { api, esc } from "../../api.js";
import { navigate } from "../../app.js";
import { t, lang, formatTime } from "../../i18n.js";
import { signedInWorker, submit } from "./common.js";

const languages = ["es", "en", "pt", "fr"];

/** The texts' language, the page's own chosen first. */
function languagePicker(id) {
  return `<select id="${id}" name="language">${languages.map(code => `<option value="${code}"${code === lang ? " selected" : ""}>${code}</option>`).join("")}</select>`;
}

function statementLine(s) {
  const mine = s.initiated ? t("mvInitiated")
    : s.signedRevision === null ? t("mvInvited")
    : s.signedRevision === s.revision ? `${t("mvSignedCurrent")} ${s.signedRevision}` : `${t("signedRevision")} ${s.signedRevision} — ${t("mvConfirmAgain")}`;
  return `<li data-statement="${esc(s.id)}"><a href="/movement/statements/${esc(s.id)}" data-link>${esc(s.title)}</a>
    <span class="badge ${esc(s.status)}">${t(s.status)}</span> <span class="muted">${t("revision")} ${s.revision} · ${mine}</span></li>`;
}

export async function movementHome(root) {
  const who = signedInWorker({ organisers: false });
  if (!who) return undefined;
  const w = await api(`/api/movements/${who.movementId}/workspace`);
  const list = (items, line) => items.length ? `<ul class="list">${items.map(line).join("")}</ul>` : `<p class="muted">${t("none")}</p>`;
  root.innerHTML = `<h1>${esc(w.movement.name)}</h1>
    <p class="muted">${esc(w.movement.country)} · ${esc(w.movement.region)} · ${esc(w.movement.sector)}</p>
    <section class="card" id="delegations"><h2>${t("mvDelegations")}</h2>
      ${list(w.delegations, d => `<li><a href="/console/assemblies/${esc(d.assemblyId)}" data-link>${esc(d.title)}</a>
        <span class="muted">${esc(d.city)} (${esc(d.country)}) · ${esc(d.opensOn)} · ${d.delegates} ${t("mvDelegates")}</span></li>`)}</section>
    <section class="card" id="statements"><h2>${t("mvStatements")}</h2>${list(w.statements, statementLine)}
      <details><summary>${t("mvNewStatement")}</summary>
        <form id="draft" class="stack" novalidate>
          <label for="draft-title">${t("mvTitle")}</label><input id="draft-title" name="title" required maxlength="200">
          <label for="draft-body">${t("mvBody")}</label><textarea id="draft-body" name="body" rows="8" required></textarea>
          <label for="draft-language">${t("language")}</label>${languagePicker("draft-language")}
          <p class="error" role="alert" data-form-error></p>
          <button class="primary" type="submit">${t("mvDraft")}</button>
        </form></details></section>
    <section class="card" id="calls"><h2>${t("mvCalls")}</h2>
      ${list(w.calls, c => `<li data-call="${esc(c.id)}"><a href="/movement/mobilisations/${esc(c.id)}" data-link>${esc(c.title)}</a>
        <span class="muted">${esc(c.startsOn)} – ${esc(c.endsOn)} · ${c.role ? t(c.role === "convener" ? "mvConvener" : "mvEndorser") : t("mvNotJoined")}</span></li>`)}
      <details><summary>${t("mvNewCall")}</summary>
        <form id="call" class="stack" novalidate>
          <label for="call-title">${t("mvTitle")}</label><input id="call-title" name="title" required>
          <label for="call-text">${t("mvCallText")}</label><textarea id="call-text" name="callText" rows="6" required></textarea>
          <label for="call-language">${t("language")}</label>${languagePicker("call-language")}
          <label for="call-starts">${t("mvStartsOn")}</label><input id="call-starts" name="startsOn" type="date" required>
          <label for="call-ends">${t("mvEndsOn")}</label><input id="call-ends" name="endsOn" type="date" required>
          <label for="call-countries">${t("mvCountries")}</label><input id="call-countries" name="countries" placeholder="VE, CO, BR" aria-describedby="call-countries-hint">
          <span class="muted" id="call-countries-hint">${t("mvCountriesHint")}</span>
          <p class="muted">${t("mvConvenedByYou")}</p>
          <p class="error" role="alert" data-form-error></p>
          <button class="primary" type="submit">${t("mvCall")}</button>
        </form></details></section>
    <section class="card" id="actions"><h2>${t("mvActions")}</h2>
      ${list(w.actions, a => `<li data-action="${esc(a.id)}">${esc(a.city)} (${esc(a.country)}) · ${t(`kind_${a.kind}`)} · ${formatTime(a.startsAt)}
        <a href="/movement/actions/${esc(a.id)}/report" data-link>${t("mvReport")}</a></li>`)}</section>`;

  const draft = root.querySelector("#draft");
  draft.addEventListener("submit", async event => {
    event.preventDefault();
    const created = await submit(draft, "/api/statements", {
      title: draft.title.value, body: draft.body.value, language: draft.language.value, initiatingMovementId: who.movementId,
    });
    if (created) navigate(`/movement/statements/${created.statementId}`);
  });

  const call = root.querySelector("#call");
  call.addEventListener("submit", async event => {
    event.preventDefault();
    const created = await submit(call, "/api/mobilisations", {
      title: call.title.value, callText: call.callText.value, language: call.language.value,
      startsOn: call.startsOn.value || null, endsOn: call.endsOn.value || null,
      countries: call.countries.value.split(/[\s,;]+/).filter(Boolean).map(code => code.toUpperCase()),
      // A representative convenes for its own movement only; others join by endorsing.
      convenedBy: [who.movementId],
    });
    if (created) navigate(`/movement/mobilisations/${created.mobilisationId}`);
  });
  return undefined;
}
