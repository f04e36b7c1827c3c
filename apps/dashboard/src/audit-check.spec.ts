import { eventLeafHash, verifyCheckpointSignature } from './audit-check';
import { bytesToHex } from './merkle';

const subtle = globalThis.crypto.subtle;

describe('the leaf of an event, recomputed in the browser', () => {
  const event = {
    eventId: '3aeccf6e-1749-4747-ba23-cc03f1087a2c',
    streamId: 'school-4301999001',
    revision: '0',
    type: 'SchoolRegistered',
    data: { schoolId: '4301999001', name: '测试学校', stages: ['PRIMARY'], inChangsha: true, quota: 1.5 },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2026-11-20',
      recordedAt: '2026-11-27T03:10:56.123Z',
      actor: { id: 'a', role: 'recorder', jurisdiction: 'city' },
      correlationId: 'c',
    },
  };

  it('equals the hash libs/audit commits to (golden value from eventLeafHash in libs/audit/src/leaf.ts)', async () => {
    expect(await eventLeafHash(subtle, event)).toBe(
      'c07de068a238ac88dbf23041c9859e9cc0d88f0c4a8fc6874d068c46e2cd0f86',
    );
  });

  it('changes when a byte of the data changes', async () => {
    expect(await eventLeafHash(subtle, { ...event, data: { ...event.data, name: '测试学校2' } })).not.toBe(
      'c07de068a238ac88dbf23041c9859e9cc0d88f0c4a8fc6874d068c46e2cd0f86',
    );
  });
});

describe('the checkpoint signature, checked with WebCrypto Ed25519', () => {
  const enc = new TextEncoder();
  let raw: string;
  let keyId: string;
  let signed: { treeSize: number; rootHash: string; timestamp: string; signature: string; keyId: string };

  beforeAll(async () => {
    const pair = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const rawKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
    raw = btoa(String.fromCharCode(...rawKey));
    keyId = bytesToHex(new Uint8Array(await subtle.digest('SHA-256', rawKey)));
    const body = { treeSize: 42, rootHash: 'ab'.repeat(32), timestamp: '2026-11-27T03:10:56.000Z' };
    // RFC 8785 order: keys sorted.
    const message = enc.encode(
      `{"rootHash":"${body.rootHash}","timestamp":"${body.timestamp}","treeSize":42}`,
    );
    const sig = new Uint8Array(await subtle.sign({ name: 'Ed25519' }, pair.privateKey, message));
    signed = { ...body, signature: btoa(String.fromCharCode(...sig)), keyId };
  });

  it('accepts the signed checkpoint', async () => {
    expect(await verifyCheckpointSignature(subtle, signed, raw)).toBe('valid');
  });
  it('refuses a checkpoint whose tree size was changed', async () => {
    expect(await verifyCheckpointSignature(subtle, { ...signed, treeSize: 43 }, raw)).toBe('invalid');
  });
  it('refuses a public key that is not the one the checkpoint names', async () => {
    expect(await verifyCheckpointSignature(subtle, { ...signed, keyId: '00'.repeat(32) }, raw)).toBe(
      'key-mismatch',
    );
  });
});
