// A teller's device in the making and decryption of a secret vote's key (docs/voting.md, "Tellers make the key"), in
// exactly the server's encodings (Sessions/Ballots/KeyGeneration.cs): joint-Feldman over P-256 with @noble/curves.
// Round 1: a transport key pair (ECDH) and a random polynomial of degree threshold − 1; posts the transport public key, the
// commitments a_k·G and a Schnorr proof of knowledge of a_0. Round 2: f(j) for every other teller j, encrypted to j's
// transport key (ECDH x-coordinate → HKDF-SHA256 → AES-256-GCM, SubtleCrypto). Decryption: the shares received, each checked
// against its sender's commitments, summed to s_j; D_j = s_j·A per choice with a Chaum-Pedersen proof.
// The device's secrets (transport key, coefficients) stay in this browser's IndexedDB; the key is never assembled.
import { openDB } from "/lib/idb.js";
import { p256, bytesToHex, hexToBytes, utf8ToBytes } from "../lib/noble.js";
import { challenge, equalLogHolds, hexOfPoint, hexOfScalar, parsePoint, parseScalar, proveEqualLog, randomScalar } from "./ballot.js";

export const KNOWLEDGE_TAG = "alba/dkg/knowledge";
export const PARTIAL_TAG = "alba/tally/partial";

const Point = p256.Point;
const G = Point.BASE;
const ORDER = Point.Fn.ORDER;
const mod = value => ((value % ORDER) + ORDER) % ORDER;
const times = (point, scalar) => point.multiplyUnsafe(scalar);

/** ((base mod n)^exponent) mod n by squaring; for Lagrange coefficients' inverses (Fermat: a^(n−2)). */
function power(base, exponent) {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n, b = (b * b) % ORDER) if (e & 1n) result = (result * b) % ORDER;
  return result;
}

/** The Lagrange coefficient of <teller> at 0 among <tellers>: Π j / (j − i) mod n. */
export const lagrange = (teller, tellers) => tellers.filter(j => j !== teller)
  .reduce((product, j) => mod(product * BigInt(j) * power(BigInt(j - teller), ORDER - 2n)), 1n);

// ---- The device's keeping: one record per delegate and vote, in this browser only.
const store = () => openDB("alba-tellers", 1, { upgrade: db => db.createObjectStore("dealings") });

/** This device's secrets for the vote, made (and kept) the first time they are asked for. */
export async function dealingFor(delegateId, motionId, threshold) {
  const db = await store();
  const key = `${delegateId}|${motionId}`;
  let dealing = await db.get("dealings", key);
  if (!dealing) {
    dealing = { transport: hexOfScalar(randomScalar()), coefficients: Array.from({ length: threshold }, () => hexOfScalar(randomScalar())) };
    await db.put("dealings", dealing, key);
  }
  db.close();
  return dealing;
}

/** The secrets kept for the vote, or null when this device never made them (another device, or cleared). */
export async function keptDealing(delegateId, motionId) {
  const db = await store();
  const dealing = await db.get("dealings", `${delegateId}|${motionId}`);
  db.close();
  return dealing ?? null;
}

const scalar = hex => BigInt(`0x${hex}`);

// ---- Round 1.
function proveKnowledge(motionId, teller, y, secret) {
  const w = randomScalar();
  const c = challenge(`${KNOWLEDGE_TAG}|${teller}`, motionId, y, G.multiply(w));
  return { c: hexOfScalar(c), z: hexOfScalar(mod(w + c * secret)) };
}

export function knowledgeHolds(proof, motionId, teller, y) {
  const c = parseScalar(proof?.c);
  const z = parseScalar(proof?.z);
  if (c === null || z === null) return false;
  const r = times(G, z).subtract(times(y, c));
  return challenge(`${KNOWLEDGE_TAG}|${teller}`, motionId, y, r) === c;
}

/** The body of POST /api/motions/{id}/keying/commitments. */
export function firstRound(motionId, teller, dealing) {
  const coefficients = dealing.coefficients.map(scalar);
  return {
    transportKey: hexOfPoint(G.multiply(scalar(dealing.transport))),
    commitments: coefficients.map(a => hexOfPoint(G.multiply(a))),
    proof: proveKnowledge(motionId, teller, G.multiply(coefficients[0]), coefficients[0]),
  };
}

/** Σ_k j^k·A_k: what f(j)·G must be for the polynomial these commitments bind. */
export function evaluateCommitments(commitments, j) {
  let total = Point.ZERO;
  let at = 1n;
  for (const commitment of commitments) {
    total = total.add(times(parsePoint(commitment), at));
    at = mod(at * BigInt(j));
  }
  return total;
}

/** The vote's public key H = Σ A_i0 and the key X_j of each of the <tellers>, from the qualified tellers' commitments. */
export function keyFromCommitments(rounds, tellers, qualified) {
  const dealers = rounds.filter(round => qualified.includes(round.teller));
  const publicKey = dealers.reduce((total, round) => total.add(parsePoint(round.commitments[0])), Point.ZERO);
  const tellerKeys = Array.from({ length: tellers }, (_, i) =>
    dealers.reduce((total, round) => total.add(evaluateCommitments(round.commitments, i + 1)), Point.ZERO));
  return { publicKey: hexOfPoint(publicKey), tellerKeys: tellerKeys.map(hexOfPoint) };
}

