import * as fs from 'node:fs';
import * as path from 'node:path';
import { EMPTY_ROOT } from './hash';
import { MerkleFrontier } from './frontier';
import { MemoryMerkleTree } from './memory-tree';
import { isValidConsistency, isValidInclusion, splitPoint } from './merkle';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const bundled = path.join(__dirname, '..', 'testdata', 'rfc6962');
// CI clones the repo with shared/ beside it; the copy inside the repo keeps the test self-sufficient.
const shared = path.resolve(repoRoot, '..', 'shared', 'testdata', 'rfc6962');

interface InclusionCase { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; desc: string; wantErr: boolean }
interface ConsistencyCase { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; desc: string; wantErr: boolean }

function loadCases<T>(dir: string): Array<[string, T]> {
  const out: Array<[string, T]> = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) out.push([path.relative(dir, p), JSON.parse(fs.readFileSync(p, 'utf8')) as T]);
    }
  };
  walk(dir);
  return out.sort(([a], [b]) => a.localeCompare(b));
}

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

// The eight leaves of the README and the roots of their first n (RFC 6962 reference values).
const README_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const README_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

for (const [label, dir] of [
  ['bundled copy', bundled],
  ['shared/ beside the repo', shared],
] as const) {
  const present = fs.existsSync(dir);
  (present ? describe : describe.skip)(`RFC 6962 reference vectors (${label}${present ? '' : ': folder absent, skipped'})`, () => {
    const inclusion = present ? loadCases<InclusionCase>(path.join(dir, 'inclusion')) : [];
    const consistency = present ? loadCases<ConsistencyCase>(path.join(dir, 'consistency')) : [];

    it('has the cases', () => {
      expect(inclusion.length).toBeGreaterThan(50);
      expect(consistency.length).toBeGreaterThan(50);
      expect(inclusion.some(([, c]) => c.wantErr)).toBe(true);
      expect(inclusion.some(([, c]) => !c.wantErr)).toBe(true);
    });

    it.each(inclusion)('inclusion %s', (_file, c) => {
      const ok = isValidInclusion(c.leafIdx, c.treeSize, b64(c.leafHash), (c.proof ?? []).map(b64), b64(c.root));
      expect(ok).toBe(!c.wantErr);
    });

    it.each(consistency)('consistency %s', (_file, c) => {
      const ok = isValidConsistency(c.size1, c.size2, b64(c.root1), b64(c.root2), (c.proof ?? []).map(b64));
      expect(ok).toBe(!c.wantErr);
    });
  });
}

describe('the Merkle Tree Hash', () => {
  it('of the empty tree is SHA-256 of nothing', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new MerkleFrontier().root().equals(EMPTY_ROOT)).toBe(true);
  });

  it.each(README_ROOTS.map((root, i) => [i + 1, root] as const))('of the README leaves, n=%i', (n, root) => {
    const tree = MemoryMerkleTree.fromLeafData(README_LEAVES.slice(0, n).map((h) => Buffer.from(h, 'hex')));
    expect(tree.root().toString('hex')).toBe(root);
    // The same root recomputed from the stored perfect nodes rather than the frontier.
    const big = MemoryMerkleTree.fromLeafData(README_LEAVES.map((h) => Buffer.from(h, 'hex')));
    expect(big.root(n).toString('hex')).toBe(root);
  });

  it('splits at the largest power of two below n, past 2^32 too', () => {
    expect(splitPoint(2)).toBe(1);
    expect(splitPoint(5)).toBe(4);
    expect(splitPoint(8)).toBe(4);
    expect(splitPoint(2 ** 33 + 1)).toBe(2 ** 33);
  });
});

/**
 * Single-bit variants of a hash: all 256 for trees up to FULL_FLIPS leaves; above that one per
 * hash, its position moving with the tree size, the index and the hash's place in the proof, so
 * that across the suite every bit position of every proof slot is hit. Every bit of every hash of
 * every proof up to 64 leaves would be ~8 million verifications (minutes), and this suite must
 * take seconds; a flip anywhere changes one SHA-256 input, so the sample exercises the same paths.
 */
