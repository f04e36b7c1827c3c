/**
 * The Merkle Tree Hash of RFC 9162 §2.1.1, its inclusion and consistency proofs (§2.1.3.1,
 * §2.1.4.1) and their verifiers (§2.1.3.2, §2.1.4.2).
 *
 * Tree sizes and leaf indices are plain numbers (safe integers, up to 2^53) and are only ever
 * handled with arithmetic (`Math.floor(x / 2)`, `x % 2`), never with the 32-bit bitwise
 * operators, which would silently wrap past 2^31 leaves.
 */
import { EMPTY_ROOT, HASH_SIZE, hashChildren, hashesEqual } from './hash';

/**
 * Where proofs read hashes from: the root of each *perfect* subtree, addressed by its level
 * (0 = a leaf hash) and its index at that level, covering leaves [index·2^level, (index+1)·2^level).
 * In memory see `MemoryMerkleTree`; on disk the audit projection keeps them in audit.db.
 */
export interface PerfectNodeSource {
  node(level: number, index: number): Uint8Array;
}

export class ProofVerificationError extends Error {
  readonly code = 'AUDIT.PROOF_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ProofVerificationError';
  }
}

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}

const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/** The largest power of two strictly smaller than n (n ≥ 2): the split point k of RFC 9162. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let x = n;
  while (x % 2 === 0) x /= 2;
  return x === 1;
}

function log2Exact(n: number): number {
  let level = 0;
  for (let x = n; x > 1; x /= 2) level++;
  return level;
}

/** MTH(D[start : start+size]) from the perfect nodes; O(log size) lookups and hashes. */
export function subtreeRoot(source: PerfectNodeSource, start: number, size: number): Buffer {
  if (size === 0) return EMPTY_ROOT;
  if (isPowerOfTwo(size) && start % size === 0) return Buffer.from(source.node(log2Exact(size), start / size));
  const k = splitPoint(size);
  return hashChildren(subtreeRoot(source, start, k), subtreeRoot(source, start + k, size - k));
}

/** The root of the first `treeSize` leaves. */
export function treeRoot(source: PerfectNodeSource, treeSize: number): Buffer {
  assertSize('treeSize', treeSize);
  return subtreeRoot(source, 0, treeSize);
}

/** PATH(m, D[n]) of RFC 9162 §2.1.3.1, leaf-side hash first. */
export function inclusionProof(source: PerfectNodeSource, leafIndex: number, treeSize: number): Buffer[] {
  assertSize('leafIndex', leafIndex);
  assertSize('treeSize', treeSize);
  if (leafIndex >= treeSize) throw new RangeError(`leaf index ${leafIndex} is outside a tree of ${treeSize} leaves`);
  const path: Buffer[] = [];
  // Walk down from the root, collecting siblings, then reverse (the proof lists the deepest first).
  let start = 0;
  let n = treeSize;
  let m = leafIndex;
  while (n > 1) {
    const k = splitPoint(n);
    if (m < k) {
      path.push(subtreeRoot(source, start + k, n - k));
      n = k;
    } else {
      path.push(subtreeRoot(source, start, k));
      start += k;
      m -= k;
      n -= k;
    }
  }
  return path.reverse();
}

/** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, for 0 < m ≤ n. */
export function consistencyProof(source: PerfectNodeSource, fromSize: number, toSize: number): Buffer[] {
  assertSize('fromSize', fromSize);
  assertSize('toSize', toSize);
  if (fromSize > toSize) throw new RangeError(`cannot prove ${fromSize} consistent with the smaller ${toSize}`);
  if (fromSize === 0) throw new RangeError('a consistency proof from the empty tree is not defined (RFC 9162 §2.1.4)');
  const proof: Buffer[] = [];
  let start = 0;
  let n = toSize;
  let m = fromSize;
  let complete = true; // the `b` flag of SUBPROOF: is D[0:m] a subtree already known to the verifier?
  while (m !== n) {
    const k = splitPoint(n);
    if (m <= k) {
      proof.push(subtreeRoot(source, start + k, n - k));
      n = k;
    } else {
      proof.push(subtreeRoot(source, start, k));
      start += k;
      m -= k;
      n -= k;
      complete = false;
    }
  }
  if (!complete) proof.push(subtreeRoot(source, start, n));
  return proof.reverse();
}

