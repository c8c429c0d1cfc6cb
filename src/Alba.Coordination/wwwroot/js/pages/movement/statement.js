// A statement in the movement's workspace: the draft editor (a new revision on the revision the
// writer read), the conflict when someone revised meanwhile (their change beside yours, merged
// and saved on the new base), a word diff between any two revisions, signing for the movement,
// translations beside their source, publication and the signatories' CSV.
import { diffWords, structuredPatch, applyPatch } from "/lib/diff/index.js";
import { api, apiResponse, esc, refresher } from "../../api.js";
import { token } from "../../auth.js";
import { follow, livePosition } from "../../live.js";
import { t, formatTime } from "../../i18n.js";
import { signedInWorker, speaksFor, submit, utcFromLocal } from "./common.js";

/** The word diff from `before` to `after` as HTML: removed words in <del>, added ones in <ins>. */
export function wordDiff(before, after) {
  return diffWords(before, after).map(part =>
    part.added ? `<ins>${esc(part.value)}</ins>` : part.removed ? `<del>${esc(part.value)}</del>` : esc(part.value)).join("");
}

/**
 * Your change (base → yours) carried onto their text, when the two touch different lines; otherwise
 * your text as it is, for you to merge by hand while their change is shown beside it.
 */
function merged(base, theirs, yours) {
  const patch = structuredPatch("", "", base, yours, "", "", { context: 0 });
  const applied = applyPatch(theirs, patch);
  return applied === false ? yours : applied;
}

/**
 * Every revision's title and body, from the statement's history (read by the movements involved and organisers), with
 * the read's response for its live position (none when the history could not be read).
 */
async function revisionTexts(id) {
  try {
    const read = await apiResponse(`/api/statements/${id}/history`);
    const history = read.body;
    const texts = new Map();
    for (const entry of history) {
      if (entry.kind === "StatementDrafted") texts.set(1, { title: entry.data.title, body: entry.data.body });
      if (entry.kind === "StatementRevised") texts.set(entry.data.revision, { title: entry.data.title, body: entry.data.body });
    }
    return { texts, read };
  } catch {
    return { texts: new Map(), read: null };
  }
}

