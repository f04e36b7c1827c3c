import { leadFootprintAt, schoolAt, type LeadFootprint, type LedgerView, type ViewAt } from '@ledger/domain';
import { entryOf } from '../view-access';

export interface LeadFootprintAnswer extends LeadFootprint {
  readonly leadName: string | null;
}

/** A lead's active partners per district and stage against R04 and R10, or undefined for an unknown school. */
export function leadFootprint(view: LedgerView, schoolId: string, at: ViewAt): LeadFootprintAnswer | undefined {
  const school = schoolAt(view, schoolId, at);
  if (!school && !entryOf(view.index.cooperationsByLead, schoolId)) return undefined;
  return { ...leadFootprintAt(view, schoolId, at), leadName: school?.name ?? null };
}
