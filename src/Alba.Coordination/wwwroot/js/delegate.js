// The delegate signed in on this device (from the credential code on the badge), kept for the tab.
import { account, signInWithCredential, signOut as endSignIn } from "./auth.js";

export function currentDelegate() {
  const who = account();
  return who?.role === "delegate" ? { delegateId: who.delegateId, movementId: who.movementId } : null;
}

export async function signIn(credentialCode) {
  await signInWithCredential(credentialCode);
  return currentDelegate();
}

export const signOut = endSignIn;

/**
 * What the tab keeps about a vote is the signed-in delegate's: a tablet passed from one delegate to the next must not tell
 * the second that they have voted, nor resend the first one's ballot under the second's name.
 */
function kept(kind, motionId) {
  const delegateId = currentDelegate()?.delegateId;
  return delegateId ? `alba.${kind}.${delegateId}.${motionId}` : null;
}

function read(kind, motionId) {
  const key = kept(kind, motionId);
  return key ? sessionStorage.getItem(key) : null;
}

function write(kind, motionId, value) {
  const key = kept(kind, motionId);
  if (key) sessionStorage.setItem(key, value);
}

function readJson(kind, motionId) {
  try {
    return JSON.parse(read(kind, motionId));
  } catch {
    return null;
  }
}

/** Only that this device's delegate has voted in a motion's vote, never the choice. */
export function hasVoted(motionId) {
  return read("voted", motionId) !== null;
}

/** Marks the vote as cast; a secret ballot keeps its receipt (the hash it will have on the board, not the choice). */
export function markVoted(motionId, receipt) {
  write("voted", motionId, receipt ?? "");
}

/**
 * A secret ballot this device cast, with the nonce of its commitment, kept in the tab until its receipt is seen on the
 * board, so the device can send it again if the node holding it stopped before posting it. Ciphertexts only, never the choice.
 */
export function keepPendingBallot(motionId, ballot, nonce) {
  write("pending", motionId, JSON.stringify({ ballot, nonce }));
}

export function pendingBallot(motionId) {
  return readJson("pending", motionId);
}

export function dropPendingBallot(motionId) {
  const key = kept("pending", motionId);
  if (key) sessionStorage.removeItem(key);
}

/** The receipt of this device's secret ballot in a motion's vote, if any. */
export function keptReceipt(motionId) {
  return read("voted", motionId) || null;
}

/**
 * What became of this device's pending secret ballot (js/ballot-resend.js): { state: "resending" | "onBoard" | "lost" |
 * "refused", place? }, kept for the tab so a reload still tells the delegate; null while nothing was found out yet.
 */
export function ballotFate(motionId) {
  return readJson("ballotFate", motionId);
}

export function setBallotFate(motionId, fate) {
  write("ballotFate", motionId, JSON.stringify(fate));
}
