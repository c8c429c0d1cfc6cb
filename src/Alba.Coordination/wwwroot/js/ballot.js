// Secret ballots on the delegate's device, in exactly the wire format of the server (Sessions/Ballots/ElectionGroup.cs,
// Proofs.cs, EncryptedBallot.cs; docs/voting.md): P-256 with @noble/curves, points compressed (33 bytes) and scalars
// 32 bytes big-endian, both lower-case hex; Fiat-Shamir challenges SHA-256(tag ‖ motion id ‖ points) mod n.
// One exponential ElGamal encryption per choice (yes, no, abstain) of 0 or 1, each with a disjunctive Chaum-Pedersen
// proof, and a Chaum-Pedersen proof that the three add up to 1. The choice and the randomness never leave this module.
// The checks (proofs, receipts) are the verifier's too (js/verify.js).
import { p256, sha256, bytesToHex, hexToBytes, utf8ToBytes, concatBytes } from "../lib/noble.js";

export const CHOICES = ["yes", "no", "abstain"];
export const OPTION_TAG = "alba/ballot/option";
export const SUM_TAG = "alba/ballot/sum";
export const TALLY_TAG = "alba/tally";

const Point = p256.Point;
const G = Point.BASE;
const ORDER = Point.Fn.ORDER;

const mod = value => ((value % ORDER) + ORDER) % ORDER;

/** A uniform scalar in [1, n) from the device's cryptographic generator. */
export function randomScalar() {
  return BigInt(`0x${bytesToHex(p256.utils.randomSecretKey())}`);
}

/** Public data may hold a zero scalar (a forged proof); the constant-time multiply refuses it, this one answers the identity. */
const times = (point, scalar) => point.multiplyUnsafe(scalar);

/** 32 random bytes, hex: the register keeps SHA-256(receipt | nonce), and only this device the nonce (docs/voting.md). */
export const newNonce = () => bytesToHex(crypto.getRandomValues(new Uint8Array(32)));

export const hexOfPoint = point => point.toHex(true);
export const hexOfScalar = scalar => scalar.toString(16).padStart(64, "0");

/** A compressed point of the group, not the identity, or null. */
export function parsePoint(hex) {
  if (typeof hex !== "string" || hex.length !== 66) return null;
  try {
    return Point.fromHex(hex.toLowerCase());
  } catch {
    return null;
  }
}

