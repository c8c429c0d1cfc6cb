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

/** Only that this device's delegate has voted in a motion's vote, never the choice. */
export function hasVoted(motionId) {
  return sessionStorage.getItem(`alba.voted.${motionId}`) !== null;
}

/** Marks the vote as cast; a secret ballot keeps its receipt (the hash it will have on the board, not the choice). */
export function markVoted(motionId, receipt) {
  sessionStorage.setItem(`alba.voted.${motionId}`, receipt ?? "");
}

/**
 * A secret ballot this device cast, with the nonce of its commitment, kept in the tab until its receipt is seen on the
 * board, so the device can send it again if the node holding it stopped before posting it. Ciphertexts only, never the choice.
 */
export function keepPendingBallot(motionId, ballot, nonce) {
  sessionStorage.setItem(`alba.pending.${motionId}`, JSON.stringify({ ballot, nonce }));
}

export function pendingBallot(motionId) {
  try {
    return JSON.parse(sessionStorage.getItem(`alba.pending.${motionId}`));
  } catch {
    return null;
  }
}

export function dropPendingBallot(motionId) {
  sessionStorage.removeItem(`alba.pending.${motionId}`);
}

/** The receipt of this device's secret ballot in a motion's vote, if any. */
export function keptReceipt(motionId) {
  return sessionStorage.getItem(`alba.voted.${motionId}`) || null;
}

/**
 * What became of this device's pending secret ballot (js/ballot-resend.js): { state: "resending" | "onBoard" | "lost" |
 * "refused", place? }, kept for the tab so a reload still tells the delegate; null while nothing was found out yet.
 */
export function ballotFate(motionId) {
  try {
    return JSON.parse(sessionStorage.getItem(`alba.ballotFate.${motionId}`));
  } catch {
    return null;
  }
}

export function setBallotFate(motionId, fate) {
  sessionStorage.setItem(`alba.ballotFate.${motionId}`, JSON.stringify(fate));
}
