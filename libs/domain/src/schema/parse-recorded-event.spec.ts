import { LEDGER_EVENT_TYPES, SCHEMA_VERSIONS, EVENT_DATA_SCHEMAS } from './event-schemas';
import { MalformedEventError, checkEventData, parseRecordedEvent, type StoredEventLike } from './parse-recorded-event';

const metadata = {
  schemaVersion: 1,
  occurredOn: '2021-03-01',
  recordedAt: '2021-03-01T08:00:00.000Z',
  actor: { id: 'recorder-1', role: 'recorder', jurisdiction: 'city' },
  correlationId: 'corr-1',
};
const stored = (type: string, data: unknown, meta: unknown = metadata): StoredEventLike => ({
  eventId: 'e-42',
  streamId: 'cooperation-c1',
  revision: 3n,
  position: 42n,
  type,
  data,
  metadata: meta,
});
const signed = { cooperationId: 'c1', contract: { kind: 'CONTRACT', sha256: 'ab'.repeat(32) }, termStart: '2021-04-01', termEnd: '2024-03-31' };

function malformed(s: StoredEventLike): MalformedEventError {
  try {
    parseRecordedEvent(s);
  } catch (e) {
    if (e instanceof MalformedEventError) return e;
    throw e;
  }
  throw new Error('expected a MalformedEventError');
}