/** A scalar in [0, n) written as 64 hex digits, or null. */
export function parseScalar(hex) {
  if (typeof hex !== "string" || !/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  const value = BigInt(`0x${hex}`);
  return value < ORDER ? value : null;
}

export const sha256Hex = text => bytesToHex(sha256(utf8ToBytes(text)));

/** SHA-256(tag ‖ motion id ‖ points…) mod n; null when a point is the identity (it has no encoding). */
export function challenge(tag, motionId, ...points) {
  if (points.some(point => point.is0())) return null;
  const digest = sha256(concatBytes(utf8ToBytes(tag), utf8ToBytes(motionId.toLowerCase()), ...points.map(point => point.toBytes(true))));
  return mod(BigInt(`0x${bytesToHex(digest)}`));
}

/** m·G, the exponential encoding of a small count (the identity for 0). */
export const encode = m => (m === 0 ? Point.ZERO : times(G, BigInt(m)));

/** A Chaum-Pedersen proof that y1 = s·G and y2 = s·g2 for one secret s: {c, z} (Proofs.cs, EqualLogProof). */
export function proveEqualLog(tag, motionId, g2, y1, y2, secret) {
  const w = randomScalar();
  const c = challenge(tag, motionId, g2, y1, y2, G.multiply(w), g2.multiply(w));
  return { c: hexOfScalar(c), z: hexOfScalar(mod(w + c * secret)) };
}

export function equalLogHolds(proof, tag, motionId, g2, y1, y2) {
  const c = parseScalar(proof?.c);
  const z = parseScalar(proof?.z);
  if (c === null || z === null) return false;
  const a = times(G, z).subtract(times(y1, c));
  const b = times(g2, z).subtract(times(y2, c));
  return challenge(tag, motionId, g2, y1, y2, a, b) === c;
}

/** The disjunctive proof that (a, b) encrypts m ∈ {0, 1} under key with randomness r (Proofs.cs, ZeroOrOneProof). */
function proveZeroOrOne(motionId, key, a, b, m, r) {
  const other = 1 - m;
  const simulatedC = randomScalar();
  const simulatedZ = randomScalar();
  const w = randomScalar();
  const commitments = [];
  commitments[2 * other] = G.multiply(simulatedZ).subtract(a.multiply(simulatedC));
  commitments[2 * other + 1] = key.multiply(simulatedZ).subtract(b.subtract(encode(other)).multiply(simulatedC));
  commitments[2 * m] = G.multiply(w);
  commitments[2 * m + 1] = key.multiply(w);
  const c = challenge(OPTION_TAG, motionId, key, a, b, ...commitments);
  const realC = mod(c - simulatedC);
  const realZ = mod(w + realC * r);
  const [c0, c1, z0, z1] = m === 0 ? [realC, simulatedC, realZ, simulatedZ] : [simulatedC, realC, simulatedZ, realZ];
  return { c0: hexOfScalar(c0), c1: hexOfScalar(c1), z0: hexOfScalar(z0), z1: hexOfScalar(z1) };
}

export function zeroOrOneHolds(proof, motionId, key, a, b) {
  const [c0, c1, z0, z1] = ["c0", "c1", "z0", "z1"].map(name => parseScalar(proof?.[name]));
  if ([c0, c1, z0, z1].includes(null)) return false;
  const a0 = times(G, z0).subtract(times(a, c0));
  const b0 = times(key, z0).subtract(times(b, c0));
  const a1 = times(G, z1).subtract(times(a, c1));
  const b1 = times(key, z1).subtract(times(b.subtract(G), c1));
  return challenge(OPTION_TAG, motionId, key, a, b, a0, b0, a1, b1) === mod(c0 + c1);
}

/** The homomorphic sum of ciphertexts [{a, b}] as points. */
export const sum = ciphertexts => ciphertexts.reduce((total, c) => ({ a: total.a.add(c.a), b: total.b.add(c.b) }), { a: Point.ZERO, b: Point.ZERO });

/**
 * Encrypts <choice> for the vote of <motionId> under its public key (hex), with every proof: the body's `ballot` of
 * POST /api/motions/{id}/ballots.
 */
export function encryptBallot(choice, publicKeyHex, motionId) {
  if (!CHOICES.includes(choice)) throw new Error(`Unknown choice ${choice}`);
  const key = parsePoint(publicKeyHex);
  if (!key) throw new Error("The vote's public key is not a point of P-256.");
  const randomness = CHOICES.map(() => randomScalar());
  const points = CHOICES.map((option, i) => {
    const m = option === choice ? 1 : 0;
    return { m, a: G.multiply(randomness[i]), b: encode(m).add(key.multiply(randomness[i])) };
  });
  const options = points.map(({ m, a, b }, i) => ({ a: hexOfPoint(a), b: hexOfPoint(b), proof: proveZeroOrOne(motionId, key, a, b, m, randomness[i]) }));
  const total = sum(points);
  const sumR = mod(randomness.reduce((all, r) => all + r, 0n));
  return { options, sumProof: proveEqualLog(SUM_TAG, motionId, key, total.a, total.b.subtract(G), sumR) };
}

/**
 * What is wrong with a ballot's form or proofs, or null when it holds: {kind: "shape"}, {kind: "points", choice},
 * {kind: "option", choice} or {kind: "sum"} (EncryptedBallot.Fault on the server).
 */
export function ballotFault(ballot, key, motionId) {
  if (!Array.isArray(ballot?.options) || ballot.options.length !== 3 || ballot.options.some(o => !o) || !ballot.sumProof) return { kind: "shape" };
  const points = [];
  for (const [i, option] of ballot.options.entries()) {
    const a = parsePoint(option.a);
    const b = parsePoint(option.b);
    if (!a || !b || !option.proof) return { kind: "points", choice: CHOICES[i] };
    if (!zeroOrOneHolds(option.proof, motionId, key, a, b)) return { kind: "option", choice: CHOICES[i] };
    points.push({ a, b });
  }
  const total = sum(points);
  return equalLogHolds(ballot.sumProof, SUM_TAG, motionId, key, total.a, total.b.subtract(G)) ? null : { kind: "sum" };
}

/** SHA-256 of "alba/ballot" and every hex field of the ballot in order, joined by "|": what the voter finds on the board. */
export function receiptOf(ballot) {
  const fields = ballot.options.flatMap(o => [o.a, o.b, o.proof?.c0, o.proof?.c1, o.proof?.z0, o.proof?.z1]);
  return sha256Hex(["alba/ballot", ...fields, ballot.sumProof.c, ballot.sumProof.z].map(field => String(field).toLowerCase()).join("|"));
}
