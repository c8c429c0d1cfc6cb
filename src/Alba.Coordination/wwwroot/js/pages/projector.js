// The hall's projector: full screen, large type, no controls. It shows what the chair does, in the
// session's language, re-rendering from the public session view on every push of the session's group.
// Built to run for hours: one timer, one follower, the page replaced wholesale on each render (no
// listeners on rendered elements), motion details fetched only for the vote on screen.
import { apiResponse, esc, refresher } from "../api.js";
import { follow, livePosition } from "../live.js";
import { t, lang, setLang, formatNumber, personName } from "../i18n.js";
import { tickTurns, turnCounter } from "./chair-timer.js";
import "../texts/chair.js";

// A safety net besides the live pushes: a projector left alone refetches now and then, so a long gap
// (a reconnection that gave up, a sleeping laptop) heals by itself.
const REFETCH_EVERY_MS = 30_000;

function who(person) {
  return `<span class="name">${esc(personName(person, person.delegateId.slice(-6)))}</span>${person.movementName
    ? ` <span class="movement">${esc(person.movementName)}</span>` : ""}`;
}

/** The vote on screen: the one open now, else the latest closed (until the next one opens). */
function voteOnScreen(motions) {
  const open = motions.find(m => m.vote?.status === "open");
  if (open) return open;
  return motions.filter(m => m.vote?.result).sort((a, b) => Date.parse(b.vote.closedAt) - Date.parse(a.vote.closedAt))[0];
}

function voteBlock(motion) {
  if (!motion) return "";
  const vote = motion.vote;
  if (vote.status === "open") {
    const share = vote.eligible ? Math.min(100, Math.round(100 * vote.cast / vote.eligible)) : 0;
    return `<section class="projector-vote" id="projector-vote" data-vote-state="open">
      <h2>${t("voteInProgress")}: ${esc(motion.title)}</h2>
      <div class="cast-bar" role="progressbar" aria-label="${t("cast")}" aria-valuemin="0" aria-valuemax="${vote.eligible}" aria-valuenow="${vote.cast}">
        <span class="cast-fill" data-share="${share}"></span></div>
      <p class="cast-count" id="projector-cast">${formatNumber(vote.cast)} ${t("of")} ${formatNumber(vote.eligible)} ${t("cast")}</p></section>`;
  }
  const r = vote.result;
  return `<section class="projector-vote" id="projector-vote" data-vote-state="closed">
    <h2>${t("result")}: ${esc(motion.title)}</h2>
    <p class="outcome ${esc(r.outcome)}" id="projector-outcome">${t(r.outcome)}</p>
    <div class="counts" id="projector-counts">
      <span><b>${formatNumber(r.yes)}</b> ${t("yes")}</span><span><b>${formatNumber(r.no)}</b> ${t("no")}</span>
      <span><b>${formatNumber(r.abstain)}</b> ${t("abstain")}</span></div>
    <p class="muted-large">${formatNumber(r.cast)} ${t("of")} ${formatNumber(r.eligible)} ${t("cast")} · ${r.quorumMet ? t("quorumMet") : t("quorumMissed")}</p></section>`;
}

export async function projector(root, id) {
  const languageBefore = lang;
  document.body.classList.add("projector-mode");
  const render = refresher(async () => {
    const read = await apiResponse(`/api/sessions/${id}`);
    const s = read.body;
    if (s.language && s.language !== lang) setLang(s.language);
    const onScreen = voteOnScreen(s.motions);
    root.innerHTML = `<div class="projector" id="projector" data-version="${s.version}" data-speaking-limit="${s.speakingTimeSeconds}">
      <header class="projector-head"><h1>${esc(s.title)}</h1>
        <p class="agenda-now" id="projector-agenda"><span class="label">${s.status === "open" && s.currentAgendaItem
          ? `${t("agendaItem")} ${s.currentAgendaItem.index + 1}` : t(s.status)}</span> ${esc(s.currentAgendaItem?.title ?? "")}</p></header>
      <section class="projector-floor">
        <h2>${t("currentSpeaker")}</h2>
        <p class="speaker-now" id="projector-speaker">${s.currentSpeaker ? who(s.currentSpeaker) : `<span class="nobody">${t("nobody")}</span>`}</p>
        <p class="countdown" id="projector-countdown">${turnCounter(s.currentSpeaker, s.speakingTimeSeconds, "short")}</p>
        <h2>${t("nextSpeakers")}</h2>
        <ol class="next-speakers" id="projector-next">${s.queue.slice(0, 3).map(q => `<li>${who(q)}</li>`).join("")}</ol>
      </section>
      ${voteBlock(onScreen)}</div>`;
    // The bar's width is set through the DOM: the CSP allows no style attributes in markup.
    const fill = root.querySelector(".cast-fill");
    if (fill) fill.style.width = `${fill.dataset.share}%`;
    return livePosition(read);
  });
  const position = await render();
  const stopTicking = tickTurns(root);
  const refetch = setInterval(render, REFETCH_EVERY_MS);
  const unfollow = await follow(`session:${id}`, () => render(), position);
  return async () => {
    clearInterval(refetch);
    stopTicking();
    document.body.classList.remove("projector-mode");
    if (lang !== languageBefore) setLang(languageBefore);
    await unfollow();
  };
}
