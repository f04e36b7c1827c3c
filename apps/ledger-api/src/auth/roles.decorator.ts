import { SetMetadata } from '@nestjs/common';
import type { Role } from '@ledger/domain';

export const ROLES_KEY = 'ledger:roles';
export const PUBLIC_KEY = 'ledger:public';

/**
 * The roles allowed on a route or controller (the route's list wins over the controller's).
 * `admin` is always allowed. A route without `@Roles` is open to every authenticated role.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
