// Who may open a console page: anyone else is sent to sign in (and brought back afterwards), or,
// signed in with another role, to their own home.
import { account, homeOf } from "../../auth.js";
import { navigate } from "../../app.js";
import { ApiError, showProblem } from "../../api.js";
import { t } from "../../i18n.js";
import "../../texts/console.js";

/** The signed-in account when its role is one of `roles`; otherwise moves away and answers null. */
export function requireRole(...roles) {
  const who = account();
  if (who && roles.includes(who.role)) return who;
  navigate(who ? homeOf(who) : `/signin?next=${encodeURIComponent(location.pathname)}`);
  return null;
}

/** Downloads an authorised answer (CSV, PDF) as a file: links cannot carry the token. */
export function saveFile(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The confirmation of an erasure, which cannot be undone: a modal dialog naming who is erased and saying what, with the
 * reason the API requires. `open(name)` shows it; `erase(reason)` sends the request. A missing reason is said next to the
 * field before anything is sent, and a refusal stays in the dialog, worded by `explain(failure)` (the reader's language
 * where the refusal is known). Escape or "cancel" closes it, and the focus goes back to what opened it; after an erasure
 * that button is gone (the row now shows the person erased), so the focus goes to `outcome`, where the page says what was
 * done. Answers { open }.
 */
export function erasureDialog(root, { id, title, help, confirm, erase, outcome, explain = failure => failure }) {
  const dialog = document.createElement("dialog");
  dialog.className = "erase-dialog";
  dialog.setAttribute("aria-labelledby", `${id}-title`);
  dialog.innerHTML = `<form method="dialog" class="stack" novalidate>
      <h2 id="${id}-title">${title}</h2>
      <p id="${id}-help">${help}</p>
      <p><b id="${id}-name"></b></p>
      <label for="${id}-reason">${t("eraseReason")}</label>
      <input id="${id}-reason" name="reason" required maxlength="500" aria-describedby="${id}-help" autofocus>
      <p class="error" role="alert" data-form-error></p>
      <div class="row"><button type="submit" class="primary" value="erase">${confirm}</button>
        <button type="button" data-cancel>${t("cancel")}</button></div>
    </form>`;
  root.append(dialog);
  const form = dialog.querySelector("form");
  let opener = null;
  dialog.addEventListener("close", () => (opener?.isConnected ? opener : outcome)?.focus());
  dialog.querySelector("[data-cancel]").addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const reason = form.elements.reason.value.trim();
    try {
      if (!reason) throw new ApiError(400, { detail: t("required"), errors: { reason: [t("required")] } });
      await erase(reason);
      dialog.close();
    } catch (failure) { showProblem(form, explain(failure)); }
  });
  return {
    open(name) {
      opener = document.activeElement;
      dialog.querySelector(`#${id}-name`).textContent = name;
      form.reset();
      showProblem(form, null);
      dialog.showModal();
    },
  };
}
