// Checks a statement's hash chain (GET /api/statements/{id}/chain) in the browser: it starts from the statement's id,
// every link names the one before it and is numbered in order, and the head is the last link. A movement that kept the
// head it saw when it signed finds it in the chain (at its place) exactly when the history up to then is the one it saw.
// The links' hashes of the events' content are recomputed from the stored events by `verify statement {id}`
// (Statements/StatementChain.cs): the public answer carries the links, not the events.
import { sha256Hex } from "./ballot.js";

export const statementGenesis = statementId => sha256Hex(`alba/statement|${statementId.toLowerCase()}`);

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

/** The place (1…) of a kept head in the chain, or 0 when the chain no longer holds it (0 also for the genesis: nothing signed yet). */
export function placeOfHead(chain, head) {
  const wanted = head.trim().toLowerCase();
  return (chain.links ?? []).findIndex(link => link.hash === wanted) + 1;
}
