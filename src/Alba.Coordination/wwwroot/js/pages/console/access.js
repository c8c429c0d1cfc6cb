// Who may open a console page: anyone else is sent to sign in (and brought back afterwards), or,
// signed in with another role, to their own home.
import { account, homeOf } from "../../auth.js";
import { navigate } from "../../app.js";

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