describe('event schemas', () => {
  it('cover every event type of the catalogue, all at version 1', () => {
    expect(LEDGER_EVENT_TYPES).toHaveLength(30);
    expect(new Set(Object.values(SCHEMA_VERSIONS))).toEqual(new Set([1]));
    expect(Object.keys(EVENT_DATA_SCHEMAS)).toEqual(LEDGER_EVENT_TYPES);
  });

  describe('when a stored event is well formed', () => {
    it('is returned as a RecordedDomainEvent with its store coordinates', () => {
      const e = parseRecordedEvent(stored('ContractSigned', signed, { ...metadata, requestHash: 'h', route: 'POST /x' }));
      expect(e).toEqual({ eventId: 'e-42', streamId: 'cooperation-c1', revision: 3n, position: 42n, type: 'ContractSigned', data: signed, metadata });
    });
  });

  describe('when a stored event is malformed', () => {
    it('reports the position, the type and the bad field (Feb 30 is not a day)', () => {
      const err = malformed(stored('ContractSigned', { ...signed, termEnd: '2024-02-30' }));
      expect(err.position).toBe(42n);
      expect(err.type).toBe('ContractSigned');
      expect(err.fields).toEqual(['data.termEnd']);
      expect(err.message).toMatch(/position 42 \(ContractSigned/);
    });

    it('accepts Feb 29 of a leap year and refuses it in 2023', () => {
      expect(parseRecordedEvent(stored('ContractSigned', { ...signed, termEnd: '2024-02-29' })).data).toMatchObject({ termEnd: '2024-02-29' });
      expect(malformed(stored('ContractSigned', { ...signed, termEnd: '2023-02-29' })).fields).toEqual(['data.termEnd']);
    });

    it('names every bad field at once', () => {
      const err = malformed(
        stored('SchoolRegistered', {
          schoolId: '43010', // not 10 digits
          name: '',
          stages: ['HIGH'],
          ownership: 'PUBLIC',
          administration: 'DISTRICT',
          districtCode: '4301041',
          inChangsha: 'yes',
          sinoForeign: false,
          extra: 1,
        }),
      );
      expect(err.fields).toEqual(['data.schoolId', 'data.name', 'data.stages[0]', 'data.districtCode', 'data.inChangsha', 'data.extra']);
    });

    it('refuses an unknown type', () => {
      expect(malformed(stored('PartnerTeleported', {})).fields).toEqual(['type']);
    });

    it('refuses a bad envelope: no occurredOn, a recordedAt without Z, an unknown role', () => {
      const err = malformed(stored('PartnerAdmitted', { cooperationId: 'c1' }, { ...metadata, occurredOn: undefined, recordedAt: '2021-03-01T08:00:00', actor: { id: 'x', role: 'root' } }));
      expect(err.fields).toEqual(['metadata.occurredOn', 'metadata.recordedAt', 'metadata.actor.role']);
    });

    it.each([
      ['a digest that is not lower-case hex', 'ContractDraftSubmitted', { cooperationId: 'c1', documents: [{ kind: 'CONTRACT_DRAFT', sha256: 'AB'.repeat(32) }] }, 'data.documents[0].sha256'],
      ['a fee in yuan with cents', 'CooperationFeeCharged', { cooperationId: 'c1', amountFen: 99.5 }, 'data.amountFen'],
      ['a negative fee', 'CooperationFeeCharged', { cooperationId: 'c1', amountFen: -100 }, 'data.amountFen'],
      ['a district authority without its code', 'NegotiationConsentGranted', { cooperationId: 'c1', authority: { kind: 'DISTRICT_BUREAU' }, documentNo: 'x' }, 'data.authority.districtCode'],
      ['an OTHER authority without a name', 'TerminationNoticeFiled', { cooperationId: 'c1', recipients: [{ kind: 'OTHER' }], plan: { kind: 'TERMINATION_PLAN', sha256: 'a'.repeat(64) } }, 'data.recipients[0].name'],
      ['an unknown brand element', 'BrandWithdrawn', { schoolId: '4301040001', brandOwnerSchoolId: '4301030002', elements: ['MOTTO'] }, 'data.elements[0]'],
      ['an empty element list', 'BrandWithdrawn', { schoolId: '4301040001', brandOwnerSchoolId: '4301030002', elements: [] }, 'data.elements'],
      ['an applicant that is neither school nor authority', 'ApprovalGranted', { cooperationId: 'c1', authority: { kind: 'CITY_BUREAU' }, documentNo: 'x', applicants: [{ person: 'x' }] }, 'data.applicants[0]'],
      ['an unknown exit reason', 'PartnerExited', { cooperationId: 'c1', reason: 'BORED' }, 'data.reason'],
      ['a quota that is not an integer', 'DirectPromotionPlanPublished', { groupId: 'g1', enrolmentYear: 2022, quota: '40' }, 'data.quota'],
    ])('refuses %s', (_what, type, data, field) => {
      expect(malformed(stored(type, data)).fields).toEqual([field]);
    });

    it('refuses data written by a newer schema version', () => {
      expect(malformed(stored('PartnerAdmitted', { cooperationId: 'c1' }, { ...metadata, schemaVersion: 2 })).fields).toEqual(['metadata.schemaVersion']);
    });
  });

  describe('when a stored event has an older schema version', () => {
    // Pretend SchoolRegistered is at version 2 now, and version 1 had a single `stage`.
    const v1 = { schoolId: '4301040001', name: '某小学', stage: 'PRIMARY', ownership: 'PUBLIC', administration: 'DISTRICT', districtCode: '430104', inChangsha: true, sinoForeign: false };
    const options = {
      schemaVersions: { SchoolRegistered: 2 },
      upcasters: { SchoolRegistered: { 1: (d: unknown) => { const { stage, ...rest } = d as typeof v1; return { ...rest, stages: [stage] }; } } },
    };

    it('applies the upcaster on read and reports the current version', () => {
      const e = parseRecordedEvent(stored('SchoolRegistered', v1), options);
      expect(e.data).toMatchObject({ stages: ['PRIMARY'] });
      expect(e.data).not.toHaveProperty('stage');
      expect(e.metadata.schemaVersion).toBe(2);
    });

    it('reports a missing upcaster as malformed', () => {
      const err = malformed({ ...stored('SchoolRegistered', v1) });
      expect(err.fields).toEqual(['data.stages', 'data.stage']);
      expect(() => parseRecordedEvent(stored('SchoolRegistered', v1), { schemaVersions: { SchoolRegistered: 2 }, upcasters: {} })).toThrow(/no upcaster for SchoolRegistered from version 1/);
    });
  });

  it('checkEventData answers the issues of one event\'s data', () => {
    expect(checkEventData('PartnerAdmitted', { cooperationId: 'c1' })).toEqual([]);
    expect(checkEventData('PartnerAdmitted', {})).toEqual([{ path: 'data.cooperationId', message: 'is required' }]);
  });
});
