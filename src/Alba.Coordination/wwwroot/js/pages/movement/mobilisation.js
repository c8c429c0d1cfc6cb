// A mobilisation call in the movement's workspace: endorse it (or withdraw the endorsement), register
// the movement's local actions and reach each one's field report form; the public dashboard is linked.
import { api, apiResponse, esc, refresher } from "../../api.js";
import { follow, livePosition } from "../../live.js";
import { t, formatNumber, formatTime } from "../../i18n.js";
import { signedInWorker, speaksFor, submit, localDateTime, utcFromLocal } from "./common.js";

const kinds = ["march", "strike", "vigil", "blockade", "assembly", "other"];

export async function movementMobilisation(root, id) {
  // Endorsing and registering act for the signed-in representative's own movement.
  const who = signedInWorker({ organisers: false });
  if (!who) return undefined;
  root.innerHTML = `<div id="call-head"></div><section class="card" id="endorsement"></section>
    <section class="card" id="my-actions"></section>
    <section class="card"><h2>${t("mvRegisterAction")}</h2>
      <form id="register-action" class="stack" novalidate>
        <label for="action-city">${t("mvCity")}</label><input id="action-city" name="city" required maxlength="100">
        <label for="action-country">${t("mvCountry")}</label><input id="action-country" name="country" required maxlength="2" autocapitalize="characters" placeholder="VE">
        <label for="action-kind">${t("mvKind")}</label><select id="action-kind" name="kind">${kinds.map(k => `<option value="${k}">${t(`kind_${k}`)}</option>`).join("")}</select>
        <label for="action-start">${t("mvStartsAt")}</label><input id="action-start" name="startsAt" type="datetime-local" required>
        <p class="error" role="alert" data-form-error></p>
        <button class="primary" type="submit">${t("mvRegister")}</button>
      </form></section>`;
  const register = root.querySelector("#register-action");
  register.startsAt.value = localDateTime(new Date());

  const render = refresher(async () => {
    const reads = await Promise.all([apiResponse(`/api/mobilisations/${id}`), apiResponse(`/api/mobilisations/${id}/actions`)]);
    const [call, actions] = reads.map(read => read.body);
    const own = who.movementId;
    const role = call.convenedBy.includes(own) ? "mvConvener" : call.endorsedBy.includes(own) ? "mvEndorser" : null;
    root.querySelector("#call-head").innerHTML = `<p><a href="/movement" data-link>← ${t("mvWorkspace")}</a></p>
      <h1>${esc(call.title)}</h1>
      <p class="muted">${esc(call.startsOn)} – ${esc(call.endsOn)} · ${call.countries.map(esc).join(", ")} · ${call.endorsements} ${t("endorsements")}</p>
      <section class="card"><p class="text" lang="${esc(call.language)}">${esc(call.callText)}</p>
        <a href="/mobilisations/${esc(call.id)}" data-link id="dashboard-link">${t("mvDashboard")}</a></section>`;
    root.querySelector("#endorsement").innerHTML = `<h2>${t("endorsements")}</h2><form id="endorse" class="row" novalidate>
        <p id="my-role">${role ? t(role) : t("mvNotJoined")}</p>
        ${role === "mvConvener" ? "" : role ? `<button type="button" id="withdraw-endorsement">${t("mvWithdrawEndorsement")}</button>`
          : `<button class="primary" type="submit">${t("mvEndorse")}</button>`}
        <p class="error" role="alert" data-form-error></p></form>`;
    const mine = actions.filter(a => speaksFor(who, a.organisingMovementId));
    root.querySelector("#my-actions").innerHTML = `<h2>${t("mvActions")}</h2>${mine.length ? `<ul class="list">${mine.map(a => `<li data-action="${esc(a.id)}">
      ${esc(a.city)} (${esc(a.country)}) · ${t(`kind_${a.kind}`)} · ${formatTime(a.startsAt)} · ${t("turnout")} ${formatNumber(a.turnout)}
      <a href="/movement/actions/${esc(a.id)}/report" data-link>${t("mvReport")}</a></li>`).join("")}</ul>` : `<p class="muted">${t("none")}</p>`}`;

    const endorse = root.querySelector("#endorse");
    endorse?.addEventListener("submit", async event => {
      event.preventDefault();
      if (await submit(endorse, `/api/mobilisations/${id}/endorsements`, { movementId: own })) await render();
    });
    endorse?.querySelector("#withdraw-endorsement")?.addEventListener("click", async () => {
      if (await submit(endorse, `/api/mobilisations/${id}/endorsements/${own}`, undefined, { method: "DELETE" })) await render();
    });
    return livePosition(...reads);
  });

  register.addEventListener("submit", async event => {
    event.preventDefault();
    const created = await submit(register, `/api/mobilisations/${id}/actions`, {
      city: register.city.value, country: register.country.value.trim().toUpperCase(), kind: register.kind.value,
      startsAt: utcFromLocal(register.startsAt.value), organisingMovementId: who.movementId,
    });
    if (created) { register.city.value = ""; await render(); }
  });

  const position = await render();
  return follow(`mobilisation:${id}`, () => render(), position);
}
