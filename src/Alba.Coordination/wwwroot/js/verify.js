// Recomputes a secret vote's public board (GET /api/motions/{id}/board) in the browser, trusting nothing the server
// says about it: the chain's start from the motion and key, every receipt from its ballot, every link, every ballot's
// proofs, the number of ballots against the register, and after closing the homomorphic sums, the proofs of decryption,
// the counts and the result announced. The same checks as Sessions/Ballots/BoardVerifier.cs (the `verify vote` verb).
// Each fault is {code, place?, …} for the page to say in the reader's language.
import { CHOICES, TALLY_TAG, ballotFault, encode, equalLogHolds, hexOfPoint, parsePoint, receiptOf, sha256Hex, sum } from "./ballot.js";
import { combined, keyFromCommitments, knowledgeHolds, partialHolds, revealedHolds } from "./tellers.js";

export const genesisOf = (motionId, publicKey) => sha256Hex(`alba/board|${motionId.toLowerCase()}|${publicKey}`);
export const linkOf = (previous, receipt) => sha256Hex(`alba/board|${previous}|${receipt}`);

const pause = () => new Promise(resolve => setTimeout(resolve));

/**
 * Every fault of <board>, each naming its place; empty when the board is verified. <progress>(checked, total) is called
 * after each ballot: checking proofs takes a moment per ballot, and the page stays responsive between them.
 */
export async function boardFaults(board, progress = () => {}) {
  const key = parsePoint(board.publicKey);
  if (!key) return [{ code: "badKey" }];
  // Every ballot's proofs multiply the key: a table of its multiples, built once, makes each of those faster.
  key.precompute(8);
  const faults = Array.isArray(board.dealing) ? dealingFaults(board) : [];
  const genesis = genesisOf(board.motionId, board.publicKey);
  if (board.genesis !== genesis) faults.push({ code: "genesis" });
  const ballots = Array.isArray(board.ballots) ? board.ballots : [];
  const receipts = new Set();
  const valid = [];
  let previous = genesis;
  for (const [i, entry] of ballots.entries()) {
    const place = i + 1;
    if (entry.index !== i) faults.push({ code: "numbered", place, number: Number(entry.index) + 1 });
    if (entry.previous !== previous) faults.push({ code: "unlinked", place });
    const fault = ballotFault(entry.ballot, key, board.motionId);
    if (fault?.kind !== "shape" && receiptOf(entry.ballot) !== entry.receipt) faults.push({ code: "changed", place });
    if (fault) faults.push({ code: `ballot-${fault.kind}`, place, choice: fault.choice });
    else valid.push(entry.ballot);
    if (entry.hash !== linkOf(entry.previous, entry.receipt)) faults.push({ code: "hash", place });
    if (receipts.has(entry.receipt)) faults.push({ code: "repeated", place });
    receipts.add(entry.receipt);
    previous = entry.hash;
    progress(place, ballots.length);
    await pause();
  }
  if (board.head !== previous) faults.push({ code: "head" });
  const lost = Number.isInteger(board.lost) ? board.lost : 0;
  if (board.status === "closed" && ballots.length + lost !== board.cast) faults.push({ code: "count", cast: board.cast, ballots: ballots.length });
  // Not hidden behind "verified": the tally is of the board, without these.
  if (lost > 0) faults.push({ code: "lost", lost });
  if (board.status === "open" && ballots.length > board.cast) faults.push({ code: "count", cast: board.cast, ballots: ballots.length });
  if (board.status !== "closed") return faults;
  if (!Array.isArray(board.tally)) return [...faults, { code: "noTally" }];
  // A ballot whose proofs fail cannot be summed honestly; its fault is already named.
  if (valid.length !== ballots.length) return faults;
  const tellersHold = board.keyHeldBy === "tellers";
  if (tellersHold && board.tally.length > 0 && !Array.isArray(board.partials)) return [...faults, { code: "partials", threshold: board.threshold }];
  const tallyFault = tallyFaultOf(board.motionId, key, valid, board.tally, tellersHold ? board : null);
  if (tallyFault) return [...faults, tallyFault];
  const result = board.result;
  const counts = Object.fromEntries(board.tally.map(line => [line.choice, line.count]));
  if (result && CHOICES.some(choice => (counts[choice] ?? 0) !== result[choice])) faults.push({ code: "result", ...result });
  return faults;
}

