import { api, apiResponse, esc, refresher } from "../api.js";
import { follow, livePosition } from "../live.js";
import { t, formatTime, personName } from "../i18n.js";
import { currentDelegate, signIn, signOut, hasVoted, markVoted, keptReceipt, keepPendingBallot, pendingBallot, ballotFate } from "../delegate.js";
import { watchCast, lookFor, lookAfterUpdate, lookOnOccasions, onBallotFate } from "../ballot-resend.js";
import { tickTurns, turnCounter } from "./chair-timer.js";
import "../texts/chair.js";
import "../texts/verify.js";
import "../texts/ballot-resend.js";

function speaker(person) {
  if (!person) return `<span class="muted">${t("nobody")}</span>`;
  const who = esc(personName(person, person.delegateId.slice(-6)));
  return `${who}${person.movementName ? ` <span class="muted">${esc(person.movementName)}</span>` : ""}`;
}

const verifyLink = (motionId, receipt) =>
  `<a href="/motions/${esc(motionId)}/verify${receipt ? `?receipt=${esc(receipt)}` : ""}" data-link data-verify-link>${t("verifyLink")}</a>`;

function receiptBlock(motionId) {
  const receipt = keptReceipt(motionId);
  return receipt ? `<p>${t("yourReceipt")}: <code class="hash" data-receipt>${esc(receipt)}</code></p>
    <p class="muted">${t("receiptHelp")} ${verifyLink(motionId, receipt)}</p>` : "";
}

/** What this device found out about its secret ballot after casting it (js/ballot-resend.js), if anything. */
function fateBlock(motionId) {
  const fate = ballotFate(motionId);
  if (!fate) return "";
  const text = { resending: "ballotResending", onBoard: "ballotOnBoard", lost: "ballotLost", refused: "ballotRefused" }[fate.state];
  if (!text) return "";
  const warning = fate.state === "lost" || fate.state === "refused";
  return `<p class="ballot-fate${warning ? " warning" : ""}" data-ballot-fate="${esc(fate.state)}">${esc(t(text).replace("{place}", fate.place ?? ""))}</p>`;
}

function voteBlock(motion, me) {
  const vote = motion.vote;
  if (!vote) return "";
  if (vote.status === "open") {
    const mine = me && hasVoted(motion.id)
      ? `<div class="ballot-received" role="status"><p class="voted" data-voted>${t("youHaveVoted")}</p>
          <p data-ballot-received>${t("ballotReceived")}</p>${receiptBlock(motion.id)}${fateBlock(motion.id)}</div>`
      : me ? `<div class="choices" data-ballot="${esc(motion.id)}" data-secret="${vote.secret}">
          <button class="choice" data-choice="yes">${t("yes")}</button>
          <button class="choice" data-choice="no">${t("no")}</button>
          <button class="choice" data-choice="abstain">${t("abstain")}</button></div>` : "";
    return `<p><span class="badge open">${t("openVote")}</span> ${vote.cast} ${t("cast")} / ${vote.eligible} ${t("eligible")}</p>${mine}`;
  }
  const r = vote.result;
  return r ? `<p data-result><b>${t(r.outcome)}</b> · ${t("yes")} ${r.yes} · ${t("no")} ${r.no} · ${t("abstain")} ${r.abstain}
    <span class="muted">(${r.cast} ${t("cast")} / ${r.eligible} ${t("eligible")}, ${t("quorum")} ${vote.quorum})</span></p>
    ${vote.secret ? `${me ? fateBlock(motion.id) : ""}<p>${verifyLink(motion.id, me && keptReceipt(motion.id))}</p>` : ""}` : "";
}

/**
 * A secret vote's ballot is encrypted here, on the device, under the vote's public key from its board: the request
 * carries ciphertexts and proofs, never the choice. A named vote records who chose what, so it sends the choice.
 */
async function ballotBody(motionId, choice, secret) {
  if (!secret) return { body: { choice }, receipt: null };
  const [{ encryptBallot, receiptOf, newNonce }, board] = await Promise.all([import("../ballot.js"), api(`/api/motions/${motionId}/board`)]);
  const ballot = encryptBallot(choice, board.publicKey, motionId);
  return { body: { ballot, nonce: newNonce() }, receipt: receiptOf(ballot) };
}

function delegatePanel(me) {
  if (!me) {
    return `<form class="inline" id="sign-in"><input name="code" autocomplete="off" placeholder="${t("credentialCode")}" aria-label="${t("signIn")}">
      <button class="primary" type="submit">OK</button></form><p class="muted">${t("signIn")}</p><p class="error" id="sign-in-error"></p>`;
  }
  return `<p>${t("signedInAs")} <button type="button" id="delegate-sign-out">${t("signOut")}</button></p>
    <button class="primary" type="button" id="ask-floor">${t("askFloor")}</button> <span id="floor-state" class="muted"></span>`;
}

