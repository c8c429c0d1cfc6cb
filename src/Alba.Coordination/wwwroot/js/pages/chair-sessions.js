// The organiser's list of an assembly's sessions and the form that schedules one; each session links
// to its chair's console.
import { api, esc, showProblem } from "../api.js";
import { t, formatTime } from "../i18n.js";
import { account } from "../auth.js";
import { navigate } from "../app.js";
import "../texts/chair.js";

/** Sends anyone but an organiser to sign in first; true when the page may go on. */
export function organiserOnly() {
  if (account()?.role === "organiser") return true;
  navigate(`/signin?next=${encodeURIComponent(location.pathname)}`);
  return false;
}

function scheduleForm() {
  return `<form id="schedule" class="stack narrow" novalidate>
    <label for="session-title">${t("sessionTitle")}</label><input id="session-title" name="title" required>
    <label for="session-kind">${t("sessionKind")}</label>
    <select id="session-kind" name="kind"><option value="plenary">${t("plenary")}</option><option value="commission">${t("commission")}</option></select>
    <label for="session-at">${t("scheduledAt")}</label><input id="session-at" name="scheduledAt" type="datetime-local" required>
    <label for="session-agenda">${t("agendaLines")}</label><textarea id="session-agenda" name="agenda" rows="4" required></textarea>
    <p class="error" data-form-error role="alert"></p>
    <button class="primary" type="submit">${t("schedule")}</button></form>`;
}

export async function chairSessions(root, assemblyId) {
  if (!organiserOnly()) return undefined;
  const sessions = await api(`/api/assemblies/${assemblyId}/sessions`);
  root.innerHTML = `<h1>${t("chairSessions")}</h1>
    <section class="card"><h2>${t("sessions")}</h2>${sessions.length ? `<ul class="list" id="sessions">${sessions.map(s => `<li>
      <a href="/console/sessions/${esc(s.id)}" data-link>${esc(s.title)}</a> <span class="badge ${esc(s.status)}">${t(s.status)}</span>
      <span class="muted">${t(s.kind)} · ${formatTime(s.scheduledAt)}</span></li>`).join("")}</ul>` : `<p class="muted" id="sessions">${t("noSessions")}</p>`}</section>
    <section class="card"><h2>${t("scheduleSession")}</h2>${scheduleForm()}</section>`;
  const form = root.querySelector("#schedule");
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const data = new FormData(form);
    const at = data.get("scheduledAt");
    try {
      const created = await api(`/api/assemblies/${assemblyId}/sessions`, {
        method: "POST",
        body: {
          title: data.get("title"), kind: data.get("kind"),
          // datetime-local is the chair's local time; the API takes UTC.
          scheduledAt: at ? new Date(at).toISOString() : null,
          agenda: String(data.get("agenda")).split("\n").map(line => line.trim()).filter(Boolean).map(title => ({ title })),
        },
      });
      navigate(`/console/sessions/${created.sessionId}`);
    } catch (error) {
      showProblem(form, error);
    }
  });
  return undefined;
}