const FULL_FLIPS = 8;
function* bitFlips(h: Buffer, treeSize: number, salt: number): Generator<Buffer> {
  const bitCount = h.length * 8;
  const bits = treeSize <= FULL_FLIPS ? Array.from({ length: bitCount }, (_, b) => b) : [(salt * 37 + treeSize * 11) % bitCount];
  for (const bit of bits) {
    const copy = Buffer.from(h);
    copy[Math.floor(bit / 8)] ^= 1 << bit % 8;
    yield copy;
  }
}

describe('every tree up to 64 leaves', () => {
  const MAX = 64;
  const tree = MemoryMerkleTree.fromLeafData(Array.from({ length: MAX }, (_, i) => Buffer.from(`leaf ${i}`)));
  const roots = Array.from({ length: MAX + 1 }, (_, n) => tree.root(n));

  it('roots from the frontier agree with roots from the perfect nodes', () => {
    const frontier = new MerkleFrontier();
    for (let n = 1; n <= MAX; n++) {
      frontier.append(tree.leafHash(n - 1));
      expect(frontier.root().equals(roots[n])).toBe(true);
    }
  });

  it('every inclusion proof verifies, and single-bit flips of every proof hash, the leaf and the root are rejected', () => {
    let checked = 0;
    for (let n = 1; n <= MAX; n++) {
      for (let m = 0; m < n; m++) {
        const leaf = tree.leafHash(m);
        const proof = tree.inclusionProof(m, n);
        expect(isValidInclusion(m, n, leaf, proof, roots[n])).toBe(true);
        // A proof is for one index and one size only.
        if (n > 1) expect(isValidInclusion((m + 1) % n, n, leaf, proof, roots[n])).toBe(false);
        for (const bad of bitFlips(roots[n], n, m)) if (isValidInclusion(m, n, leaf, proof, bad)) throw new Error(`root flip accepted m=${m} n=${n}`);
        for (const bad of bitFlips(leaf, n, m + 1)) if (isValidInclusion(m, n, bad, proof, roots[n])) throw new Error(`leaf flip accepted m=${m} n=${n}`);
        proof.forEach((p, j) => {
          for (const bad of bitFlips(p, n, m + j + 2)) {
            const tampered = proof.map((q, k) => (k === j ? bad : q));
            if (isValidInclusion(m, n, leaf, tampered, roots[n])) throw new Error(`proof[${j}] flip accepted m=${m} n=${n}`);
          }
        });
        checked++;
      }
    }
    expect(checked).toBe((MAX * (MAX + 1)) / 2);
  });

  it('every consistency proof verifies, and single-bit flips of every proof hash and both roots are rejected', () => {
    let checked = 0;
    for (let n = 1; n <= MAX; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = tree.consistencyProof(m, n);
        expect(isValidConsistency(m, n, roots[m], roots[n], proof)).toBe(true);
        for (const bad of bitFlips(roots[m], n, m + 3)) if (isValidConsistency(m, n, bad, roots[n], proof)) throw new Error(`root1 flip accepted ${m}→${n}`);
        for (const bad of bitFlips(roots[n], n, m)) if (isValidConsistency(m, n, roots[m], bad, proof)) throw new Error(`root2 flip accepted ${m}→${n}`);
        proof.forEach((p, j) => {
          for (const bad of bitFlips(p, n, m + j + 2)) {
            const tampered = proof.map((q, k) => (k === j ? bad : q));
            if (isValidConsistency(m, n, roots[m], roots[n], tampered)) throw new Error(`proof[${j}] flip accepted ${m}→${n}`);
          }
        });
        checked++;
      }
    }
    expect(checked).toBe((MAX * (MAX + 1)) / 2);
  });
});
