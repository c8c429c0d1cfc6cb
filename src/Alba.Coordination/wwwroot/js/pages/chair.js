// The chair's console for one session (organisers; tablet-sized, usable on a laptop): open and
// adjourn, the agenda, the floor with its speaking timer, motions and amendments, votes. The forms
// are rendered once and the live parts (status, agenda, floor, each motion's state) re-rendered on
// every push, so a ballot arriving never wipes what the chair is typing. One click and one submit
// listener serve the whole page (data-action / data-form), so re-rendering adds no listeners.
import { api, apiResponse, esc, refresher, showProblem } from "../api.js";
import { follow, livePosition } from "../live.js";
import { t, languages, formatNumber, personName } from "../i18n.js";
import { tickTurns, turnCounter, formatLimit } from "./chair-timer.js";
import { organiserOnly } from "./chair-sessions.js";
import "../texts/chair.js";
import { fill } from "../texts/verify.js";
import "../texts/tellers.js";

const MAX_MATCHES = 8;

const fold = text => String(text ?? "").normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();

function person(p) {
  return `${esc(personName(p, p.delegateId.slice(-6)))}${p.movementName ? ` <span class="muted">${esc(p.movementName)}</span>` : ""}`;
}

function skeleton(id) {
  return `<div class="chair">
    <p><a href="#" id="back-to-sessions" data-link>${t("backToSessions")}</a></p>
    <header class="chair-head" id="chair-head"></header>
    <p class="error" id="chair-message" role="alert"></p>
    <div class="chair-grid">
      <section class="card" id="chair-floor-card"><h2>${t("currentSpeaker")}</h2>
        <div id="chair-floor"></div>
        <div class="row chair-floor-actions">
          <button type="button" class="primary" data-action="next" aria-keyshortcuts="N">${t("nextSpeaker")} <kbd>N</kbd></button>
          <button type="button" data-action="end" aria-keyshortcuts="E">${t("endTurn")} <kbd>E</kbd></button></div>
        <p class="muted">${t("shortcuts")}</p>
        <h2>${t("queue")}</h2><div id="chair-queue"></div>
        <form data-form="find" class="stack" role="search">
          <label for="find-delegate">${t("findDelegate")}</label><input id="find-delegate" name="name" autocomplete="off"></form>
        <ul class="list" id="delegate-matches"></ul>
      </section>
      <section class="card" id="chair-agenda-card"><h2>${t("agenda")}</h2><ol id="chair-agenda" class="chair-agenda"></ol>
        <form data-form="agenda-item" class="row chair-inline" novalidate>
          <label class="visually-hidden" for="agenda-item-title">${t("addAgendaItem")}</label>
          <input id="agenda-item-title" name="title" placeholder="${t("addAgendaItem")}" required>
          <button type="submit">${t("add")}</button></form>
      </section>
      <section class="card" id="chair-settings"><h2>${t("settings")}</h2>
        <form data-form="speaking-time" class="stack" novalidate>
          <label for="speaking-seconds">${t("speakingTimeSeconds")}</label>
          <div class="row"><input id="speaking-seconds" name="seconds" type="number" min="0" max="3600" step="10" inputmode="numeric">
          <button type="submit">${t("save")}</button></div></form>
        <form data-form="language" class="stack">
          <label for="projector-language">${t("projectorLanguage")}</label>
          <div class="row"><select id="projector-language" name="language">${Object.entries(languages).map(([code, name]) =>
            `<option value="${code}" lang="${code}">${name}</option>`).join("")}</select><button type="submit">${t("save")}</button></div></form>
        <p><a href="/sessions/${esc(id)}/projector" target="_blank" rel="noopener" id="projector-link">${t("openProjector")}</a></p>
      </section>
      <section class="card chair-motions" id="chair-motions-card"><h2>${t("motions")}</h2><div id="chair-motions"></div>
        <h3>${t("tableMotion")}</h3>
        <form data-form="motion" class="stack" novalidate>
          <label for="motion-title">${t("motionTitle")}</label><input id="motion-title" name="title" required>
          <label for="motion-text">${t("motionText")}</label><textarea id="motion-text" name="text" rows="3" required></textarea>
          <p class="error" data-form-error></p><button type="submit">${t("tableMotion")}</button></form>
      </section>
    </div></div>`;
}

