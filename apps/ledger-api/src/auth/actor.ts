import type { Actor } from '@ledger/domain';

/** Fastify request decorated by the auth guard. */
export interface AuthenticatedRequest {
  actor?: Actor;
  correlationId?: string;
}

/** True when the actor may act for the whole city (admin, or a city-wide role). */
export function isCityWide(actor: Actor): boolean {
  return actor.role !== 'recorder' || actor.jurisdiction === 'city';
}
