import type { SchoolEvent } from './school/school.events';
import type { GroupEvent } from './group/group.events';
import type { CooperationEvent } from './cooperation/cooperation.events';
import type { CommonEvent } from './common/common.events';

export type * from './school/school.events';
export type * from './group/group.events';
export type * from './cooperation/cooperation.events';
export type * from './common/common.events';

/** Every event of the catalogue (DESIGN.md). Type strings are stored contracts: never rename. */
export type LedgerEvent = SchoolEvent | GroupEvent | CooperationEvent | CommonEvent;
export type LedgerEventType = LedgerEvent['type'];