function head(s) {
  const action = s.status === "open"
    ? `<button type="button" data-action="adjourn">${t("adjournSession")}</button>`
    : `<button type="button" class="primary" data-action="open">${t("openSession")}</button>`;
  return `<h1>${esc(s.title)} <span class="badge ${esc(s.status)}" id="chair-status">${t(s.status)}</span></h1>
    <p class="row"><span class="muted">${t("chairConsole")} · ${t("speakingLimit")}: <span id="chair-limit">${formatLimit(s.speakingTimeSeconds)}</span></span> ${action}</p>`;
}

function agenda(s) {
  return s.agenda.map(item => {
    const current = s.currentAgendaItem?.index === item.index;
    return `<li${current ? ` class="current" aria-current="true"` : ""}><span>${esc(item.title)}</span>
      ${current ? `<span class="badge current">${t("agendaItem")}</span>`
        : `<button type="button" data-action="take" data-index="${item.index}" aria-label="${t("takeItem")}: ${esc(item.title)}">${t("takeItem")}</button>`}</li>`;
  }).join("");
}

function floor(s) {
  return s.currentSpeaker
    ? `<p class="chair-speaker" id="chair-speaker">${person(s.currentSpeaker)}</p><p class="chair-clock">${turnCounter(s.currentSpeaker, s.speakingTimeSeconds)}</p>`
    : `<p class="muted" id="chair-speaker">${t("nobody")}</p>`;
}

function queue(s) {
  if (!s.queue.length) return `<p class="muted" id="chair-queue-list">${t("nobody")}</p>`;
  return `<ol id="chair-queue-list" class="chair-queue">${s.queue.map(q => `<li><span>${person(q)}</span>
    <button type="button" data-action="remove" data-delegate="${esc(q.delegateId)}" aria-label="${t("removeRequest")}: ${esc(personName(q))}">${t("removeRequest")}</button></li>`).join("")}</ol>`;
}

/** What changes in a motion's card: its status and text, amendments, the vote. */
function motionLive(m, keying) {
  const amendments = m.amendments.length ? `<h4>${t("amendments")}</h4><ul class="list">${m.amendments.map(a => `<li data-amendment="${esc(a.id)}">
      <p class="text">${esc(a.text)}</p><span class="badge">${t(a.status)}</span>
      ${a.status === "proposed" && !m.vote ? `<button type="button" data-action="accept" data-motion="${esc(m.id)}" data-amendment="${esc(a.id)}">${t("acceptAmendment")}</button>` : ""}</li>`).join("")}</ul>` : "";
  return `<p><span class="badge ${esc(m.status)}" data-motion-status>${t(m.status)}</span> <span class="muted">${t("revision")} ${m.revision}</span></p>
    <p class="text" data-motion-text>${esc(m.text)}</p>${amendments}${voteLive(m, keying)}`;
}

// A secret vote's key is made by the tellers the chair names, on their own devices (js/tellers.js); the chair follows the
// rounds and, after closing, the tellers' partial decryptions. A vote opened earlier with a key dealt by the server keeps
// its old closing: the tellers type the shares the opening answered into the form below (the console now opens secret votes
// with named tellers only; a server-dealt vote is opened through the API).
/** The closing form of a vote whose key the server dealt: one field per teller; built once, so a push never wipes a share being typed. */
function closingForm(motionId, board) {
  const fields = board.tellerKeys.map((_, i) => {
    const teller = i + 1;
    const id = `share-${motionId}-${teller}`;
    return `<label for="${id}">${esc(fill("tellerShareOf", { teller }))}</label>
      <input id="${id}" name="share-${teller}" type="password" autocomplete="off" spellcheck="false" class="hash" data-teller="${teller}">`;
  }).join("");
  return `<form data-form="close-vote" data-motion="${esc(motionId)}" class="stack teller-closing" novalidate>
    <fieldset name="shares"><legend>${t("tellersClosing")}</legend>
      <p class="muted">${esc(fill("tellersHelp", { threshold: board.threshold, tellers: board.tellerKeys.length }))}</p>${fields}</fieldset>
    <p class="error" data-form-error></p><button type="submit" class="primary">${t("closeVote")}</button></form>`;
}

