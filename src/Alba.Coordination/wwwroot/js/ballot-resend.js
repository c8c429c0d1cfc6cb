// The device's half of "The mixer's crash window" (docs/voting.md). A secret ballot waits in the memory of the node that
// took it until its shuffled batch is posted to the board; a node that stops first loses it. This tab keeps the ballot it
// cast and the nonce of its commitment (js/delegate.js) until its receipt is on the board, and on every occasion a phone
// gives looks at the board and, while the receipt is missing and the vote open, sends the same ballot again
// (POST /api/motions/{id}/ballots/resubmission). The server takes it only if it matches the commitment the register
// recorded and is not on the board, and adds nothing when it is already waiting, so a resend is never a second vote.
// Occasions: the page's first render, live updates, the live connection's reconnection (a crashed node's clients all
// reconnect), the tab becoming visible or the network returning, and a timer backing off from 15 s to 5 min. Looks are
// bounded whatever calls them: one at a time per ballot, at least MIN_GAP_MS apart (QUIET_GAP_MS for live updates that
// say nothing about the board). It stops when the receipt is on the board, the vote is closed, or the server refuses the ballot.
import { api, ApiError } from "./api.js";
import { onReconnect } from "./live.js";
import { currentDelegate, keptReceipt, pendingBallot, dropPendingBallot, setBallotFate } from "./delegate.js";

/** The timer's first wait after casting (a batch has not formed yet) and its ceiling; it doubles after every look. */
const FIRST_GAP_MS = 15_000;
const LONGEST_GAP_MS = 5 * 60_000;
/** The least time between two looks at one ballot's board, whatever the occasions. */
const MIN_GAP_MS = 2_000;
/** Live updates come with every participation of a burst: one that is not about the board is an occasion this often at most. */
const QUIET_GAP_MS = 30_000;
/** Updates after which a ballot should be on the board (a posting takes every ballot its node holds) or the vote is closed. */
const BOARD_KINDS = new Set(["BallotsPosted", "VoteClosed", "TallyDecrypted"]);

const watches = new Map(); // motionId -> { gap, lastLook, timer, dueAt, looking }
const listeners = new Set();

/** Calls <listener>(motionId) whenever a ballot's fate changes (js/delegate.js `ballotFate`); returns the function that stops it. */
export function onBallotFate(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function watchOf(motionId) {
  let watch = watches.get(motionId);
  if (!watch) watches.set(motionId, watch = { gap: FIRST_GAP_MS, lastLook: 0, timer: null, dueAt: null, looking: null });
  return watch;
}

/** Looks at <motionId>'s board in <delay> ms, unless a look is due sooner already. */
function schedule(motionId, delay) {
  const watch = watchOf(motionId);
  const dueAt = Date.now() + delay;
  if (watch.timer && watch.dueAt <= dueAt) return;
  clearTimeout(watch.timer);
  watch.dueAt = dueAt;
  watch.timer = setTimeout(() => look(motionId), delay);
}

function settle(motionId, fate) {
  dropPendingBallot(motionId);
  tell(motionId, fate);
  clearTimeout(watches.get(motionId)?.timer);
  watches.delete(motionId);
  return true;
}

function tell(motionId, fate) {
  setBallotFate(motionId, fate);
  for (const listener of listeners) listener(motionId);
}

/** True when the board settles the ballot: its receipt is on it (counted), or the vote closed without it (lost). */
async function settled(motionId) {
  const board = await api(`/api/motions/${motionId}/board`);
  const receipt = keptReceipt(motionId);
  const entry = board.ballots.find(ballot => ballot.receipt === receipt);
  if (entry) return settle(motionId, { state: "onBoard", place: entry.index + 1 });
  if (board.status !== "open") return settle(motionId, { state: "lost" });
  return false;
}

/** A refusal that no resend changes: not a conflict of timing (a posting or the closing in between) nor a limit. */
const refusedForGood = error => error instanceof ApiError && error.status >= 400 && error.status < 500 && ![401, 408, 429].includes(error.status);

async function look(motionId) {
  const watch = watchOf(motionId);
  if (watch.looking) return watch.looking;
  clearTimeout(watch.timer);
  watch.timer = null;
  watch.lastLook = Date.now();
  watch.looking = (async () => {
    const pending = pendingBallot(motionId);
    // Signed out: only its delegate can send it again (the next render after signing in looks again).
    if (!pending || !currentDelegate()) return watches.delete(motionId);
    try {
      if (await settled(motionId)) return;
      try {
        await api(`/api/motions/${motionId}/ballots/resubmission`, { method: "POST", body: pending });
        tell(motionId, { state: "resending" });
      } catch (error) {
        if (!refusedForGood(error)) throw error;
        // Posted or closed since the look (409), or not taken at all: the board says which.
        if (!(await settled(motionId))) return settle(motionId, { state: "refused" });
      }
    } catch {
      // The network or the server is away: the next occasion or the timer looks again.
    }
    if (!pendingBallot(motionId) || watches.get(motionId) !== watch) return; // settled, or the page was left
    schedule(motionId, watch.gap);
    watch.gap = Math.min(LONGEST_GAP_MS, watch.gap * 2);
  })().finally(() => { watch.looking = null; });
  return watch.looking;
}

/** A ballot was just cast and is kept: the first look waits for its batch to have had time to form. */
export function watchCast(motionId) {
  const watch = watchOf(motionId);
  watch.lastLook = Date.now();
  schedule(motionId, watch.gap);
  watch.gap *= 2;
}

/**
 * An occasion to look at <motionId>'s board, if this device keeps a ballot for it: at once unless the last look was less than
 * MIN_GAP_MS ago (or QUIET_GAP_MS for a <quiet> occasion, which then waits for the next), when it is put off until then.
 */
export function lookFor(motionId, { quiet = false } = {}) {
  if (!pendingBallot(motionId)) return;
  const watch = watchOf(motionId);
  const wait = watch.lastLook + (quiet ? QUIET_GAP_MS : MIN_GAP_MS) - Date.now();
  if (wait <= 0) look(motionId);
  else if (!quiet) schedule(motionId, wait);
}

/** A live update of the session: one after which a ballot should be on the board is an occasion for it. */
export function lookAfterUpdate(update, motionIds) {
  if (!BOARD_KINDS.has(update.kind)) return;
  for (const motionId of motionIds) if (!update.data?.motionId || update.data.motionId === motionId) lookFor(motionId);
}

/**
 * Looks for the ballots of <motionIds>() on the occasions a phone gives besides the page's updates: the live connection's
 * reconnection, the tab shown again, the network back. Returns the function that stops it all when the page is left (the
 * kept ballots stay, and the next visit looks again).
 */
export function lookOnOccasions(motionIds) {
  const lookForAll = () => { for (const motionId of motionIds()) lookFor(motionId); };
  const whenShown = () => { if (document.visibilityState === "visible") lookForAll(); };
  const stopOnReconnect = onReconnect(lookForAll);
  document.addEventListener("visibilitychange", whenShown);
  window.addEventListener("online", lookForAll);
  return () => {
    stopOnReconnect();
    document.removeEventListener("visibilitychange", whenShown);
    window.removeEventListener("online", lookForAll);
    for (const watch of watches.values()) clearTimeout(watch.timer);
    watches.clear();
  };
}
