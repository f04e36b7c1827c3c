import type { RecordedDomainEvent } from '../../shared/envelope';
import type { Authority, CooperationMode, DocumentRef, IsoDay, Stage, SubjectType } from '../../shared/terms';
import type { LedgerView } from '../../views/ledger-view';
import { foldLedger } from '../../views/ledger-view';

/**
 * A tiny history builder for rule and view specs: readable given-histories as
 * `RecordedDomainEvent[]` with positions 1, 2, 3, … and deterministic ids (`e1`, `e2`, …).
 * (Part A's scenario builder in libs/domain/src/testing serves the demo and decider specs.)
 */

export const CITY_BUREAU: Authority = { kind: 'CITY_BUREAU' };
export const CITY_GOVERNMENT: Authority = { kind: 'CITY_GOVERNMENT' };
export const districtBureau = (districtCode: string): Authority => ({ kind: 'DISTRICT_BUREAU', districtCode });
export const districtGovernment = (districtCode: string): Authority => ({ kind: 'DISTRICT_GOVERNMENT', districtCode });

export const doc = (kind: DocumentRef['kind'], n = 1): DocumentRef => ({ kind, sha256: n.toString(16).padStart(64, '0') });
export const SIX_DOCUMENTS: DocumentRef[] = (['OFFICIAL_LETTER', 'CONTRACT_DRAFT', 'SIGNING_BASIS', 'APPROVAL_DOCUMENT', 'EXPLANATION', 'BACKGROUND'] as const).map(
  (k, i) => doc(k, i + 1),
);

export interface SchoolSpec {
  name?: string;
  stages?: Stage[];
  ownership?: 'PUBLIC' | 'PRIVATE';
  administration?: 'CITY_DIRECT' | 'DISTRICT';
  districtCode?: string;
  inChangsha?: boolean;
  sinoForeign?: boolean;
}

export class History {
  readonly events: RecordedDomainEvent[] = [];
  private readonly revisions = new Map<string, number>();
  private nextId = 1;
  private readonly schools = new Map<string, Required<SchoolSpec>>();

  /** Append any event to a subject's stream; returns its event id. */
  record(subject: SubjectType, id: string, type: string, data: Record<string, unknown>, on: IsoDay, recordedAt?: string): string {
    const streamId = `${subject}-${id}`;
    const revision = this.revisions.get(streamId) ?? -1;
    this.revisions.set(streamId, revision + 1);
    const eventId = `e${this.nextId++}`;
    this.events.push({
      eventId,
      streamId,
      revision: BigInt(revision + 1),
      position: BigInt(this.events.length + 1),
      type,
      data,
      metadata: {
        schemaVersion: 1,
        occurredOn: on,
        recordedAt: recordedAt ?? `${on}T12:00:00.000Z`,
        actor: { id: 'recorder-1', role: 'recorder', jurisdiction: 'city' },
        correlationId: eventId,
      },
    });
    return eventId;
  }

  school(schoolId: string, spec: SchoolSpec = {}, on: IsoDay = '2020-01-01'): string {
    const full: Required<SchoolSpec> = {
      name: spec.name ?? `学校${schoolId}`,
      stages: spec.stages ?? ['JUNIOR', 'SENIOR'],
      ownership: spec.ownership ?? 'PUBLIC',
      administration: spec.administration ?? 'DISTRICT',
      districtCode: spec.districtCode ?? '430104',
      inChangsha: spec.inChangsha ?? true,
      sinoForeign: spec.sinoForeign ?? false,
    };
    this.schools.set(schoolId, full);
    return this.record('school', schoolId, 'SchoolRegistered', { schoolId, ...full }, on);
  }