/**
 * Where the tellers' making of the key, or their decryption, stands: complaints, their answers (the revealed shares) and the
 * disqualified named; a teller accused and silent, or silent where its keys, shares or confirmation are due, gets a
 * "disqualify" button (confirmed in a box that says what it means).
 */
function keyingProgress(keying) {
  if (!keying) return "";
  const total = keying.tellers.length;
  const out = (keying.disqualified ?? []).map(d => d.teller);
  const qualified = total - out.length;
  const lines = keying.stage === "keying"
    ? [fill("keyingKeys", { sent: keying.commitments.length, total }), fill("keyingShares", { sent: keying.shares.length, total }),
      fill("keyingConfirmed", { confirmed: (keying.confirmed ?? []).length, total: qualified })]
    : keying.stage === "failed" ? [fill("keyingFailed", { qualified, threshold: keying.threshold })]
    : keying.stage === "tallying" ? [fill("keyingPartials", { sent: keying.partials.length, needed: keying.threshold })]
    : [fill("keyingMade", { threshold: keying.threshold, total })];
  const revealed = keying.revealed ?? [];
  const complaints = keying.complaints.map(c => `<li>${esc(fill("keyingComplaint", { teller: c.teller, against: c.against }))}</li>`)
    .concat(revealed.map(r => `<li>${esc(fill(r.holds ? "stepRevealedHolds" : "stepRevealedFails", { teller: r.teller, to: r.to }))}</li>`))
    .concat(out.map(teller => `<li>${esc(fill("keyingDisqualified", { teller }))}</li>`)).join("");
  // Who the chair may disqualify now, and why, is the server's rule (the keying's `disqualifiable`): an accused teller that
  // has not answered; a teller without keys, which holds every other's shares up; or, once every qualified teller's keys are
  // in, one without its shares or confirmation, which holds the key up.
  const disqualifiable = keying.stage === "keying" ? keying.disqualifiable ?? [] : [];
  const hasKeys = j => keying.commitments.some(c => c.teller === j);
  const accused = disqualifiable.filter(d => d.reason === "unanswered-complaint").map(d => d.teller);
  const silentOnes = disqualifiable.filter(d => d.reason === "silent").map(d => d.teller);
  const noKeys = silentOnes.filter(j => !hasKeys(j));
  const silent = silentOnes.filter(hasKeys);
  const button = (teller, why) => `<button type="button" data-action="ask-disqualify" data-motion="${esc(keying.motionId)}" data-teller="${teller}"
    data-why="${why}" data-threshold="${keying.threshold}">${esc(fill("disqualifyTeller", { teller }))}</button>`;
  const buttons = accused.map(teller => button(teller, "accused")).join("");
  // Folded away: while tellers are at work every one is "silent" for a moment, and the chair must not be invited to act on that.
  const silentButtons = noKeys.map(teller => button(teller, "noKeys")).concat(silent.map(teller => button(teller, "silent"))).join("");
  return `<div class="keying-progress" data-keying="${esc(keying.stage)}">${lines.map(line => `<p>${esc(line)}</p>`).join("")}
    ${complaints ? `<ul class="list error" data-complaints>${complaints}</ul>` : ""}${buttons ? `<div class="row">${buttons}</div>` : ""}
    ${silentButtons ? `<details data-silent-tellers><summary>${t("tellerNotResponding")}</summary><div class="row">${silentButtons}</div></details>` : ""}</div>`;
}

/** The chair's confirmation of a disqualification: what it means for the key, and that too few qualified tellers fail it. */
function disqualifyBox(motionId, teller, threshold, why) {
  return `<div class="accept-missing card" role="alertdialog" aria-labelledby="disqualify-${esc(motionId)}" data-disqualify>
    <p id="disqualify-${esc(motionId)}">${esc(fill({ silent: "disqualifySilentConfirm", noKeys: "disqualifyNoKeysConfirm" }[why] ?? "disqualifyConfirm", { teller, threshold }))}</p>
    <div class="row"><button type="button" class="primary" data-action="disqualify" data-motion="${esc(motionId)}" data-teller="${teller}">${esc(fill("disqualifyTeller", { teller }))}</button>
    <button type="button" data-action="keep-open" data-motion="${esc(motionId)}">${t("cancel")}</button></div></div>`;
}

