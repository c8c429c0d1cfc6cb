// A teller's page (/tellers; delegates): every secret vote the signed-in delegate is a teller of, and what this device does
// for it (js/tellers.js): round 1 (its keys), round 2 (its shares, encrypted to each teller), checking the shares it received
// (a complaint names a sender whose share does not match; the confirmation says all hold), answering a complaint against it by
// revealing the disputed share, and after the closing its partial decryption of the tally. Each
// step runs by itself when it is due and the page is open (the live push says when), or by its button; the page says in the
// teller's language what is happening and what is still awaited.
import { api, esc } from "../api.js";
import { account, signInWithCredential } from "../auth.js";
import { follow } from "../live.js";
import { t } from "../i18n.js";
import { fill } from "../texts/verify.js";
import "../texts/tellers.js";
import { dealingFor, firstRound, keptDealing, partialDecryption, receivedShare, revealedShare, secondRound } from "../tellers.js";

const disqualifiedOf = keying => (keying.disqualified ?? []).map(d => d.teller);

/** Complaints neither answered by a revealed share nor made moot by the disqualification of either side. */
function openComplaints(keying) {
  const out = disqualifiedOf(keying);
  return keying.complaints.filter(c => !out.includes(c.teller) && !out.includes(c.against)
    && !(keying.revealed ?? []).some(r => r.teller === c.against && r.to === c.teller));
}

/** What this teller's device has to do now for <keying>, or what it waits for: {step, text, button?}. */
function dueStep(keying, teller) {
  const total = keying.tellers.length;
  const committed = keying.commitments.some(c => c.teller === teller);
  const shared = keying.shares.some(s => s.teller === teller);
  if (keying.stage === "failed") return { text: t("stepKeyingFailed") };
  if (keying.stage === "keying") {
    const out = disqualifiedOf(keying);
    // Before its own steps: a teller disqualified for not sending its keys must not send them now.
    if (out.includes(teller)) return { text: t("stepDisqualified") };
    if (!committed) return { step: "keys", button: "stepSendKeys" };
    const qualified = keying.tellers.map((_, i) => i + 1).filter(j => !out.includes(j));
    if (qualified.some(j => !keying.commitments.some(c => c.teller === j)))
      return { text: fill("stepKeysWaiting", { sent: keying.commitments.length, total }) };
    if (!shared) return { step: "shares", button: "stepSendShares" };
    if (qualified.some(j => !keying.shares.some(s => s.teller === j))) return { text: fill("stepSharesWaiting", { sent: keying.shares.length, total }) };
    const open = openComplaints(keying);
    if (open.some(c => c.against === teller)) return { step: "answer", button: "stepAnswer", text: t("stepAccused") };
    const confirmed = keying.confirmed ?? [];
    if (confirmed.includes(teller)) return { text: fill("stepConfirmedWaiting", { confirmed: confirmed.length, total: qualified.length }) };
    if (open.some(c => c.teller === teller)) return { text: t("stepAwaitingAnswer") };
    return { step: "confirm", button: "stepConfirm" };
  }
  if (keying.stage === "open") return { text: t("stepOpen") };
  if (keying.stage === "tallying") {
    if (!keying.partials.includes(teller)) return { step: "decrypt", button: "stepDecrypt" };
    return { text: fill("stepDecrypted", { sent: keying.partials.length, needed: keying.threshold }) };
  }
  return { text: t("stepClosed") };
}

function voteCard(keying, teller, status) {
  const due = dueStep(keying, teller);
  const complained = keying.complaints.filter(c => c.teller === teller)
    .map(c => `<p class="error">${esc(fill("stepComplained", { against: c.against }))}</p>`).join("")
    + (keying.revealed ?? []).filter(r => r.to === teller || r.teller === teller)
      .map(r => `<p class="${r.holds ? "muted" : "error"}">${esc(fill(r.holds ? "stepRevealedHolds" : "stepRevealedFails", { teller: r.teller, to: r.to }))}</p>`).join("");
  return `<article class="card teller-vote" data-teller-vote="${esc(keying.motionId)}" data-stage="${esc(keying.stage)}">
    <h2>${esc(keying.title)} <span class="badge ${esc(keying.stage)}">${t(`stage-${keying.stage}`)}</span></h2>
    <p class="muted">${esc(fill("tellerNumber", { teller, total: keying.tellers.length, threshold: keying.threshold }))}</p>
    <p role="status" data-step-text>${esc(status ?? due.text ?? "")}</p>${complained}
    ${due.button ? `<button type="button" class="primary" data-step="${due.step}" data-motion="${esc(keying.motionId)}">${t(due.button)}</button>` : ""}
    ${keying.stage === "closed" ? `<p><a href="/motions/${esc(keying.motionId)}/verify" data-link>${t("verifyLink")}</a></p>` : ""}</article>`;
}