const valueAt = (dealing, j) => dealing.coefficients.map(scalar).reduceRight((total, c) => mod(total * BigInt(j) + c), 0n);

// ---- Round 2: ECDH + HKDF-SHA256 + AES-256-GCM (KeyGeneration.cs, SealedShare).
async function shareKey(dealing, otherTransportKey, motionId, from, to) {
  const shared = p256.getSharedSecret(hexToBytes(dealing.transport), hexToBytes(otherTransportKey), true).slice(1);
  const material = await crypto.subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: utf8ToBytes(`alba/dkg/share|${motionId.toLowerCase()}|${from}|${to}`) },
    material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

/** The body of POST /api/motions/{id}/keying/shares: f(j) sealed to every other teller j. */
export async function secondRound(motionId, teller, dealing, rounds) {
  const shares = [];
  for (const round of rounds.filter(r => r.teller !== teller)) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = hexToBytes(hexOfScalar(valueAt(dealing, round.teller)));
    const key = await shareKey(dealing, round.transportKey, motionId, teller, round.teller);
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, plain));
    shares.push({ to: round.teller, iv: bytesToHex(iv), ciphertext: bytesToHex(sealed) });
  }
  return { shares };
}

/**
 * This teller's share s_j: its own f_j(j) plus every share sent to it by a qualified teller, each opened and checked against its
 * sender's commitments, or, where the sender answered this teller's complaint with a share that holds, that revealed share;
 * {share, complaints: [senders whose share does not match or does not open]}.
 */
export async function receivedShare(motionId, teller, dealing, rounds, sent, revealed = [], disqualified = []) {
  let share = valueAt(dealing, teller);
  const complaints = [];
  for (const from of sent.filter(s => s.teller !== teller && !disqualified.includes(s.teller))) {
    const sender = rounds.find(r => r.teller === from.teller);
    // Zero first: the constant-time multiply refuses it (an honest share is zero with negligible chance).
    const holds = value => value !== null && value !== 0n && value < ORDER && G.multiply(value).equals(evaluateCommitments(sender.commitments, teller));
    // A share revealed in answer to this teller's complaint replaces the sealed one, checked here too (the server is not trusted).
    const answer = revealed.find(r => r.teller === from.teller && r.to === teller);
    let value = null;
    try {
      if (answer) value = parseScalar(answer.share);
      else {
        const sealed = from.shares.find(s => s.to === teller);
        const key = await shareKey(dealing, sender.transportKey, motionId, from.teller, teller);
        const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: hexToBytes(sealed.iv) }, key, hexToBytes(sealed.ciphertext));
        value = scalar(bytesToHex(new Uint8Array(plain)));
      }
    } catch {
      value = null;
    }
    if (holds(value)) share = mod(share + value);
    else complaints.push(from.teller);
  }
  return { share, complaints };
}

/** Whether a share revealed in answer to a complaint matches its dealer's commitments at the complainer's number. */
export function revealedHolds(revealed, commitments) {
  const value = parseScalar(revealed?.share);
  return value !== null && value !== 0n && G.multiply(value).equals(evaluateCommitments(commitments, revealed.to));
}

/** The body of POST /api/motions/{id}/keying/answers: the share this teller sent <to>, revealed in answer to its complaint. */
export const revealedShare = (dealing, to) => ({ to, share: hexOfScalar(valueAt(dealing, to)) });

// ---- Decryption.
/** The body of POST /api/motions/{id}/tally/partials: D_j = s_j·A per choice, each with its proof log_G X_j = log_A D_j. */
export function partialDecryption(motionId, share, sums) {
  const tellerKey = G.multiply(share);
  return {
    lines: sums.map(sum => {
      const a = parsePoint(sum.a);
      const d = a.multiply(share);
      return { d: hexOfPoint(d), proof: proveEqualLog(PARTIAL_TAG, motionId, a, tellerKey, d, share) };
    }),
  };
}

/** Whether a recorded partial's proofs hold against the teller's key and the sums (for the verifier). */
export function partialHolds(motionId, partial, tellerKeyHex, sums) {
  const tellerKey = parsePoint(tellerKeyHex);
  if (!tellerKey || !Array.isArray(partial?.lines) || partial.lines.length !== sums.length) return false;
  return partial.lines.every((line, i) => {
    const d = parsePoint(line?.d);
    return d !== null && equalLogHolds(line.proof, PARTIAL_TAG, motionId, parsePoint(sums[i].a), tellerKey, d);
  });
}

/** D = Σ λ_j·D_j per choice over these partials (Lagrange at 0, in the exponent). */
export function combined(partials, choices) {
  const tellers = partials.map(p => p.teller);
  return Array.from({ length: choices }, (_, i) => partials.reduce(
    (total, p) => total.add(times(parsePoint(p.lines[i].d), lagrange(p.teller, tellers))), Point.ZERO));
}