/** The chair's confirmation of a closing that accepts the loss of <missing> registered ballots (the closing's 409 named them). */
function acceptMissingBox(motionId, missing) {
  return `<div class="accept-missing card" role="alertdialog" aria-labelledby="missing-${esc(motionId)}" data-accept-missing>
    <p id="missing-${esc(motionId)}"><b>${esc(fill("missingBallots", { missing }))}</b></p><p>${esc(t("missingMeaning"))}</p>
    <div class="row"><button type="button" class="primary" data-action="close-accepting" data-motion="${esc(motionId)}" data-missing="${missing}">${esc(fill("closeAccepting", { missing }))}</button>
    <button type="button" data-action="keep-open" data-motion="${esc(motionId)}">${t("keepOpen")}</button></div></div>`;
}

function voteLive(m, keying) {
  const vote = m.vote;
  if (!vote) return "";
  const kind = vote.secret ? `${t("secretVote")} · ${t(vote.keyHeldBy === "tellers" ? "keyHeldByTellers" : "keyHeldByServer")}` : "";
  if (vote.status === "keying" || vote.status === "tallying" || vote.status === "failed")
    return `<div class="chair-vote" data-vote="${esc(vote.status)}"><p>${t(vote.status === "tallying" ? "voteTallying" : vote.status === "failed" ? "stage-failed" : "voteKeying")} · ${kind}</p>
      ${keyingProgress(keying)}<p data-vote-count>${formatNumber(vote.cast)} ${t("of")} ${formatNumber(vote.eligible)} ${t("cast")}</p></div>`;
  if (vote.status === "open") {
    return `<div class="chair-vote" data-vote="open"><p>${t("voteInProgress")} · ${kind} · ${t(vote.majority)} · ${t("quorum")} ${vote.quorum}</p>
      <div class="cast-bar small" role="progressbar" aria-label="${t("cast")}" aria-valuemin="0" aria-valuemax="${vote.eligible}" aria-valuenow="${vote.cast}">
        <span class="cast-fill" data-share="${vote.eligible ? Math.round(100 * vote.cast / vote.eligible) : 0}"></span></div>
      <p data-vote-count>${formatNumber(vote.cast)} ${t("of")} ${formatNumber(vote.eligible)} ${t("cast")}</p>
      ${vote.secret && vote.keyHeldBy !== "tellers" ? ""
        : `${keyingProgress(keying)}<button type="button" class="primary" data-action="close-vote" data-motion="${esc(m.id)}">${t("closeVote")}</button>`}</div>`;
  }
  const r = vote.result;
  return `<p class="chair-result" data-vote-result><b>${t(r.outcome)}</b> · ${t("yes")} ${r.yes} · ${t("no")} ${r.no} · ${t("abstain")} ${r.abstain}
    <span class="muted">(${r.cast} ${t("of")} ${r.eligible} ${t("cast")}, ${r.quorumMet ? t("quorumMet") : t("quorumMissed")})</span></p>`;
}

/** The tellers to pick among: the assembly's accredited delegates, each a checkbox (names searchable by the browser's find). */
function tellerChoices(formId, delegates) {
  if (!delegates.length) return `<p class="muted">${t("noTellersToPick")}</p>`;
  return `<ul class="list teller-picks">${delegates.map(d => `<li><label class="row"><input type="checkbox" name="tellerIds" value="${esc(d.id)}">
    <span>${esc(d.fullName)} <span class="muted">${esc(d.movementName ?? "")}</span></span></label></li>`).join("")}</ul>`;
}

