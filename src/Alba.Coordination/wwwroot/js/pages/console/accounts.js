// The organisers' and representatives' accounts (/console/accounts): who signs in with an e-mail and a password, and the
// erasure of an account's personal data on the person's request (its name and e-mail become unreadable, it can no longer
// sign in, what it did stays on record under its id). An organiser's own account is never offered for erasure.
import { api, esc, ApiError, NetworkError } from "../../api.js";
import { t, formatTime } from "../../i18n.js";
import { erasureDialog, requireRole } from "./access.js";
import "../../texts/console.js";

/** The API's refusals of an erasure, in the reader's language. */
function explain(failure) {
  if (failure instanceof NetworkError) return new Error(t("networkDown"));
  if (!(failure instanceof ApiError) || failure.status === 400) return failure;
  const key = failure.status === 404 ? "accountNotFound" : { ownAccount: "accountOwn", alreadyErased: "accountAlreadyErased" }[failure.problem?.refusal];
  return key ? new Error(t(key)) : failure;
}

export async function consoleAccounts(root) {
  if (!requireRole("organiser")) return;
  root.innerHTML = `<p><a href="/console" data-link>${t("console")}</a></p>
    <h1>${t("accountsTitle")}</h1><p class="muted">${t("accountsIntro")}</p>
    <p id="accounts-status" role="status" tabindex="-1"></p>
    <section class="card"><h2 class="visually-hidden">${t("accountsTitle")}</h2><ul class="list" id="accounts-list"></ul></section>`;
  const list = root.querySelector("#accounts-list");
  const status = root.querySelector("#accounts-status");
  let erasing = null;

  // A list rather than a table: each account reads whole on a phone, one under the other.
  const load = async () => {
    const accounts = await api("/api/accounts");
    list.innerHTML = accounts.map(a => `<li class="account-entry" data-account="${esc(a.id)}">
        <span class="account-person">${a.personalDataErased ? `<i class="muted">${t("erasedPerson")}</i>`
          : `<b>${esc(a.fullName)}</b> <span class="muted">${esc(a.email)}</span>`}</span>
        <span class="row account-facts"><span>${t(a.role)}${a.movementName ? ` · ${esc(a.movementName)}` : ""}</span>
          <span class="badge account-${esc(a.status)}">${t(`accountStatus_${a.status}`)}</span>
          ${a.erasedAt ? `<span class="muted">${formatTime(a.erasedAt)}</span>` : ""}
          ${a.isCaller ? `<span class="muted">${t("accountYours")}</span>` : a.personalDataErased ? ""
            : `<button type="button" class="link-button" data-erase-account="${esc(a.id)}"
              data-name="${esc(`${a.fullName} (${t(a.role)}${a.movementName ? ` · ${a.movementName}` : ""})`)}">${t("erase")}</button>`}</span></li>`).join("")
      || `<li class="muted">${t("none")}</li>`;
  };

  const dialog = erasureDialog(root, {
    id: "erase-account", title: t("eraseAccountTitle"), help: t("eraseAccountHelp"), confirm: t("confirmErase"), explain, outcome: status,
    erase: async reason => {
      const erased = await api(`/api/accounts/${erasing}/erasure`, { method: "POST", body: { reason } });
      status.textContent = `${t("accountErasedDone")} ${formatTime(erased.erasedAt)}`;
      await load();
    },
  });
  list.addEventListener("click", event => {
    const erase = event.target.closest("[data-erase-account]");
    if (!erase) return;
    erasing = erase.dataset.eraseAccount;
    status.textContent = "";
    dialog.open(erase.dataset.name);
  });
  await load();
  return undefined;
}