export async function session(root, id) {
  let kept = []; // the session's motions for which this tab keeps a secret ballot not yet seen on the board
  const render = refresher(async () => {
    const read = await apiResponse(`/api/sessions/${id}`);
    const s = read.body;
    const me = currentDelegate();
    const queued = me && s.queue.some(q => q.delegateId === me.delegateId);
    root.innerHTML = `
      <h1>${esc(s.title)} <span class="badge ${esc(s.status)}">${t(s.status)}</span></h1>
      <p class="muted">${formatTime(s.scheduledAt)}</p>
      <section class="card" id="agenda"><h2>${t("agenda")}</h2><ol>${s.agenda.map(item =>
        `<li${s.currentAgendaItem?.index === item.index ? ` class="current" aria-current="true"><b>${esc(item.title)}</b>` : `>${esc(item.title)}`}</li>`).join("")}</ol></section>
      <section class="card" id="floor"><h2>${t("currentSpeaker")}</h2><p id="current-speaker">${speaker(s.currentSpeaker)}</p>
        ${s.currentSpeaker ? `<p class="speaker-time" id="speaker-time">${turnCounter(s.currentSpeaker, s.speakingTimeSeconds)}</p>` : ""}
        <h2>${t("queue")}</h2>${s.queue.length ? `<ol id="queue">${s.queue.map(q => `<li>${speaker(q)}</li>`).join("")}</ol>` : `<p class="muted" id="queue">${t("nobody")}</p>`}</section>
      <section class="card" id="me">${delegatePanel(me)}</section>
      <section class="card" id="motions"><h2>${t("motions")}</h2>${s.motions.length ? `<ul class="list">${s.motions.map(m =>
        `<li data-motion="${esc(m.id)}"><b>${esc(m.title)}</b>${voteBlock(m, me)}</li>`).join("")}</ul>` : `<p class="muted">${t("none")}</p>`}</section>`;
    if (queued) root.querySelector("#floor-state").textContent = t("inQueue");
    kept = me ? s.motions.filter(m => pendingBallot(m.id)).map(m => m.id) : [];
    // Once open, a vote's updates are the occasions; a closed one settles what became of the ballot at once.
    for (const motion of s.motions) if (kept.includes(motion.id)) lookFor(motion.id, { quiet: motion.vote?.status === "open" });
    wire(root, id, render);
    return livePosition(read);
  });
  const position = await render();
  const stopTicking = tickTurns(root);
  const stopLooking = lookOnOccasions(() => kept);
  const stopTelling = onBallotFate(() => render());
  const unfollow = await follow(`session:${id}`, update => {
    lookAfterUpdate(update, kept);
    return render();
  }, position);
  return async () => {
    stopTicking();
    stopLooking();
    stopTelling();
    await unfollow();
  };
}

function wire(root, id, render) {
  root.querySelector("#sign-in")?.addEventListener("submit", async event => {
    event.preventDefault();
    try {
      await signIn(new FormData(event.target).get("code"));
      await render();
    } catch (error) {
      root.querySelector("#sign-in-error").textContent = error.message;
    }
  });
  root.querySelector("#delegate-sign-out")?.addEventListener("click", async () => { signOut(); await render(); });
  root.querySelector("#ask-floor")?.addEventListener("click", async () => {
    const state = root.querySelector("#floor-state");
    try {
      await api(`/api/sessions/${id}/speakers`, { method: "POST", body: {} });
      state.textContent = t("floorRequested");
    } catch (error) {
      state.textContent = error.message;
    }
  });
  for (const box of root.querySelectorAll("[data-ballot]")) {
    const buttons = [...box.querySelectorAll("button")];
    for (const button of buttons) {
      button.addEventListener("click", async () => {
        const motionId = box.dataset.ballot;
        const secret = box.dataset.secret === "true";
        for (const each of buttons) each.disabled = true;
        if (secret) box.insertAdjacentHTML("afterend", `<p class="muted" role="status" data-encrypting>${t("encrypting")}</p>`);
        try {
          const { body, receipt } = await ballotBody(motionId, button.dataset.choice, secret);
          const answer = await api(`/api/motions/${motionId}/ballots`, { method: "POST", body });
          // The receipt this device computed is the one to look for on the board; the server's must be the same.
          markVoted(motionId, receipt ?? answer.receipt);
          if (body.ballot) {
            keepPendingBallot(motionId, body.ballot, body.nonce);
            watchCast(motionId);
          }
          await render();
        } catch (error) {
          for (const each of buttons) each.disabled = false;
          box.parentElement?.querySelector("[data-encrypting]")?.remove();
          box.insertAdjacentHTML("afterend", `<p class="error">${esc(error.message)}</p>`);
        }
      });
    }
  }
}
