// The public verifier of a secret vote (/motions/{id}/verify): fetches the board and recomputes it in this browser
// (js/verify.js), then says "verified" or names every fault; a voter can look up the receipt its phone showed
// (?receipt=… fills it in). Anyone may open it: the board is public.
import { api, esc } from "../api.js";
import { t, formatNumber } from "../i18n.js";
import { boardFaults } from "../verify.js";
import { fill } from "../texts/verify.js";
import "../texts/chair.js";
import "../texts/tellers.js";

function summary(board) {
  const tally = board.status === "closed" && board.result
    ? `<dt>${t("boardTally")}</dt><dd data-board-tally>${t("yes")} ${board.result.yes} · ${t("no")} ${board.result.no} · ${t("abstain")} ${board.result.abstain}</dd>`
    : "";
  // Not a fault, but said: a key the server dealt could have been used by the server to decrypt every ballot.
  // The key is the qualified tellers' (all those named on a board recorded before disqualifications existed).
  const named = board.tellerKeys.length;
  const qualified = Array.isArray(board.qualified) ? board.qualified.length : named;
  const held = board.keyHeldBy !== "tellers" ? t("keyHeldByServerNote")
    : fill(qualified < named ? "keyHeldByQualifiedNote" : "keyHeldByTellersNote", { tellers: qualified, named, threshold: board.threshold });
  return `<p class="${board.keyHeldBy === "tellers" ? "muted" : "warning"}" data-key-held="${esc(board.keyHeldBy ?? "server")}">${esc(held)}</p>
    <dl class="board-facts">
    <dt>${t("boardBallots")}</dt><dd data-board-ballots>${formatNumber(board.ballots.length)}</dd>
    <dt>${t("boardRegistered")}</dt><dd>${formatNumber(board.cast)}</dd>
    <dt>${t("boardThreshold")}</dt><dd>${formatNumber(board.threshold)} / ${formatNumber(board.tellerKeys.length)}</dd>
    ${tally}
    <dt>${t("boardKey")}</dt><dd class="hash">${esc(board.publicKey)}</dd>
    <dt>${t("boardHead")}</dt><dd class="hash" data-board-head>${esc(board.head)}</dd></dl>`;
}

export async function verifyVote(root, id) {
  const wanted = new URLSearchParams(location.search).get("receipt") ?? "";
  root.innerHTML = `<h1>${t("verifyTitle")}</h1><p class="muted">${t("verifyIntro")}</p>
    <section class="card" aria-labelledby="verdict-title"><h2 id="verdict-title" class="visually-hidden">${t("verifyTitle")}</h2>
      <p id="verdict" role="status" aria-live="polite"></p><ul id="faults" class="list faults"></ul>
      <button type="button" id="verify-again">${t("verifyAgain")}</button></section>
    <section class="card" id="board-summary"></section>
    <section class="card"><h2>${t("findReceipt")}</h2>
      <form id="find-receipt" class="stack" novalidate><label for="receipt">${t("receiptLabel")}</label>
        <input id="receipt" name="receipt" autocomplete="off" spellcheck="false" class="hash" value="${esc(wanted)}">
        <button type="submit">${t("findReceipt")}</button></form>
      <p id="receipt-answer" role="status"></p></section>`;
  const verdict = root.querySelector("#verdict");
  const faultList = root.querySelector("#faults");
  let board = null;

  function findReceipt() {
    const receipt = root.querySelector("#receipt").value.trim().toLowerCase();
    const answer = root.querySelector("#receipt-answer");
    if (!receipt || !board) { answer.textContent = ""; return; }
    const place = board.ballots.findIndex(entry => entry.receipt === receipt);
    answer.textContent = place >= 0 ? fill("receiptFound", { place: place + 1 }) : t("receiptMissing");
    answer.dataset.found = String(place >= 0);
  }

  async function check() {
    verdict.className = "";
    verdict.removeAttribute("data-verdict");
    faultList.innerHTML = "";
    try {
      board = await api(`/api/motions/${id}/board`);
    } catch (error) {
      verdict.className = "error";
      verdict.textContent = error.status === 404 ? t("boardNotFound") : error.message;
      return;
    }
    root.querySelector("#board-summary").innerHTML = summary(board);
    findReceipt();
    verdict.textContent = fill("verifying", { checked: 0, total: board.ballots.length });
    const faults = await boardFaults(board, (checked, total) => { verdict.textContent = fill("verifying", { checked, total }); });
    verdict.dataset.verdict = faults.length ? "failed" : "verified";
    verdict.className = faults.length ? "error" : "verified";
    verdict.textContent = faults.length ? t("verifyFailed") : t(board.status === "closed" ? "verified" : "verifiedOpen");
    faultList.innerHTML = faults.map(fault => `<li data-fault="${esc(fault.code)}">${esc(fill(`fault-${fault.code}`, fault))}</li>`).join("");
  }

  root.querySelector("#verify-again").addEventListener("click", check);
  root.querySelector("#find-receipt").addEventListener("submit", event => { event.preventDefault(); findReceipt(); });
  await check();
  return undefined;
}
