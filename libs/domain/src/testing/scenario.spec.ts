import { DomainError } from '../shared/domain-error';
import { CITY_BUREAU, CITY_GOVERNMENT, XIANGTAN_YUHU, YALI, CHANGJUN } from './changsha-schools';
import { deterministicUuid, scenario } from './scenario';

const P1 = '4303020001';

describe('scenario builder', () => {
  describe('when Yali entrusts a private primary school outside Changsha and signs before the review', () => {
    const s = scenario()
      .school(YALI)
      .school(P1, { name: '湘潭市雨湖区某民办小学', ownership: 'PRIVATE', stages: ['PRIMARY'], districtCode: XIANGTAN_YUHU })
      .on('2021-03-01')
      .formsGroup(YALI)
      .proposes(P1, { mode: 'ENTRUSTED_MANAGEMENT' })
      .consent()
      .approval(CITY_BUREAU)
      .on('2021-04-01')
      .signs({ years: 3 })
      .admits();
    const events = s.events();

    it('records every step through the deciders, with positions, revisions and deterministic ids', () => {
      expect(events.map((e) => e.type)).toEqual([
        'SchoolRegistered',
        'SchoolRegistered',
        'GroupFormed',
        'CooperationProposed',
        'NegotiationConsentGranted',
        'ApprovalGranted',
        'ContractSigned',
        'PartnerAdmitted',
      ]);
      expect(events.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);
      expect(s.stream('cooperation-c1').map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      expect(events[0].eventId).toBe(deterministicUuid(0, 1));
      expect(events[0].eventId).toMatch(/^[0-9a-f]{8}-0000-4000-8000-[0-9a-f]{12}$/);
    });

    it('fills the profiles: a well-known school by id, an outside-city school from its district code', () => {
      expect(events[0].data).toMatchObject({ name: '雅礼中学', administration: 'CITY_DIRECT', inChangsha: true });
      expect(events[1].data).toMatchObject({ ownership: 'PRIVATE', inChangsha: false, districtCode: XIANGTAN_YUHU });
    });

    it('dates the events by .on() and records them at 08:00Z the same day', () => {
      expect(events[2].metadata).toMatchObject({ occurredOn: '2021-03-01', recordedAt: '2021-03-01T08:00:00.000Z', schemaVersion: 1 });
      expect(events[6].data).toMatchObject({ termStart: '2021-04-01', termEnd: '2024-04-01' });
    });

    it('is the same history every time it is built', () => {
      const again = scenario().school(YALI).events();
      expect(again[0].eventId).toBe(events[0].eventId);
    });
  });

  describe('when an event is recorded late', () => {
    const s = scenario().school(YALI).school(P1).on('2023-09-01').formsGroup(YALI).proposes(P1).on('2023-09-01').recorded('2024-01-10').admits().on('2023-10-01').dispatches();
    const events = s.events();

    it('keeps its valid day and takes the late recording instant', () => {
      expect(events[4].metadata).toMatchObject({ occurredOn: '2023-09-01', recordedAt: '2024-01-10T08:00:00.000Z' });
    });

    it('never lets recording time go backwards for the following steps', () => {
      expect(events[5].metadata).toMatchObject({ occurredOn: '2023-10-01', recordedAt: '2024-01-10T08:00:00.000Z' });
    });

    it('refuses an explicit recording instant earlier than the last one', () => {
      expect(() => s.recorded('2023-01-01').exits()).toThrow(/learned/);
    });
  });

  describe('when a history would be impossible', () => {
    it('refuses a second admission with the decider error', () => {
      const s = scenario().school(YALI).school(P1).formsGroup(YALI).proposes(P1).admits();
      expect(() => s.admits()).toThrow(DomainError);
    });

    it('accepts a policy breach (signing before review, no approval)', () => {
      const types = scenario().school(CHANGJUN).school(P1).formsGroup(CHANGJUN).proposes(P1).signs().admits().events().map((e) => e.type);
      expect(types.slice(-2)).toEqual(['ContractSigned', 'PartnerAdmitted']);
    });
  });

  describe('when an event is retracted by its label', () => {
    const s = scenario().school(YALI).school(P1).formsGroup(YALI).proposes(P1).admits().as('admission').on('2021-02-01').retracts('admission');
    it('appends EventRetracted to the retracted event\'s stream and lets the partner be admitted again', () => {
      expect(s.lastEvent).toMatchObject({ type: 'EventRetracted', streamId: 'cooperation-c1', data: { retractedEventId: s.eventId('admission') } });
      expect(s.admits().lastEvent.type).toBe('PartnerAdmitted');
    });
  });

  describe('when a by-the-book cooperation is recorded with .cooperates()', () => {
    it('records consent, the city bureau then the city government for a private partner, the six documents, review, signature and admission', () => {
      const s = scenario().school(YALI).school(P1, { ownership: 'PRIVATE', stages: ['JUNIOR'] }).on('2021-05-01').formsGroup(YALI).cooperates(P1);
      const coop = s.stream('cooperation-c1');
      expect(coop.map((e) => e.type)).toEqual([
        'CooperationProposed',
        'NegotiationConsentGranted',
        'ApprovalGranted',
        'ApprovalGranted',
        'ContractDraftSubmitted',
        'ContractReviewApproved',
        'ContractSigned',
        'PartnerAdmitted',
      ]);
      expect(coop.filter((e) => e.type === 'ApprovalGranted').map((e) => (e.data as { authority: unknown }).authority)).toEqual([CITY_BUREAU, CITY_GOVERNMENT]);
      expect((coop[4].data as { documents: unknown[] }).documents).toHaveLength(6);
    });

    it('files the termination notice with the lead\'s authority and the partner\'s local one', () => {
      const inYuelu = '4301040009';
      const s = scenario().school(YALI).school(inYuelu).formsGroup(YALI).cooperates(inYuelu).filesNotice();
      expect((s.lastEvent.data as { recipients: unknown }).recipients).toEqual([CITY_BUREAU, { kind: 'DISTRICT_BUREAU', districtCode: '430104' }]);
    });

    it('reads the district of an unknown school from its id (a Changsha district, or another Hunan division)', () => {
      const s = scenario().school('4301110001').school(P1).school('9999999999');
      expect(s.events().map((e) => [(e.data as { districtCode: string }).districtCode, (e.data as { inChangsha: boolean }).inChangsha])).toEqual([
        ['430111', true],
        ['430302', false],
        ['430104', true],
      ]);
    });
  });

  describe('when the history is to be written to a store', () => {
    it('groups consecutive events of a stream into appends with their expected revisions', () => {
      const plan = scenario().school(YALI).designatesLead(YALI).school(P1).formsGroup(YALI).proposes(P1).admits().appendPlan();
      expect(plan.map((a) => [a.streamId, a.expectedRevision, a.events.map((e) => e.type)])).toEqual([
        ['school-4301030002', 'no_stream', ['SchoolRegistered', 'SchoolDesignatedLead']],
        ['school-4303020001', 'no_stream', ['SchoolRegistered']],
        ['group-g1', 'no_stream', ['GroupFormed']],
        ['cooperation-c1', 'no_stream', ['CooperationProposed', 'PartnerAdmitted']],
      ]);
    });

    it('continues a stream with its last revision', () => {
      const plan = scenario().school(YALI).school(P1).designatesLead(YALI).appendPlan();
      expect(plan[2]).toMatchObject({ streamId: 'school-4301030002', expectedRevision: 0n });
    });
  });
});
