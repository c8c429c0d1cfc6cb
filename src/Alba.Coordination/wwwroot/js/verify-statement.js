// Checks a statement's hash chain (GET /api/statements/{id}/chain) in the browser: it starts from the statement's id,
// every link names the one before it and is numbered in order, and the head is the last link; and where the answer
// carries a link's event (its JSON exactly as hashed: for the movements involved and organisers, who read the whole
// history), the link is recomputed from it with SHA-256, the formula of Statements/StatementChain.cs:
// SHA-256("alba/statement|" + previous + "|" + version + "|" + kind + "|" + content). For everyone else each event names
// the account that acted and most hold the drafting trail, so their content is not public and only the links are checked.
// A movement that kept the head it saw when it signed finds it in the chain (at its place) exactly when the history up
// to then is the one it saw.
import { sha256Hex } from "./ballot.js";

export const statementGenesis = statementId => sha256Hex(`alba/statement|${statementId.toLowerCase()}`);

const utf8 = new TextEncoder();

/** SHA-256 of a text as lower-case hex: SubtleCrypto where the page is a secure context, else the hash the ballots already load. */
async function sha256(text) {
  if (!globalThis.crypto?.subtle) return sha256Hex(text);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8.encode(text)));
  return Array.from(digest, byte => byte.toString(16).padStart(2, "0")).join("");
}

/** The link an event makes after `previous`. */
export const statementLink = (previous, version, kind, content) => sha256(`alba/statement|${previous}|${version}|${kind}|${content}`);

/** Every fault of the chain's shape, each naming its place; empty when it holds together. */
export function chainFaults(chain) {
  const faults = [];
  const genesis = statementGenesis(chain.statementId);
  if (chain.genesis !== genesis) faults.push({ code: "chain-genesis" });
  let previous = genesis;
  for (const [i, link] of (chain.links ?? []).entries()) {
    const place = i + 1;
    if (link.version !== place) faults.push({ code: "chain-numbered", place, number: link.version });
    if (link.previous !== previous) faults.push({ code: "chain-unlinked", place });
    previous = link.hash;
  }
  if (chain.head !== previous) faults.push({ code: "chain-head" });
  return faults;
}

/**
 * What each link's content shows, in order: "recomputed" (its event hashes to it), "altered" (it does not: the event was
 * changed after it was recorded), "missing" (the answer carries events but not this one: it was removed) or "notPublic".
 */
export function contentStates(chain) {
  return Promise.all((chain.links ?? []).map(async link => {
    if (typeof link.content !== "string") return chain.withContent ? "missing" : "notPublic";
    return await statementLink(link.previous, link.version, link.kind, link.content) === link.hash ? "recomputed" : "altered";
  }));
}

/** The faults of the links' content, each naming its place and kind. */
export function contentFaults(chain, states) {
  return states.flatMap((state, i) => state === "altered" || state === "missing"
    ? [{ code: `chain-${state}`, place: i + 1, kind: chain.links[i].kind }] : []);
}

/** The place (1…) of a kept head in the chain, or 0 when the chain no longer holds it (0 also for the genesis: nothing signed yet). */
export function placeOfHead(chain, head) {
  const wanted = head.trim().toLowerCase();
  return (chain.links ?? []).findIndex(link => link.hash === wanted) + 1;
}
