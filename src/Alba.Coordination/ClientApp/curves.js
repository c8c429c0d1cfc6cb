// The group and hash of secret ballots (docs/voting.md), bundled by esbuild into one browser module, wwwroot/lib/noble.js:
// @noble/curves imports @noble/hashes by package name, which a browser resolves only through an import map, and the
// app's Content-Security-Policy refuses inline ones.
export { p256 } from "@noble/curves/nist.js";
export { sha256 } from "@noble/hashes/sha2.js";
export { bytesToHex, hexToBytes, utf8ToBytes, concatBytes } from "@noble/hashes/utils.js";
