/**
 * Ed25519 signed checkpoints (node:crypto). A checkpoint commits to `{ treeSize, rootHash,
 * timestamp }`; the signature covers the RFC 8785 canonical JSON of exactly those three fields
 * (rootHash in lowercase hex), so any JSON tool can rebuild the signed bytes.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalJson } from './leaf';

export interface CheckpointBody {
  readonly treeSize: number;
  /** Hex SHA-256 root of the first `treeSize` leaves. */
  readonly rootHash: string;
  /** ISO instant at which the ledger signed it. */
  readonly timestamp: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Base64 Ed25519 signature over `checkpointSigningBytes(body)`. */
  readonly signature: string;
  /** Hex SHA-256 of the raw 32-byte public key: names the key that signed. */
  readonly keyId: string;
}

export interface PublicKeyInfo {
  readonly pem: string;
  /** The raw 32-byte Ed25519 public key, base64. */
  readonly raw: string;
  readonly keyId: string;
  readonly algorithm: 'Ed25519';
}

export function checkpointSigningBytes(body: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson({ treeSize: body.treeSize, rootHash: body.rootHash, timestamp: body.timestamp }), 'utf8');
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key · 不是 Ed25519 密钥');
  return Buffer.from(jwk.x, 'base64url');
}

export function publicKeyInfo(publicKey: KeyObject): PublicKeyInfo {
  const raw = rawPublicKey(publicKey);
  return {
    pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    raw: raw.toString('base64'),
    keyId: createHash('sha256').update(raw).digest('hex'),
    algorithm: 'Ed25519',
  };
}

/** A public key from its raw 32-byte form (base64), as audit packages carry it. */
export function publicKeyFromRaw(rawBase64: string): KeyObject {
  const raw = Buffer.from(rawBase64, 'base64');
  if (raw.length !== 32) throw new Error(`an Ed25519 public key is 32 bytes, got ${raw.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  rawPublicKey(key);
  return key;
}

export class CheckpointSigner {
  readonly publicKey: KeyObject;
  readonly info: PublicKeyInfo;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the audit signing key must be Ed25519 · 审计签名密钥须为 Ed25519');
    this.publicKey = createPublicKey(privateKey);
    this.info = publicKeyInfo(this.publicKey);
  }

  sign(body: CheckpointBody): SignedCheckpoint {
    const signature = sign(null, checkpointSigningBytes(body), this.privateKey).toString('base64');
    return { treeSize: body.treeSize, rootHash: body.rootHash, timestamp: body.timestamp, signature, keyId: this.info.keyId };
  }
}

/** Whether `checkpoint.signature` is a valid Ed25519 signature by `publicKey` over its body. */
export function verifyCheckpointSignature(checkpoint: SignedCheckpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, checkpointSigningBytes(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

export const SIGNING_KEY_FILE = 'audit-ed25519.pem';

/**
 * The signing key: the configured PEM when given, else `<dataDir>/audit-ed25519.pem`, generated
 * (mode 0600) when absent.
 */
export function loadOrCreateSigningKey(options: { dataDir: string; pem?: string }): CheckpointSigner {
  if (options.pem !== undefined) return new CheckpointSigner(createPrivateKey(options.pem));
  const file = path.join(options.dataDir, SIGNING_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    try {
      fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return new CheckpointSigner(createPrivateKey(fs.readFileSync(file, 'utf8')));
}

/** The public half of the key in the data dir, if there is one (used by the CLI's verify). */
export function readPublicKeyFromDataDir(dataDir: string): KeyObject | undefined {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  if (!fs.existsSync(file)) return undefined;
  return createPublicKey(createPrivateKey(fs.readFileSync(file, 'utf8')));
}
