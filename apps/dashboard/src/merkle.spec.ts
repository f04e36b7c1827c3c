import { bytesToHex, hashChildren, hashLeaf, hexToBytes, verifyInclusion } from './merkle';

const subtle = globalThis.crypto.subtle;
const enc = new TextEncoder();

/** RFC 6962 §2.1 reference: MTH and PATH, written straight from the definitions. */
async function mth(leaves: Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 1) return hashLeaf(subtle, leaves[0]);
  const k = largestPowerOfTwoBelow(leaves.length);
  return hashChildren(subtle, await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}
async function path(m: number, leaves: Uint8Array[]): Promise<Uint8Array[]> {
  if (leaves.length === 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k
    ? [...(await path(m, leaves.slice(0, k))), await mth(leaves.slice(k))]
    : [...(await path(m - k, leaves.slice(k))), await mth(leaves.slice(0, k))];
}
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

describe('RFC 6962 inclusion proofs checked with WebCrypto', () => {
  const leaves = Array.from({ length: 13 }, (_, i) => enc.encode(`event-${i}`));

  it('hashes the empty leaf like RFC 6962 (SHA-256 of 0x00)', async () => {
    expect(bytesToHex(await hashLeaf(subtle, new Uint8Array()))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
  });

  it('accepts every honest proof of every leaf in trees of 1 to 13 leaves', async () => {
    for (let size = 1; size <= leaves.length; size++) {
      const tree = leaves.slice(0, size);
      const root = bytesToHex(await mth(tree));
      for (let i = 0; i < size; i++) {
        const proof = (await path(i, tree)).map(bytesToHex);
        const leafHash = bytesToHex(await hashLeaf(subtle, tree[i]));
        const check = await verifyInclusion(subtle, {
          leafIndex: BigInt(i),
          treeSize: BigInt(size),
          leafHash,
          proof,
          rootHash: root,
        });
        expect({ size, i, ok: check.ok }).toEqual({ size, i, ok: true });
      }
    }
  });

  describe('when anything is changed', () => {
    let base: { leafIndex: bigint; treeSize: bigint; leafHash: string; proof: string[]; rootHash: string };
    beforeAll(async () => {
      const root = bytesToHex(await mth(leaves));
      base = {
        leafIndex: 5n,
        treeSize: BigInt(leaves.length),
        leafHash: bytesToHex(await hashLeaf(subtle, leaves[5])),
        proof: (await path(5, leaves)).map(bytesToHex),
        rootHash: root,
      };
      expect((await verifyInclusion(subtle, base)).ok).toBe(true);
    });

    it('rejects another leaf', async () => {
      const leafHash = bytesToHex(await hashLeaf(subtle, enc.encode('forged')));
      expect((await verifyInclusion(subtle, { ...base, leafHash })).ok).toBe(false);
    });
    it('rejects a wrong index', async () => {
      expect((await verifyInclusion(subtle, { ...base, leafIndex: 4n })).ok).toBe(false);
    });
    it('rejects a tampered proof hash', async () => {
      const proof = [...base.proof];
      proof[1] = proof[1].replace(/^./, (c) => (c === '0' ? '1' : '0'));
      expect((await verifyInclusion(subtle, { ...base, proof })).ok).toBe(false);
    });
    it('rejects a truncated or padded proof', async () => {
      expect((await verifyInclusion(subtle, { ...base, proof: base.proof.slice(1) })).ok).toBe(false);
      expect((await verifyInclusion(subtle, { ...base, proof: [...base.proof, base.proof[0]] })).ok).toBe(
        false,
      );
    });
    it('rejects an index outside the tree', async () => {
      const check = await verifyInclusion(subtle, { ...base, leafIndex: 13n });
      expect(check).toEqual({ ok: false, reason: 'leaf index outside the tree' });
    });
  });

  it('reads and writes hex both ways and refuses what is not hex', () => {
    expect(bytesToHex(hexToBytes('00ff10'))).toBe('00ff10');
    expect(() => hexToBytes('xyz')).toThrow('not hex');
  });
});