const isSize = (x: number): boolean => Number.isSafeInteger(x) && x >= 0;

function badHash(name: string, hashes: readonly Uint8Array[]): string | undefined {
  const i = hashes.findIndex((h) => h.length !== HASH_SIZE);
  return i < 0 ? undefined : `${name}[${i}] is ${hashes[i].length} bytes, not ${HASH_SIZE}`;
}

/** RFC 9162 §2.1.3.2: recomputes the root from an inclusion proof, or says why the proof is malformed. */
function computeInclusionRoot(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Buffer | string {
  if (!isSize(leafIndex) || !isSize(treeSize)) return 'leaf index and tree size must be non-negative safe integers';
  if (leafIndex >= treeSize) return `leaf index ${leafIndex} is not below tree size ${treeSize}`;
  if (leafHash.length !== HASH_SIZE) return `leaf hash is ${leafHash.length} bytes, not ${HASH_SIZE}`;
  const bad = badHash('proof', proof);
  if (bad) return bad;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  for (const p of proof) {
    if (sn === 0) return 'inclusion proof is too long';
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!isOdd(fn)) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (!isOdd(fn) && fn !== 0);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return 'inclusion proof is too short';
  return r;
}

/** The root an inclusion proof leads to; throws `ProofVerificationError` when the proof is malformed. */
export function rootFromInclusionProof(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Buffer {
  const r = computeInclusionRoot(leafIndex, treeSize, leafHash, proof);
  if (typeof r === 'string') throw new ProofVerificationError(r);
  return r;
}

/** Why the proof fails to show the leaf at `leafIndex` in the tree with `root`, or undefined when it holds. */
export function checkInclusion(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): string | undefined {
  const r = computeInclusionRoot(leafIndex, treeSize, leafHash, proof);
  if (typeof r === 'string') return r;
  return hashesEqual(r, root) ? undefined : 'inclusion proof does not lead to the given root';
}

/** Throws `ProofVerificationError` unless the proof shows the leaf at `leafIndex` in the tree with `root`. */
export function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): void {
  const reason = checkInclusion(leafIndex, treeSize, leafHash, proof, root);
  if (reason !== undefined) throw new ProofVerificationError(reason);
}

/**
 * RFC 9162 §2.1.4.2, with the edge cases the RFC leaves to the caller made explicit:
 * equal sizes need an empty proof and equal roots (and a size-0 tree has exactly one root,
 * SHA-256 of nothing); a proof from the empty tree is not defined and is refused.
 */
export function checkConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): string | undefined {
  if (!isSize(fromSize) || !isSize(toSize)) return 'tree sizes must be non-negative safe integers';
  if (toSize < fromSize) return `second size ${toSize} is smaller than the first ${fromSize}`;
  if (fromSize === toSize) {
    if (proof.length > 0) return 'sizes are equal but the proof is not empty';
    if (!hashesEqual(fromRoot, toRoot)) return 'sizes are equal but the roots differ';
    if (fromSize === 0 && !hashesEqual(fromRoot, EMPTY_ROOT)) return 'the empty tree has another root';
    return undefined;
  }
  if (fromSize === 0) return 'a consistency proof from the empty tree is not defined';
  if (proof.length === 0) return 'consistency proof is empty';
  const bad = badHash('proof', proof);
  if (bad) return bad;
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return 'consistency proof is too long';
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!isOdd(fn)) {
        do {
          fn = half(fn);
          sn = half(sn);
        } while (!isOdd(fn) && fn !== 0);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return 'consistency proof is too short';
  if (!hashesEqual(fr, fromRoot)) return 'consistency proof does not lead to the first root';
  if (!hashesEqual(sr, toRoot)) return 'consistency proof does not lead to the second root';
  return undefined;
}

/** Throws `ProofVerificationError` unless the proof shows the tree of `toSize` extends the one of `fromSize`. */
export function verifyConsistency(...args: Parameters<typeof checkConsistency>): void {
  const reason = checkConsistency(...args);
  if (reason !== undefined) throw new ProofVerificationError(reason);
}

/** Boolean forms, for callers that only need the verdict. */
export const isValidInclusion = (...args: Parameters<typeof checkInclusion>): boolean => checkInclusion(...args) === undefined;
export const isValidConsistency = (...args: Parameters<typeof checkConsistency>): boolean => checkConsistency(...args) === undefined;