/**
 * A key made by named tellers (BoardVerifier.DealingFaults): every commitment's proof of knowledge, and the key and every
 * teller's key recomputed from the commitments (a teller disqualified before it sent them has none, and is not qualified).
 */
function dealingFaults(board) {
  const dealing = board.dealing;
  const tellers = board.tellerKeys.length;
  if (!dealing.length || dealing.some((round, i) => !Number.isInteger(round?.teller) || round.teller < 1 || round.teller > tellers
      || (i > 0 && round.teller <= dealing[i - 1].teller))) return [{ code: "dealing" }];
  const faults = dealing.filter(round => !Array.isArray(round.commitments) || round.commitments.length !== board.threshold
      || round.commitments.some(c => !parsePoint(c)) || !knowledgeHolds(round.proof, board.motionId, round.teller, parsePoint(round.commitments[0])))
    .map(round => ({ code: "knowledge", teller: round.teller }));
  if (faults.length) return faults;
  // The key sums the qualified tellers' dealing only (all of them on a board recorded before complaints were resolved).
  const qualified = Array.isArray(board.qualified) ? board.qualified : dealing.map(round => round.teller);
  const dealerOf = teller => dealing.find(round => round.teller === teller);
  if (qualified.length < board.threshold || qualified.some(j => !dealerOf(j)))
    faults.push({ code: "qualified", threshold: board.threshold });
  for (const revealed of Array.isArray(board.revealed) ? board.revealed : []) {
    const dealer = dealerOf(revealed?.teller);
    const holds = dealer !== undefined && revealedHolds(revealed, dealer.commitments);
    if (holds !== revealed.holds) faults.push({ code: "revealedRecorded", teller: revealed.teller, to: revealed.to });
    if (!holds && qualified.includes(revealed.teller)) faults.push({ code: "revealedQualified", teller: revealed.teller, to: revealed.to });
  }
  const key = keyFromCommitments(dealing, tellers, qualified);
  if (key.publicKey !== board.publicKey) faults.push({ code: "dealtKey" });
  key.tellerKeys.forEach((tellerKey, i) => { if (tellerKey !== board.tellerKeys[i]) faults.push({ code: "tellerKey", teller: i + 1 }); });
  return faults;
}

/** A tally decrypted by the tellers: the threshold of distinct partials, each holding, and each D their combination. */
function partialsFaultOf(board, tally) {
  const partials = board.partials;
  if (partials.length !== board.threshold || new Set(partials.map(p => p.teller)).size !== partials.length
      || partials.some(p => !Number.isInteger(p.teller) || p.teller < 1 || p.teller > board.tellerKeys.length))
    return { code: "partials", threshold: board.threshold };
  for (const partial of partials)
    if (!partialHolds(board.motionId, partial, board.tellerKeys[partial.teller - 1], tally)) return { code: "partial", teller: partial.teller };
  const decryptions = combined(partials, tally.length);
  const wrong = tally.findIndex((line, i) => hexOfPoint(decryptions[i]) !== String(line.d).toLowerCase());
  return wrong >= 0 ? { code: "combined", choice: CHOICES[wrong] } : null;
}

/** Null when the tally follows from these ballots and the key (Tally.Fault on the server); with <tellers>, from their partials. */
function tallyFaultOf(motionId, key, ballots, tally, tellers) {
  if (ballots.length === 0) return tally.length === 0 ? null : { code: "tallyLines" };
  if (tally.length !== CHOICES.length) return { code: "tallyLines" };
  for (const [i, line] of tally.entries()) {
    const choice = CHOICES[i];
    if (line.choice !== choice) return { code: "tallyLines" };
    const { a, b } = sum(ballots.map(ballot => ({ a: parsePoint(ballot.options[i].a), b: parsePoint(ballot.options[i].b) })));
    if (hexOfPoint(a) !== String(line.a).toLowerCase() || hexOfPoint(b) !== String(line.b).toLowerCase()) return { code: "tallySum", choice };
    const d = parsePoint(line.d);
    if (!d || (!tellers && !equalLogHolds(line.proof, TALLY_TAG, motionId, a, key, d))) return { code: "tallyProof", choice };
    if (!Number.isInteger(line.count) || line.count < 0 || line.count > ballots.length || !encode(line.count).equals(b.subtract(d)))
      return { code: "tallyCount", choice, count: line.count };
  }
  return tellers ? partialsFaultOf(tellers, tally) : null;
}