/** A motion's card with its forms, built once; the live part is filled on every render. */
function motionCard(m) {
  const card = document.createElement("article");
  card.className = "chair-motion";
  card.dataset.motion = m.id;
  const formId = `m-${m.id}`;
  card.innerHTML = `<h3>${esc(m.title)}</h3><div data-motion-live></div><div data-closing></div>
    <details data-motion-forms><summary>${t("proposeAmendment")} · ${t("openTheVote")}</summary>
    <form data-form="amendment" data-motion="${esc(m.id)}" class="stack" novalidate>
      <label for="${formId}-amendment">${t("amendmentText")}</label><textarea id="${formId}-amendment" name="text" rows="3" required></textarea>
      <p class="error" data-form-error></p><button type="submit">${t("proposeAmendment")}</button></form>
    <form data-form="vote" data-motion="${esc(m.id)}" class="stack" novalidate>
      <label class="row"><input type="checkbox" name="secret" checked> ${t("secretVote")}</label>
      <label for="${formId}-majority">${t("majority")}</label>
      <select id="${formId}-majority" name="majority"><option value="simple">${t("simple")}</option><option value="twoThirds">${t("twoThirds")}</option></select>
      <label for="${formId}-quorum">${t("quorum")}</label><input id="${formId}-quorum" name="quorum" type="number" min="0" value="0" inputmode="numeric">
      <fieldset name="tellerIds" data-tellers><legend>${t("pickTellers")}</legend><p class="muted">${t("pickTellersHelp")}</p>
        <div data-teller-choices><p class="muted">${t("loading")}</p></div></fieldset>
      <label for="${formId}-threshold">${t("threshold")}</label><input id="${formId}-threshold" name="threshold" type="number" min="1" max="25" value="2" inputmode="numeric">
      <p class="error" data-form-error></p><button type="submit" class="primary">${t("openTheVote")}</button></form></details>`;
  return card;
}

