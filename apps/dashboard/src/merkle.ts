/**
 * RFC 6962 / RFC 9162 inclusion proofs, checked in the browser with WebCrypto (ADR 0064):
 * leaf = SHA-256(0x00 || leaf bytes), node = SHA-256(0x01 || left || right). The verifier is
 * RFC 9162 §2.1.3.2, with bigint indices so no tree size is too large.
 */
export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.trim().toLowerCase().replace(/^0x/, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-f]*$/.test(clean)) throw new Error(`not hex: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256(subtle: SubtleCrypto, ...parts: Uint8Array[]): Promise<Uint8Array> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buf = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    buf.set(p, offset);
    offset += p.length;
  }
  return new Uint8Array(await subtle.digest('SHA-256', buf));
}

export function hashLeaf(subtle: SubtleCrypto, leaf: Uint8Array): Promise<Uint8Array> {
  return sha256(subtle, Uint8Array.of(0x00), leaf);
}

export function hashChildren(subtle: SubtleCrypto, left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(subtle, Uint8Array.of(0x01), left, right);
}

export interface InclusionCheck {
  readonly ok: boolean;
  /** The root the proof leads to (hex), or undefined when the proof has the wrong shape. */
  readonly computedRoot?: string;
  readonly reason?: string;
}

/** RFC 9162 §2.1.3.2: does `proof` lead from `leafHash` at `leafIndex` to `rootHash` of a tree of `treeSize`? */
export async function verifyInclusion(
  subtle: SubtleCrypto,
  input: {
    leafIndex: bigint;
    treeSize: bigint;
    leafHash: string;
    proof: readonly string[];
    rootHash: string;
  },
): Promise<InclusionCheck> {
  const { leafIndex, treeSize } = input;
  if (leafIndex < 0n || leafIndex >= treeSize) return { ok: false, reason: 'leaf index outside the tree' };
  let fn = leafIndex;
  let sn = treeSize - 1n;
  let r = hexToBytes(input.leafHash);
  for (const hex of input.proof) {
    const p = hexToBytes(hex);
    if (sn === 0n) return { ok: false, reason: 'proof longer than the path' };
    if ((fn & 1n) === 1n || fn === sn) {
      r = await hashChildren(subtle, p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = await hashChildren(subtle, r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  const computedRoot = bytesToHex(r);
  if (sn !== 0n) return { ok: false, computedRoot, reason: 'proof shorter than the path' };
  const ok = computedRoot === input.rootHash.trim().toLowerCase().replace(/^0x/, '');
  return ok ? { ok, computedRoot } : { ok, computedRoot, reason: 'root mismatch' };
}
