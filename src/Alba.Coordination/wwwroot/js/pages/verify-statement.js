// The public check of a statement's hash chain (/statements/{id}/verify): says whether the chain holds together,
// recomputes every link whose event the reader may read, and finds the head a movement kept when it signed
// (js/verify-statement.js). Drafts are shown only to those involved: the chain answers to whoever may read the statement.
import { api, esc } from "../api.js";
import { t, formatTime } from "../i18n.js";
import { chainFaults, contentFaults, contentStates, placeOfHead } from "../verify-statement.js";
import { fill } from "../texts/verify.js";

const marks = { recomputed: "✓", altered: "✗", missing: "✗", notPublic: "·" };

export async function verifyStatement(root, id) {
  const chain = await api(`/api/statements/${id}/chain`);
  const states = await contentStates(chain);
  const faults = [...chainFaults(chain), ...contentFaults(chain, states)];
  const verdict = faults.length ? t("verifyFailed") : t(chain.withContent ? "chainVerifiedContent" : "chainVerified");
  root.innerHTML = `<h1>${t("statementVerifyTitle")}</h1><p class="muted">${t("statementVerifyIntro")}</p>
    <section class="card"><p id="verdict" role="status" data-verdict="${faults.length ? "failed" : "verified"}"
      class="${faults.length ? "error" : "verified"}">${verdict}</p>
      <ul id="faults" class="list faults">${faults.map(fault => `<li data-fault="${esc(fault.code)}">${esc(fill(`fault-${fault.code}`, fault))}</li>`).join("")}</ul>
      <dl class="board-facts"><dt>${t("boardHead")}</dt><dd class="hash" data-head>${esc(chain.head)}</dd></dl></section>
    <section class="card"><h2>${t("keptHeadTitle")}</h2>
      <form id="find-head" class="stack" novalidate><label for="kept-head">${t("keptHeadLabel")}</label>
        <input id="kept-head" name="head" autocomplete="off" spellcheck="false" class="hash">
        <button type="submit">${t("keptHeadFind")}</button></form>
      <p id="head-answer" role="status"></p></section>
    <section class="card"><h2>${t("chainLinks")}</h2><ol class="list chain-links">${chain.links.map((link, i) =>
      `<li data-link-state="${states[i]}"><b>${esc(link.kind)}</b> <span class="muted">${formatTime(link.at)}</span><br>
        <span class="link-state ${states[i]}">${marks[states[i]]} ${t(`link-${states[i]}`)}</span><br>
        <span class="hash">${esc(link.hash)}</span></li>`).join("")}</ol></section>`;
  root.querySelector("#find-head").addEventListener("submit", event => {
    event.preventDefault();
    const answer = root.querySelector("#head-answer");
    const place = placeOfHead(chain, new FormData(event.target).get("head") ?? "");
    answer.dataset.found = String(place > 0);
    answer.textContent = place > 0 ? fill("keptHeadFound", { place, total: chain.links.length }) : t("keptHeadMissing");
  });
  return undefined;
}