export async function chair(root, id) {
  if (!organiserOnly()) return undefined;
  root.innerHTML = skeleton(id);
  const message = root.querySelector("#chair-message");
  let current = null;
  let delegates = null;

  const render = refresher(async () => {
    const read = await apiResponse(`/api/sessions/${id}`);
    const s = read.body;
    const motions = await Promise.all(s.motions.map(m => api(`/api/motions/${m.id}`)));
    // A vote whose tellers hold the key: where their rounds, or their decryption, stand.
    const keyings = await Promise.all(motions.map(m => (m.vote?.keyHeldBy === "tellers" && m.vote.status !== "closed"
      ? api(`/api/motions/${m.id}/keying`) : null)));
    current = s;
    root.querySelector("#back-to-sessions").setAttribute("href", `/console/assemblies/${s.assemblyId}/sessions`);
    root.querySelector("#chair-head").innerHTML = head(s);
    root.querySelector("#chair-agenda").innerHTML = agenda(s);
    root.querySelector("#chair-floor").innerHTML = floor(s);
    root.querySelector("#chair-queue").innerHTML = queue(s);
    const seconds = root.querySelector("#speaking-seconds");
    if (document.activeElement !== seconds) seconds.value = s.speakingTimeSeconds;
    const language = root.querySelector("#projector-language");
    if (document.activeElement !== language && s.language) language.value = s.language;
    const list = root.querySelector("#chair-motions");
    for (const [i, m] of motions.entries()) {
      const card = list.querySelector(`[data-motion="${CSS.escape(m.id)}"]`) ?? list.appendChild(motionCard(m));
      const live = card.querySelector("[data-motion-live]");
      // Every push re-renders the card: the silent tellers' fold the chair opened stays open.
      const silentOpen = live.querySelector("[data-silent-tellers]")?.open ?? false;
      live.innerHTML = motionLive(m, keyings[i]);
      if (silentOpen) live.querySelector("[data-silent-tellers]")?.setAttribute("open", "");
      if (!m.vote) await offerTellers(card, s.assemblyId);
      card.querySelector("[data-motion-forms]").hidden = Boolean(m.vote);
      await showClosing(card, m);
    }
    for (const fill of root.querySelectorAll(".cast-fill")) fill.style.width = `${fill.dataset.share}%`;
    return livePosition(read);
  });

  /** The opening form's tellers: the assembly's accredited delegates, listed once per card (a push never unticks a choice). */
  async function offerTellers(card, assemblyId) {
    const place = card.querySelector("[data-teller-choices]");
    if (place.dataset.built) return;
    place.dataset.built = "true";
    delegates ??= await api(`/api/assemblies/${assemblyId}/delegates?status=accredited`);
    place.innerHTML = tellerChoices(card.dataset.motion, delegates);
  }

  /** A server-dealt secret vote's closing form appears once while it is open (it needs the board's tellers) and goes when it closes. */
  async function showClosing(card, m) {
    const place = card.querySelector("[data-closing]");
    if (m.vote?.status !== "open" || !m.vote.secret || m.vote.keyHeldBy === "tellers") {
      if (place.querySelector("[data-accept-missing]")) return;
      place.replaceChildren();
      delete place.dataset.built;
      return;
    }
    if (place.dataset.built) return;
    place.dataset.built = "true";
    try {
      place.innerHTML = closingForm(m.id, await api(`/api/motions/${m.id}/board`));
    } catch (error) {
      delete place.dataset.built;
      throw error;
    }
  }

  async function act(path, options = { method: "POST" }) {
    message.textContent = "";
    try {
      const answer = await api(path, options);
      await render();
      return answer;
    } catch (error) {
      message.textContent = error.message;
      return null;
    }
  }

  async function showMatches(text) {
    const matches = root.querySelector("#delegate-matches");
    const wanted = fold(text).trim();
    if (!wanted) { matches.innerHTML = ""; return; }
    delegates ??= await api(`/api/assemblies/${current.assemblyId}/delegates?status=accredited`);
    const found = delegates.filter(d => fold(d.fullName).includes(wanted)).slice(0, MAX_MATCHES);
    matches.innerHTML = found.length ? found.map(d => `<li class="row"><span>${esc(d.fullName)} <span class="muted">${esc(d.movementName)}</span></span>
      <button type="button" data-action="add-speaker" data-delegate="${esc(d.id)}">${t("add")}</button></li>`).join("")
      : `<li class="muted">${t("noMatch")}</li>`;
  }

  const actions = {
    open: () => act(`/api/sessions/${id}/opening`),
    adjourn: () => act(`/api/sessions/${id}/adjournment`),
    next: () => act(`/api/sessions/${id}/speakers/next`),
    end: () => act(`/api/sessions/${id}/speakers/current/end`),
    take: button => act(`/api/sessions/${id}/agenda/current`, { method: "PUT", body: { index: Number(button.dataset.index) } }),
    remove: button => act(`/api/sessions/${id}/speakers/${button.dataset.delegate}`, { method: "DELETE" }),
    "add-speaker": async button => {
      if (await act(`/api/sessions/${id}/speakers`, { method: "POST", body: { delegateId: button.dataset.delegate } })) {
        const find = root.querySelector("#find-delegate");
        find.value = "";
        await showMatches("");
        find.focus();
      }
    },
    accept: button => act(`/api/motions/${button.dataset.motion}/amendments/${button.dataset.amendment}/acceptance`),
    "close-vote": button => closeVote(button.dataset.motion, {}).catch(sayRefusal(null)),
    // The box that offers this button is the confirmation: it says how many ballots are lost and what that means.
    "close-accepting": button => {
      const form = root.querySelector(`form[data-form="close-vote"][data-motion="${CSS.escape(button.dataset.motion)}"]`);
      return closeVote(button.dataset.motion, { ...(form ? { shares: typedShares(form) } : {}), acceptMissing: Number(button.dataset.missing) })
        .catch(sayRefusal(form));
    },
    "keep-open": button => { closingPlace(button.dataset.motion).replaceChildren(); },
    "ask-disqualify": button => {
      const place = closingPlace(button.dataset.motion);
      place.replaceChildren();
      place.insertAdjacentHTML("beforeend", disqualifyBox(button.dataset.motion, Number(button.dataset.teller), Number(button.dataset.threshold), button.dataset.why));
      place.querySelector("[data-action=disqualify]").focus();
    },
    // The box that offers this button is the confirmation.
    disqualify: async button => {
      const place = closingPlace(button.dataset.motion);
      if (await act(`/api/motions/${button.dataset.motion}/keying/disqualifications`, { method: "POST", body: { teller: Number(button.dataset.teller) } }))
        place.replaceChildren();
    },
  };

  const closingPlace = motionId => root.querySelector(`[data-motion="${CSS.escape(motionId)}"] [data-closing]`);

  /**
   * Closes a vote; a 409 naming registered ballots that never reached the board offers to close accepting their loss (and
   * resolves); any other refusal is thrown for the caller to say where it belongs.
   */
  async function closeVote(motionId, body) {
    message.textContent = "";
    const place = closingPlace(motionId);
    try {
      await api(`/api/motions/${motionId}/vote/closing`, { method: "POST", body });
      place.querySelector("[data-accept-missing]")?.remove();
      await render();
    } catch (error) {
      const missing = error.status === 409 ? error.problem?.missing : undefined;
      if (!Number.isInteger(missing) || missing <= 0) throw error;
      place.querySelector("[data-accept-missing]")?.remove();
      place.insertAdjacentHTML("beforeend", acceptMissingBox(motionId, missing));
      place.querySelector("[data-action=close-accepting]").focus();
    }
  }

  /** A refusal of a closing started by a button: said in the shares' form when there is one, else above the page. */
  const sayRefusal = form => error => {
    if (form) showProblem(form, error);
    else message.textContent = error.message;
  };

  /** Only the shares the tellers typed; the threshold is the server's rule (409 naming how many are missing). */
  const typedShares = form => [...form.querySelectorAll("input[data-teller]")]
    .map(input => ({ teller: Number(input.dataset.teller), share: input.value.trim() }))
    .filter(share => share.share);

  const forms = {
    "speaking-time": data => api(`/api/sessions/${id}/speaking-time`, { method: "PUT", body: { seconds: Number(data.get("seconds")) } }),
    language: data => api(`/api/sessions/${id}/language`, { method: "PUT", body: { language: data.get("language") } }),
    "agenda-item": data => api(`/api/sessions/${id}/agenda/items`, { method: "POST", body: { title: data.get("title") } }),
    motion: data => api(`/api/sessions/${id}/motions`, { method: "POST", body: { title: data.get("title"), text: data.get("text") } }),
    amendment: (data, form) => api(`/api/motions/${form.dataset.motion}/amendments`, { method: "POST", body: { text: data.get("text") } }),
    vote: async (data, form) => {
      const secret = data.get("secret") === "on";
      await api(`/api/motions/${form.dataset.motion}/vote`, {
        method: "POST",
        body: { secret, majority: data.get("majority"), quorum: Number(data.get("quorum")),
          ...(secret ? { tellerIds: data.getAll("tellerIds"), threshold: Number(data.get("threshold")) } : {}) },
      });
    },
    "close-vote": (data, form) => closeVote(form.dataset.motion, { shares: typedShares(form) }),
  };

  root.addEventListener("click", event => {
    const button = event.target.closest("button[data-action]");
    if (button && actions[button.dataset.action]) actions[button.dataset.action](button);
  });
  root.addEventListener("submit", async event => {
    const form = event.target.closest("form[data-form]");
    if (!form) return;
    event.preventDefault();
    if (form.dataset.form === "find") return;
    try {
      await forms[form.dataset.form](new FormData(form), form);
      if (!["speaking-time", "language", "close-vote"].includes(form.dataset.form)) form.reset();
      showProblem(form, null);
      await render();
    } catch (error) {
      showProblem(form, error);
      if (!form.querySelector("[data-form-error]")) message.textContent = error.message;
    }
  });
  root.querySelector("#find-delegate").addEventListener("input", event => showMatches(event.target.value));

  // The chair's two most frequent actions, from anywhere on the page but a field being typed in.
  const shortcuts = event => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest?.("input, textarea, select, [contenteditable]")) return;
    const key = event.key.toLowerCase();
    if (key === "n") { event.preventDefault(); actions.next(); }
    if (key === "e") { event.preventDefault(); actions.end(); }
  };
  document.addEventListener("keydown", shortcuts);

  const position = await render();
  const stopTicking = tickTurns(root);
  const unfollow = await follow(`session:${id}`, () => render(), position);
  return async () => {
    document.removeEventListener("keydown", shortcuts);
    stopTicking();
    await unfollow();
  };
}