async function downloadCsv(id) {
  const response = await fetch(`/api/statements/${id}/signatories.csv`, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `signatories-${id}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

export async function movementStatement(root, id) {
  const who = signedInWorker();
  if (!who) return undefined;
  root.innerHTML = `<div id="statement-head"></div>
    <section class="card" id="editor"></section>
    <section class="card" id="signing"></section>
    <section class="card" id="revisions"></section>
    <section class="card" id="translations-side"></section>`;
  let statement = null;
  let texts = new Map();
  let editorBase = null;

  const render = refresher(async () => {
    const [read, revisions] = await Promise.all([apiResponse(`/api/statements/${id}`), revisionTexts(id)]);
    statement = read.body;
    texts = revisions.texts;
    renderHead();
    renderEditor();
    renderSigning();
    renderRevisions();
    renderTranslations();
    return livePosition(read, revisions.read);
  });

  const steers = () => speaksFor(who, statement.initiatingMovementId);

  function renderHead() {
    const s = statement;
    root.querySelector("#statement-head").innerHTML = `
      <p><a href="/movement" data-link>← ${t("mvWorkspace")}</a></p>
      <h1>${esc(s.title)} <span class="badge ${esc(s.status)}">${t(s.status)}</span></h1>
      <p class="muted">${esc(s.initiatingMovement)} · ${t("revision")} <span id="current-revision">${s.revision}</span> · ${formatTime(s.updatedAt)}</p>
      <div class="row">
        ${s.status === "published" ? `<a id="public-page" href="/statements/${esc(s.id)}" data-link>${t("mvPublicPage")}</a>` : ""}
        <button type="button" id="csv">${t("mvCsv")}</button>
      </div>`;
    root.querySelector("#csv").addEventListener("click", () => downloadCsv(id).catch(error => alert(error.message)));
  }

  // The editor is drawn once per base revision: live updates never overwrite what is being typed.
  // A newer revision arriving only announces itself; saving then meets the API's 409 and the merge.
  function renderEditor() {
    const section = root.querySelector("#editor");
    if (statement.status === "published") { section.innerHTML = `<h2>${t("mvEditor")}</h2><p class="muted">${t("mvFrozen")}</p>`; return; }
    if (!steers()) { section.innerHTML = `<h2>${t("mvEditor")}</h2><p class="muted" id="editor-why">${t("mvOnlyInitiatorRevises")}</p>`; return; }
    if (editorBase !== null) {
      const newer = section.querySelector("#newer");
      if (newer) newer.textContent = statement.revision > editorBase ? `${t("mvNewerRevision")} ${statement.revision}` : "";
      return;
    }
    editorBase = statement.revision;
    section.innerHTML = `<h2>${t("mvEditor")}</h2>
      <form id="revise" class="stack" novalidate>
        <p class="muted">${t("mvWritingOn")} <span id="base-revision">${editorBase}</span></p>
        <p class="notice" id="newer" role="status"></p>
        <label for="revise-title">${t("mvTitle")}</label><input id="revise-title" name="title" required maxlength="200">
        <label for="revise-body">${t("mvBody")}</label><textarea id="revise-body" name="body" rows="10" required></textarea>
        <label for="revise-note">${t("mvNote")}</label><input id="revise-note" name="note" maxlength="500">
        <p class="error" role="alert" data-form-error></p>
        <button class="primary" type="submit">${t("mvSaveRevision")}</button>
      </form>
      <div id="conflict"></div>`;
    const form = section.querySelector("#revise");
    const base = texts.get(editorBase) ?? { title: statement.title, body: statement.body };
    form.title.value = base.title;
    form.body.value = base.body;
    form.addEventListener("submit", async event => {
      event.preventDefault();
      await save(form, editorBase);
    });
  }

  async function save(form, baseRevision) {
    const command = { title: form.title.value, body: form.body.value, note: form.note.value || null, baseRevision };
    let stale = false;
    const answer = await submit(form, `/api/statements/${id}/revisions`, command,
      { refused: error => { stale = error.status === 409 && error.problem?.currentRevision > baseRevision; } });
    if (answer) {
      editorBase = null;
      await render();
      root.querySelector("#editor").insertAdjacentHTML("afterbegin", `<p class="ok" role="status" id="saved">${t("mvSaved")} ${answer.revision}</p>`);
    } else if (stale) {
      await render();
      showConflict(form, baseRevision);
    }
  }

  /** Their change (base → current) beside yours (base → your text), and a merge to save on the current revision. */
  function showConflict(form, baseRevision) {
    const base = texts.get(baseRevision) ?? { title: "", body: "" };
    const current = texts.get(statement.revision) ?? { title: statement.title, body: statement.body };
    const yours = { title: form.title.value, body: form.body.value };
    const place = root.querySelector("#conflict");
    place.innerHTML = `<section class="conflict" aria-labelledby="conflict-title">
      <h3 id="conflict-title">${t("mvConflict")} ${statement.revision}</h3>
      <div class="side-by-side">
        <div id="their-change"><h4>${t("mvTheirChange")} (${baseRevision} → ${statement.revision})</h4><p class="diff">${wordDiff(base.body, current.body)}</p></div>
        <div id="your-change"><h4>${t("mvYourChange")}</h4><p class="diff">${wordDiff(base.body, yours.body)}</p></div>
      </div>
      <form id="merge" class="stack" novalidate>
        <label for="merge-title">${t("mvTitle")}</label><input id="merge-title" name="title" required>
        <label for="merge-body">${t("mvMerged")}</label><textarea id="merge-body" name="body" rows="10" required></textarea>
        <label for="merge-note">${t("mvNote")}</label><input id="merge-note" name="note">
        <p class="error" role="alert" data-form-error></p>
        <button class="primary" type="submit">${t("mvSaveOn")} ${statement.revision}</button>
      </form></section>`;
    const merge = place.querySelector("#merge");
    merge.title.value = yours.title !== base.title ? yours.title : current.title;
    merge.body.value = merged(base.body, current.body, yours.body);
    merge.note.value = form.note.value;
    const newBase = statement.revision;
    merge.addEventListener("submit", async event => {
      event.preventDefault();
      await save(merge, newBase);
    });
    merge.body.focus();
  }

  function renderSigning() {
    const s = statement;
    const mine = who.movementId ? s.signatures.find(x => x.movementId === who.movementId) : null;
    let action = "";
    if (s.status === "draft") {
      action = steers()
        ? `<form id="open-signatures" class="stack" novalidate>
             <label for="closes-at">${t("mvClosesAt")}</label><input id="closes-at" name="closesAt" type="datetime-local">
             <p class="error" role="alert" data-form-error></p>
             <button class="primary" type="submit">${t("mvOpenSignatures")}</button></form>`
        : `<p class="muted">${t("mvNotOpenYet")}</p>`;
    } else if (s.status === "open" && who.role === "representative") {
      const state = !mine ? "" : mine.current ? `<p class="ok" id="my-signature">${t("mvSignedCurrent")} ${mine.revision}</p>`
        : `<p class="notice" id="my-signature">${t("signedRevision")} ${mine.revision} — ${t("mvConfirmAgain")}</p>`;
      action = `${state}<form id="sign" class="row" novalidate>
          <input type="hidden" name="movementId" value="${esc(who.movementId)}">
          ${!mine?.current ? `<button class="primary" type="submit">${mine ? `${t("mvConfirmOn")} ${s.revision}` : `${t("mvSign")} ${s.revision}`}</button>` : ""}
          ${mine ? `<button type="button" id="withdraw">${t("mvWithdraw")}</button>` : ""}
          <p class="error" role="alert" data-form-error></p></form>`;
    }
    const publish = s.status === "open" && steers()
      ? `<form id="publish" class="row" novalidate><button class="primary" type="submit">${t("mvPublish")} ${s.revision}</button>
          <p class="error" role="alert" data-form-error></p></form>` : "";
    root.querySelector("#signing").innerHTML = `<h2>${t("signatories")} (${s.signatories.length})</h2>
      ${s.signaturesCloseAt ? `<p class="muted">${t("mvClosesAt")}: ${formatTime(s.signaturesCloseAt)}</p>` : ""}
      ${action}
      ${s.signatures.length ? `<table class="signatures"><thead><tr><th scope="col">${t("mvMovement")}</th><th scope="col">${t("revision")}</th><th scope="col">${t("status")}</th></tr></thead><tbody>
        ${s.signatures.map(x => `<tr data-movement="${esc(x.movementId)}"><td>${esc(x.movement)} <span class="muted">${esc(x.country)}</span></td><td>${x.revision}</td>
          <td>${x.current ? `<span class="badge current">${t("mvCounted")}</span>` : `<span class="badge">${t("signedRevision")} ${x.revision}</span> ${t("mvConfirmAgain")}`}</td></tr>`).join("")}
        </tbody></table>` : `<p class="muted">${t("none")}</p>`}
      ${publish}`;
    const sign = root.querySelector("#sign");
    sign?.addEventListener("submit", async event => {
      event.preventDefault();
      if (await submit(sign, `/api/statements/${id}/signatures`, { movementId: sign.movementId.value, revision: statement.revision })) await render();
    });
    sign?.querySelector("#withdraw")?.addEventListener("click", async () => {
      if (await submit(sign, `/api/statements/${id}/signatures/${encodeURIComponent(sign.movementId.value)}`, undefined, { method: "DELETE" })) await render();
    });
    const open = root.querySelector("#open-signatures");
    open?.addEventListener("submit", async event => {
      event.preventDefault();
      const closesAt = utcFromLocal(open.closesAt.value);
      if (await submit(open, `/api/statements/${id}/signature-opening`, closesAt ? { closesAt } : {})) await render();
    });
    const publishForm = root.querySelector("#publish");
    publishForm?.addEventListener("submit", async event => {
      event.preventDefault();
      if (await submit(publishForm, `/api/statements/${id}/publication`)) await render();
    });
  }

  // The two revisions compared: the latest change unless the reader picked others.
  let diffFrom = null, diffTo = null;

  function renderRevisions() {
    const s = statement;
    const from = diffFrom ?? Math.max(1, s.revision - 1);
    const to = diffTo ?? s.revision;
    const options = selected => s.revisions.map(r => `<option value="${r.revision}"${r.revision === selected ? " selected" : ""}>${r.revision}</option>`).join("");
    const section = root.querySelector("#revisions");
    section.innerHTML = `<h2>${t("mvRevisions")}</h2>
      <ul class="list revisions">${s.revisions.map(r => `<li data-revision="${r.revision}"><b>${r.revision}</b> ${esc(r.title)}
        ${r.note ? `<span class="muted">— ${esc(r.note)}</span>` : ""} <span class="muted">${formatTime(r.at)}</span></li>`).join("")}</ul>
      ${texts.size ? `<div class="row"><label for="diff-from">${t("mvFrom")}</label><select id="diff-from">${options(from)}</select>
        <label for="diff-to">${t("mvTo")}</label><select id="diff-to">${options(to)}</select></div>
        <p class="diff" id="diff" aria-live="polite"></p>` : ""}`;
    if (!texts.size) return;
    const fromPicker = section.querySelector("#diff-from"), toPicker = section.querySelector("#diff-to");
    const show = () => {
      const a = texts.get(Number(fromPicker.value)), b = texts.get(Number(toPicker.value));
      section.querySelector("#diff").innerHTML = a && b
        ? `${a.title !== b.title ? `<b>${wordDiff(a.title, b.title)}</b><br>` : ""}${wordDiff(a.body, b.body)}` : "";
    };
    fromPicker.addEventListener("change", () => { diffFrom = Number(fromPicker.value); show(); });
    toPicker.addEventListener("change", () => { diffTo = Number(toPicker.value); show(); });
    show();
  }

  function renderTranslations() {
    const s = statement;
    const section = root.querySelector("#translations-side");
    if (!section.querySelector("#translations-list")) {
      section.innerHTML = `<h2>${t("translations")}</h2><div id="translations-list"></div>
        <form id="translate" class="stack" novalidate><h3>${t("mvTranslate")} <span id="translate-revision"></span></h3>
          <label for="tr-language">${t("language")}</label><input id="tr-language" name="language" required maxlength="10" placeholder="en">
          <label for="tr-title">${t("mvTitle")}</label><input id="tr-title" name="title" required>
          <label for="tr-body">${t("mvBody")}</label><textarea id="tr-body" name="body" rows="6" required></textarea>
          <p class="error" role="alert" data-form-error></p>
          <button class="primary" type="submit">${t("mvSaveTranslation")}</button></form>`;
      const form = section.querySelector("#translate");
      form.addEventListener("submit", async event => {
        event.preventDefault();
        const command = { language: form.language.value.trim(), title: form.title.value, body: form.body.value, sourceRevision: statement.revision };
        if (await submit(form, `/api/statements/${id}/translations`, command)) { form.reset(); await render(); }
      });
    }
    section.querySelector("#translate").hidden = s.status === "published";
    section.querySelector("#translate-revision").textContent = `(${t("revision")} ${s.revision})`;
    section.querySelector("#translations-list").innerHTML = s.translations.map(tr => {
      const source = texts.get(tr.sourceRevision);
      return `<div class="side-by-side translation" data-language="${esc(tr.language)}">
        <div><h3>${esc(s.language)} · ${t("revision")} ${tr.sourceRevision}</h3>${source ? `<p class="text" lang="${esc(s.language)}">${esc(source.body)}</p>` : ""}</div>
        <div><h3>${esc(tr.language)} · ${esc(tr.title)} ${tr.stale ? `<span class="badge stale">${t("stale")}</span>` : ""}</h3>
          <p class="text" lang="${esc(tr.language)}">${esc(tr.body)}</p></div></div>`;
    }).join("") || `<p class="muted">${t("none")}</p>`;
  }

  const position = await render();
  return follow(`statement:${id}`, () => render(), position);
}
