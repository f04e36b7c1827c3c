import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  SignJWT,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { ROLES, type Role } from '@ledger/domain';
import { loadConfig, type LedgerConfig } from './config';

/** What a bearer token says about its holder (DESIGN.md, "Access"). */
export interface TokenClaims {
  /** Who: a person's or a system's id, recorded as `actor.id` on every event. */
  readonly sub: string;
  readonly role: Role;
  /** 'city' or a 6-digit district code; recorders need one, others are city-wide. */
  readonly jurisdiction?: string;
}

export interface MintTokenOptions {
  readonly role: Role;
  readonly jurisdiction?: string;
  readonly sub?: string;
  /** Lifetime: seconds, or a span like '8h', '30m', '7d'. Default '8h'. */
  readonly ttl?: string | number;
}

export const JWT_ISSUER = 'group-lifecycle-ledger';
export const JWT_AUDIENCE = 'ledger-api';
export const JWT_SECRET_FILE = 'jwt-secret';

/** A token was missing, malformed, expired, not yet valid or carried bad claims. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

const DISTRICT = /^\d{6}$/;
const TTL = /^(\d+)\s*(s|m|h|d|w)$/;

/** Checks role/jurisdiction consistency; throws an Error naming what is wrong. */
export function checkClaims(role: unknown, jurisdiction: unknown): { role: Role; jurisdiction?: string } {
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new InvalidTokenError(`role must be one of ${ROLES.join(', ')}`);
  }
  if (
    jurisdiction !== undefined &&
    (typeof jurisdiction !== 'string' || (jurisdiction !== 'city' && !DISTRICT.test(jurisdiction)))
  ) {
    throw new InvalidTokenError("jurisdiction must be 'city' or a 6-digit district code");
  }
  if (role === 'recorder' && jurisdiction === undefined) {
    throw new InvalidTokenError("a recorder needs a jurisdiction ('city' or a district code)");
  }
  return { role: role as Role, jurisdiction: jurisdiction as string | undefined };
}

/**
 * The HS256 secret: LEDGER_JWT_SECRET, or `<dataDir>/jwt-secret`, generated (32 random bytes,
 * mode 0600) on first use. Creation uses O_EXCL so two processes starting together agree.
 */
export function resolveJwtSecret(config: Pick<LedgerConfig, 'jwtSecret' | 'dataDir'>): Uint8Array {
  if (config.jwtSecret) return new TextEncoder().encode(config.jwtSecret);
  const file = path.join(config.dataDir, JWT_SECRET_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds a secret shorter than 32 characters`);
  return new TextEncoder().encode(secret);
}

type SecretSource = string | Uint8Array | Pick<LedgerConfig, 'jwtSecret' | 'dataDir'>;

function secretOf(source: SecretSource): Uint8Array {
  if (typeof source === 'string') return new TextEncoder().encode(source);
  if (source instanceof Uint8Array) return source;
  return resolveJwtSecret(source);
}

/**
 * Mints an HS256 token. `secret`: the secret itself, or a config (LEDGER_JWT_SECRET or the data
 * dir's generated secret); default: the configuration read from the environment.
 */
export async function mintToken(options: MintTokenOptions, secret?: SecretSource): Promise<string> {
  const { role, jurisdiction } = checkClaims(options.role, options.jurisdiction);
  const ttl = options.ttl ?? '8h';
  if (typeof ttl === 'number' ? !(Number.isInteger(ttl) && ttl > 0) : !TTL.test(ttl)) {
    throw new InvalidTokenError(`ttl must be seconds or a span like 8h, 30m, 7d (got ${String(ttl)})`);
  }
  const key = secretOf(secret ?? loadConfig(process.env));
  const sub =
    options.sub ?? `local-${role}${jurisdiction && jurisdiction !== 'city' ? `-${jurisdiction}` : ''}`;
  const claims: JWTPayload = { role, ...(jurisdiction ? { jurisdiction } : {}) };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(typeof ttl === 'number' ? `${ttl}s` : ttl.replace(/\s+/g, ''))
    .sign(key);
}

/** Verifies bearer tokens: HS256 with the configured secret, or (when configured) the JWKS's keys. */
export class TokenVerifier {
  private readonly secret: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  /**
   * Tokens already verified → their claims, until the token expires: a session sends the same
   * token with every request, and the signature check (WebCrypto jobs) was the largest cost of a
   * request in the benchmarks (docs/benchmarks.md). Bounded; the oldest entry goes first.
   */
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAtMs: number }>();
  private static readonly MAX_CACHED = 10_000;

  constructor(config: Pick<LedgerConfig, 'jwtSecret' | 'dataDir' | 'jwksUrl'>) {
    this.secret = resolveJwtSecret(config);
    if (config.jwksUrl) this.jwks = createRemoteJWKSet(new URL(config.jwksUrl));
  }

  async verify(token: string): Promise<TokenClaims> {
    const cached = this.verified.get(token);
    if (cached) {
      if (Date.now() < cached.expiresAtMs) return cached.claims;
      this.verified.delete(token);
    }
    let payload: JWTPayload;
    try {
      const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
        alg?: unknown;
      };
      if (header.alg === 'HS256') {
        ({ payload } = await jwtVerify(token, this.secret, {
          algorithms: ['HS256'],
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
        }));
      } else if (this.jwks) {
        ({ payload } = await jwtVerify(token, this.jwks, {
          algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'],
        }));
      } else {
        throw new InvalidTokenError(`unsupported token algorithm ${String(header.alg)}`);
      }
    } catch (err) {
      if (err instanceof InvalidTokenError) throw err;
      if (err instanceof joseErrors.JWTExpired) throw new InvalidTokenError('token expired');
      if (err instanceof joseErrors.JWTClaimValidationFailed)
        throw new InvalidTokenError(`token claim "${err.claim}" invalid: ${err.reason}`);
      throw new InvalidTokenError('token invalid');
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 200) {
      throw new InvalidTokenError('token has no subject');
    }
    if (payload.exp === undefined) throw new InvalidTokenError('token has no expiry');
    const { role, jurisdiction } = checkClaims(payload.role, payload.jurisdiction);
    const claims: TokenClaims = { sub: payload.sub, role, ...(jurisdiction ? { jurisdiction } : {}) };
    if (this.verified.size >= TokenVerifier.MAX_CACHED)
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { claims, expiresAtMs: payload.exp * 1000 });
    return claims;
  }
}
