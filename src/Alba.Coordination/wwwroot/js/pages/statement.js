import { api, apiResponse, esc, refresher } from "../api.js";
import { follow, livePosition } from "../live.js";
import { t, formatTime } from "../i18n.js";
import { signIn } from "../auth.js";
import "../texts/verify.js";

// Statements still being signed are shown only to the movements involved and organisers, so the
// page offers a representative's sign-in when the statement is not (yet) public.
function signInForm() {
  return `<section class="card"><p>${t("notFound")}</p><p class="muted">${t("representativeSignIn")}</p>
    <form id="rep-sign-in" class="inline">
      <input name="email" type="email" autocomplete="username" placeholder="${t("email")}" aria-label="${t("email")}">
      <input name="password" type="password" autocomplete="current-password" placeholder="${t("password")}" aria-label="${t("password")}">
      <button class="primary" type="submit">OK</button></form><p class="error" id="rep-error"></p></section>`;
}

export async function statement(root, id) {
  const render = refresher(async () => {
    let read;
    try {
      read = await apiResponse(`/api/statements/${id}`);
    } catch (error) {
      if (error.status !== 404) throw error;
      root.innerHTML = signInForm();
      root.querySelector("#rep-sign-in").addEventListener("submit", async event => {
        event.preventDefault();
        const form = new FormData(event.target);
        try {
          await signIn(form.get("email"), form.get("password"));
          await render();
        } catch (failure) {
          root.querySelector("#rep-error").textContent = failure.message;
        }
      });
      return livePosition(error);
    }
    const s = read.body;
    // The chain's head lets a movement prove later that what it signed was not altered (docs/statements.md).
    const chain = await api(`/api/statements/${id}/chain`).catch(() => null);
    root.innerHTML = `
      <h1>${esc(s.title)} <span class="badge ${esc(s.status)}">${t(s.status)}</span></h1>
      <p class="muted">${esc(s.initiatingMovement)} · ${t("revision")} ${s.revision} · ${formatTime(s.updatedAt)}</p>
      <section class="card"><p class="text" lang="${esc(s.language)}">${esc(s.body)}</p></section>
      <section class="card" id="signatories"><h2>${t("signatories")} (${s.signatories.length})</h2>
        ${s.signatories.length ? `<ul class="list">${s.signatories.map(x => `<li data-movement="${esc(x.movementId)}">${esc(x.movement)} <span class="muted">${esc(x.country)}</span></li>`).join("")}</ul>` : `<p class="muted">${t("none")}</p>`}
        ${s.signatures.filter(x => !x.current).map(x => `<p class="muted">${esc(x.movement)}: ${t("signedRevision")} ${x.revision}</p>`).join("")}
      </section>
      <section class="card" id="translations"><h2>${t("translations")}</h2>
        ${s.translations.length ? s.translations.map(tr => `<details><summary>${esc(tr.language)} · ${esc(tr.title)}${tr.stale ? ` <span class="badge">${t("stale")}</span>` : ""}</summary>
          <p class="text" lang="${esc(tr.language)}">${esc(tr.body)}</p></details>`).join("") : `<p class="muted">${t("none")}</p>`}
      </section>
      ${chain ? `<section class="card" id="chain"><h2>${t("chainHead")}</h2><p class="hash" data-head>${esc(chain.head)}</p>
        <p class="muted">${t("chainHeadHelp")}</p>
        <p><a href="/statements/${esc(id)}/verify" data-link data-verify-link>${t("statementVerifyTitle")}</a></p></section>` : ""}`;
    return livePosition(read);
  });
  const position = await render();
  return follow(`statement:${id}`, () => render(), position);
}
