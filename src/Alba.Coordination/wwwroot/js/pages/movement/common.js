// What the movement's workspace pages share: who may open them, how a refusal is shown, and
// dates as the forms' inputs want them.
import { account } from "../../auth.js";
import { navigate } from "../../app.js";
import { api, ApiError, NetworkError, showProblem } from "../../api.js";
import { t } from "../../i18n.js";
import "../../texts/movement.js";

/**
 * The signed-in representative (or organiser, when `organisers` is true), or null after sending the
 * person to sign in and come back to this page.
 */
export function signedInWorker({ organisers = true } = {}) {
  const who = account();
  if (who?.role === "representative" || (organisers && who?.role === "organiser")) return who;
  navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
  return null;
}

/** Whether `who` may act for `movementId` as the API judges it: an organiser, or its own representative. */
export function speaksFor(who, movementId) {
  return who?.role === "organiser" || (who?.role === "representative" && who.movementId === movementId);
}

/**
 * Sends a form's command and shows what the API answered: field errors beside the inputs, the
 * problem's detail (why it was refused) in the form's alert. Resolves to the answer, or null when
 * refused (after telling `refused` the ApiError, for pages that act on a particular refusal).
 */
export async function submit(form, path, body, { method = "POST", refused = () => {} } = {}) {
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  try {
    const answer = await api(path, { method, body });
    showProblem(form, null);
    return answer;
  } catch (error) {
    if (!(error instanceof ApiError) && !(error instanceof NetworkError)) throw error;
    showProblem(form, error instanceof NetworkError ? new Error(t("networkDown")) : error);
    if (error instanceof ApiError) refused(error);
    return null;
  } finally {
    if (button) button.disabled = false;
  }
}

/** A value for an `<input type="datetime-local">` in the browser's time zone. */
export function localDateTime(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

/** An ISO-8601 UTC time from an `<input type="datetime-local">` value (read in the browser's time zone). */
export function utcFromLocal(value) {
  return value ? new Date(value).toISOString() : null;
}