  /** The approvals (and applicants) that satisfy R02 for this lead and partner. */
  private approvalsFor(lead: string, partner: string): { authority: Authority; applicants: unknown[] }[] {
    const l = this.schools.get(lead);
    const p = this.schools.get(partner);
    if (!l || !p) return [{ authority: CITY_BUREAU, applicants: [{ schoolId: lead }] }];
    if (p.ownership === 'PRIVATE' || !p.inChangsha || p.sinoForeign || l.sinoForeign) {
      return [
        { authority: CITY_BUREAU, applicants: [{ schoolId: lead }] },
        { authority: CITY_GOVERNMENT, applicants: [{ schoolId: lead }] },
      ];
    }
    if (l.administration === 'DISTRICT') return [{ authority: districtBureau(l.districtCode), applicants: [{ schoolId: lead }] }];
    if (p.administration === 'CITY_DIRECT') return [{ authority: CITY_BUREAU, applicants: [{ schoolId: lead }] }];
    return [{ authority: CITY_BUREAU, applicants: [{ schoolId: lead }, { authority: districtGovernment(p.districtCode) }] }];
  }

  group(groupId: string, leadSchoolId: string, on: IsoDay, spunOffFrom?: { groupId: string; leadSchoolId: string }): string {
    return this.record('group', groupId, 'GroupFormed', { groupId, name: `集团${groupId}`, leadSchoolId, spunOffFrom }, on);
  }

  groupEvent(groupId: string, type: string, data: Record<string, unknown>, on: IsoDay): string {
    return this.record('group', groupId, type, { groupId, ...data }, on);
  }

  schoolEvent(schoolId: string, type: string, data: Record<string, unknown>, on: IsoDay): string {
    return this.record('school', schoolId, type, { schoolId, ...data }, on);
  }

  propose(cooperationId: string, groupId: string, leadSchoolId: string, partnerSchoolId: string, on: IsoDay, mode: CooperationMode = 'PAIRED_ASSISTANCE'): string {
    return this.record('cooperation', cooperationId, 'CooperationProposed', { cooperationId, groupId, leadSchoolId, partnerSchoolId, mode }, on);
  }

  coop(cooperationId: string, type: string, data: Record<string, unknown>, on: IsoDay, recordedAt?: string): string {
    return this.record('cooperation', cooperationId, type, { cooperationId, ...data }, on, recordedAt);
  }

  approve(cooperationId: string, authority: Authority, on: IsoDay, applicants: unknown[] = []): string {
    return this.coop(cooperationId, 'ApprovalGranted', { authority, documentNo: `批${on}`, applicants }, on);
  }

  sign(cooperationId: string, on: IsoDay, termStart: IsoDay, termEnd: IsoDay): string {
    return this.coop(cooperationId, 'ContractSigned', { contract: doc('CONTRACT', 99), termStart, termEnd }, on);
  }

  admit(cooperationId: string, on: IsoDay): string {
    return this.coop(cooperationId, 'PartnerAdmitted', {}, on);
  }

  exit(cooperationId: string, on: IsoDay, reason = 'EXPIRY'): string {
    return this.coop(cooperationId, 'PartnerExited', { reason }, on);
  }

  /**
   * A by-the-book cooperation: consent, the approvals R02 requires, complete draft, review,
   * signature and admission, all on `on` (term 3 years unless given).
   */
  cooperate(
    cooperationId: string,
    groupId: string,
    lead: string,
    partner: string,
    on: IsoDay,
    opts: { mode?: CooperationMode; termEnd?: IsoDay; approvals?: Authority[] } = {},
  ): string {
    this.propose(cooperationId, groupId, lead, partner, on, opts.mode);
    this.coop(cooperationId, 'NegotiationConsentGranted', { authority: CITY_BUREAU, documentNo: `同意${on}` }, on);
    const approvals = opts.approvals ? opts.approvals.map((authority) => ({ authority, applicants: [{ schoolId: lead }] })) : this.approvalsFor(lead, partner);
    for (const a of approvals) this.approve(cooperationId, a.authority, on, a.applicants);
    this.coop(cooperationId, 'ContractDraftSubmitted', { documents: SIX_DOCUMENTS }, on);
    this.coop(cooperationId, 'ContractReviewApproved', { documentNo: `审${on}` }, on);
    this.sign(cooperationId, on, on, opts.termEnd ?? addYearsNaive(on, 3));
    return this.admit(cooperationId, on);
  }

  view(): LedgerView {
    return foldLedger(this.events);
  }
}

function addYearsNaive(day: IsoDay, years: number): IsoDay {
  return `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;
}

export function history(): History {
  return new History();
}
