import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@ledger/domain';
import { InvalidTokenError, LEDGER_CONFIG, TokenVerifier, type LedgerConfig } from '@ledger/platform';
import { memoizedReflector } from '../platform/reflector-memo';
import { Problem } from '../problem/problem';
import type { AuthenticatedRequest } from './actor';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/**
 * The global guard: a bearer JWT on every route that is not `@Public()`, then the route's roles.
 * 401 for a missing or bad token, 403 for a role the route does not allow.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifier: TokenVerifier;
  /** Route metadata look-ups memoised per route (ADR 0122). */
  private readonly reflector: Reflector;

  constructor(reflector: Reflector, @Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.reflector = memoizedReflector(reflector);
    this.verifier = new TokenVerifier(config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { headers: Record<string, string | string[] | undefined> }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw Problem.unauthorized('需要身份令牌 · a bearer token is required (Authorization: Bearer <token>)');
    }
    try {
      const claims = await this.verifier.verify(match[1]);
      request.actor = {
        id: claims.sub,
        role: claims.role,
        ...(claims.jurisdiction ? { jurisdiction: claims.jurisdiction } : {}),
      };
    } catch (err) {
      const reason = err instanceof InvalidTokenError ? err.message : 'token invalid';
      throw Problem.unauthorized(`身份令牌无效 · ${reason}`);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const role = request.actor.role;
    if (roles && role !== 'admin' && !roles.includes(role)) {
      throw Problem.forbidden(
        `角色 ${role} 无权执行此操作 · role ${role} may not do this (allowed: admin, ${roles.join(', ')})`,
      );
    }
    return true;
  }
}