/** Delegates sign in with their badge's credential code, here as on the session page. */
function signInForm(root, then) {
  root.innerHTML = `<h1>${t("tellersTitle")}</h1><section class="card narrow"><p class="muted">${t("signIn")}</p>
    <form id="teller-sign-in" class="stack" novalidate><label for="teller-code">${t("credentialCode")}</label>
      <input id="teller-code" name="code" autocomplete="off" required><p class="error" role="alert" data-form-error></p>
      <button class="primary" type="submit">${t("signIn")}</button></form></section>`;
  root.querySelector("#teller-sign-in").addEventListener("submit", async event => {
    event.preventDefault();
    try {
      await signInWithCredential(new FormData(event.target).get("code").trim());
      await then();
    } catch (error) {
      event.target.querySelector("[data-form-error]").textContent = error.message;
    }
  });
}

export async function tellers(root) {
  const who = account();
  if (who?.role !== "delegate") {
    let stop;
    signInForm(root, async () => { stop = await tellers(root); });
    return async () => { await stop?.(); };
  }
  root.innerHTML = `<h1>${t("tellersTitle")}</h1><p class="muted">${t("tellersIntro")}</p>
    <p class="error" id="teller-message" role="alert"></p><div id="teller-votes"></div>`;
  const message = root.querySelector("#teller-message");
  const busy = new Set();
  const statuses = new Map();
  // Steps run by themselves once per vote and stage; one that failed waits for its button (no loop of failing requests).
  const attempted = new Set();
  const unfollows = new Map();
  let votes = [];

  const numberIn = keying => keying.tellers.indexOf(who.delegateId) + 1;

  async function render() {
    votes = await api("/api/tellers/me/votes");
    root.querySelector("#teller-votes").innerHTML = votes.length
      ? votes.map(keying => voteCard(keying, numberIn(keying), statuses.get(keying.motionId))).join("")
      : `<p class="muted">${t("noTellerVotes")}</p>`;
    for (const sessionId of new Set(votes.map(v => v.sessionId)))
      if (!unfollows.has(sessionId)) unfollows.set(sessionId, await follow(`session:${sessionId}`, () => refresh()));
    for (const keying of votes) {
      const due = dueStep(keying, numberIn(keying));
      // An answer or a disqualification can make a step due again (a revealed share to take, a new complaint to answer).
      const attempt = `${keying.motionId}|${due.step}|${keying.revealed?.length ?? 0}|${keying.disqualified?.length ?? 0}`;
      if (due.step && !busy.has(keying.motionId) && !attempted.has(attempt)) {
        attempted.add(attempt);
        run(keying, due.step);
      }
    }
  }

  async function refresh() {
    try {
      await render();
    } catch (error) {
      message.textContent = error.message;
    }
  }

  /** One step on this device; its secrets never leave it. A step that fails says why and can be pressed again. */
  async function run(keying, step) {
    const motionId = keying.motionId;
    const teller = numberIn(keying);
    busy.add(motionId);
    statuses.set(motionId, t("stepWorking"));
    const card = root.querySelector(`[data-teller-vote="${CSS.escape(motionId)}"] [data-step-text]`);
    if (card) card.textContent = t("stepWorking");
    try {
      if (step === "keys") {
        const dealing = await dealingFor(who.delegateId, motionId, keying.threshold);
        await api(`/api/motions/${motionId}/keying/commitments`, { method: "POST", body: firstRound(motionId, teller, dealing) });
      } else {
        const dealing = await keptDealing(who.delegateId, motionId);
        if (!dealing) throw new Error(t("stepLostDevice"));
        if (step === "shares") {
          await api(`/api/motions/${motionId}/keying/shares`, { method: "POST", body: await secondRound(motionId, teller, dealing, keying.commitments) });
        } else if (step === "answer") {
          for (const complaint of openComplaints(keying).filter(c => c.against === teller))
            await api(`/api/motions/${motionId}/keying/answers`, { method: "POST", body: revealedShare(dealing, complaint.teller) });
        } else {
          const { share, complaints } = await receivedShare(motionId, teller, dealing, keying.commitments, keying.shares, keying.revealed ?? [],
            disqualifiedOf(keying));
          if (step === "confirm") {
            // A share that does not hold is a complaint (once per sender); all holding, the device confirms.
            for (const against of complaints.filter(a => !keying.complaints.some(c => c.teller === teller && c.against === a)))
              await api(`/api/motions/${motionId}/keying/complaints`, { method: "POST", body: { against } });
            if (complaints.length === 0) await api(`/api/motions/${motionId}/keying/confirmations`, { method: "POST", body: {} });
          }
          if (step === "decrypt") await api(`/api/motions/${motionId}/tally/partials`, { method: "POST", body: partialDecryption(motionId, share, keying.sums) });
        }
      }
      statuses.delete(motionId);
    } catch (error) {
      statuses.set(motionId, error.message);
    } finally {
      busy.delete(motionId);
    }
    await refresh();
  }

  root.addEventListener("click", event => {
    const button = event.target.closest("button[data-step]");
    const keying = button && votes.find(v => v.motionId === button.dataset.motion);
    if (keying && !busy.has(keying.motionId)) run(keying, button.dataset.step);
  });

  await render();
  return async () => {
    await Promise.all([...unfollows.values()].map(unfollow => unfollow()));
  };
}
