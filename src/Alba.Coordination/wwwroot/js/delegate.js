// The delegate signed in on this device (from the credential code on the badge), kept for the tab.
import { api } from "./api.js";

export function currentDelegate() {
  const raw = sessionStorage.getItem("alba.delegate");
  return raw ? JSON.parse(raw) : null;
}

export async function signIn(credentialCode) {
  const answer = await api("/api/auth/credential-login", { method: "POST", body: { credentialCode } });
  sessionStorage.setItem("alba.token", answer.accessToken);
  sessionStorage.setItem("alba.delegate", JSON.stringify({ delegateId: answer.delegateId, movementId: answer.movementId }));
  return currentDelegate();
}

export function signOut() {
  sessionStorage.removeItem("alba.token");
  sessionStorage.removeItem("alba.delegate");
}

/** Only that this device's delegate has voted in a motion's vote, never the choice. */
export function hasVoted(motionId) {
  return sessionStorage.getItem(`alba.voted.${motionId}`) === "1";
}

export function markVoted(motionId) {
  sessionStorage.setItem(`alba.voted.${motionId}`, "1");
}
