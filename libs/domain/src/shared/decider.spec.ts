import { cooperationDecider } from '../cooperation/cooperation.decider';
import { COMMAND_AGGREGATE, DECIDERS, LEDGER_COMMAND_TYPES, deciderFor, streamIdForCommand } from '../deciders';
import { parseRecordedEvent } from '../schema/parse-recorded-event';
import { DeciderSpecification, commandMetadata, givenStream } from '../testing/decider-specification';
import { buildEventsToAppend, decideForStream, foldStream } from './decider';
import { DOMAIN_ERROR_CODES, DomainError } from './domain-error';

const C = 'c1';
const proposed = { type: 'CooperationProposed', data: { cooperationId: C, groupId: 'g1', leadSchoolId: '4301030002', partnerSchoolId: '4301040009', mode: 'PAIRED_ASSISTANCE' }, eventId: 'p' };
const admitted = { type: 'PartnerAdmitted', data: { cooperationId: C }, eventId: 'a' };
const retraction = { type: 'EventRetracted', data: { retractedEventId: 'a', reason: '误录' }, eventId: 'r' };
const spec = DeciderSpecification.for(cooperationDecider);

describe('retractions (any stream)', () => {
  describe('when the retracted event is not in the stream', () => {
    it('refuses with EVENT.NOT_FOUND', () => {
      spec.given([proposed]).when({ type: 'RetractEvent', data: { retractedEventId: 'nope', reason: 'x' } }).thenThrows('EVENT.NOT_FOUND', 'NOT_FOUND');
    });
  });

  describe('when the event is in the stream', () => {
    it('records the retraction', () => {
      spec.given([proposed, admitted]).when({ type: 'RetractEvent', data: { retractedEventId: 'a', reason: '误录' } }).then([{ type: 'EventRetracted', data: { retractedEventId: 'a', reason: '误录' } }]);
    });

    it('folds the stream as if the retracted event never happened', () => {
      const state = foldStream(cooperationDecider, givenStream([proposed, admitted, retraction]));
      expect(state.current.status).toBe('PROPOSED');
      expect(state.stream.retracted.get('a')).toBe('r');
      expect(state.stream.applied.map((e) => e.eventId)).toEqual(['p']);
      expect(state.stream.revision).toBe(2n);
    });
  });

  describe('when the event is itself a retraction', () => {
    it('refuses with EVENT.NOT_RETRACTABLE', () => {
      spec.given([proposed, admitted, retraction]).when({ type: 'RetractEvent', data: { retractedEventId: 'r', reason: 'x' } }).thenThrows('EVENT.NOT_RETRACTABLE', 'UNPROCESSABLE');
    });
  });
});

describe('exceptions (any stream)', () => {
  const data = { ruleId: 'R17', authority: { kind: 'CITY_BUREAU' }, documentNo: '长教函〔2022〕7号', reason: '九年一贯制学段衔接', until: '2030-08-31' };

  it('records an exception with its document and reason', () => {
    spec.given([proposed]).when({ type: 'GrantException', data }).then([{ type: 'ExceptionGranted', data }]);
  });

  it('refuses an exception that ends before it is granted', () => {
    spec.given([proposed]).when({ type: 'GrantException', data: { ...data, until: '2021-05-31' } }).thenThrows('EXCEPTION.UNTIL_BEFORE_GRANT', 'UNPROCESSABLE');
  });
});

describe('command envelope', () => {
  it('refuses metadata whose occurredOn is not a day', () => {
    spec.given([]).when({ type: 'ProposeCooperation', data: proposed.data, metadata: { occurredOn: '2021-02-30' } }).thenThrows('COMMAND.INVALID_METADATA', 'UNPROCESSABLE');
  });

  it('refuses a command whose type no aggregate knows', () => {
    spec.given([]).when({ type: 'TeleportPartner', data: {} }).thenThrows('COMMAND.NOT_FOR_AGGREGATE');
  });

  it('drops undefined fields so the stored data is plain JSON', () => {
    spec.given([proposed]).when({ type: 'RecordParentCommunication', data: { cooperationId: C, summary: undefined } }).then([{ type: 'ParentCommunicationRecorded', data: { cooperationId: C } }]);
  });
});

describe('decideForStream and buildEventsToAppend', () => {
  const metadata = commandMetadata({ occurredOn: '2021-09-01', now: '2021-09-02T01:30:00.000Z', causationId: 'cause', idempotencyKey: 'key-1' });

  it('folds the stream, decides, and builds the events to append with the full envelope', () => {
    const events = decideForStream(cooperationDecider, givenStream([proposed]), { type: 'AdmitPartner', data: { cooperationId: C }, metadata });
    const toAppend = buildEventsToAppend(events, metadata, ['id-1']);
    expect(toAppend).toEqual([
      {
        eventId: 'id-1',
        type: 'PartnerAdmitted',
        data: { cooperationId: C },
        metadata: {
          schemaVersion: 1,
          occurredOn: '2021-09-01',
          recordedAt: '2021-09-02T01:30:00.000Z',
          actor: metadata.actor,
          correlationId: 'spec',
          causationId: 'cause',
          idempotencyKey: 'key-1',
        },
      },
    ]);
    // What we append, we can read back.
    expect(parseRecordedEvent({ ...toAppend[0], streamId: 'cooperation-c1', revision: 1n, position: 9n }).type).toBe('PartnerAdmitted');
  });

  it('omits absent causation and idempotency keys', () => {
    const [e] = buildEventsToAppend([{ type: 'PartnerAdmitted', data: { cooperationId: C } }], commandMetadata(), ['id-1']);
    expect(Object.keys(e.metadata)).toEqual(['schemaVersion', 'occurredOn', 'recordedAt', 'actor', 'correlationId']);
  });

  it('refuses fewer ids than events', () => {
    expect(() => buildEventsToAppend([{ type: 'PartnerAdmitted', data: {} }], commandMetadata(), [])).toThrow(RangeError);
  });

  it('ignores an event delivered twice', () => {
    const [p] = givenStream([proposed], 'cooperation-c1');
    expect(foldStream(cooperationDecider, [p, p]).stream.applied).toHaveLength(1);
  });
});

describe('generic dispatch', () => {
  it('finds the decider by subject type or stream id', () => {
    expect(deciderFor('cooperation')).toBe(DECIDERS.cooperation);
    expect(deciderFor('group-g-7')).toBe(DECIDERS.group);
    expect(deciderFor('school-4301030002')).toBe(DECIDERS.school);
    expect(() => deciderFor('teacher-1')).toThrow(RangeError);
  });

  it('maps every command to its aggregate and stream', () => {
    expect(LEDGER_COMMAND_TYPES).toHaveLength(28);
    expect(COMMAND_AGGREGATE.RecordApprovalDecision).toBe('cooperation');
    expect(COMMAND_AGGREGATE.RetractEvent).toBe('any');
    expect(streamIdForCommand({ type: 'AdmitPartner', data: { cooperationId: 'c9' } })).toBe('cooperation-c9');
    expect(streamIdForCommand({ type: 'HoldJointExam', data: { groupId: 'g2' } })).toBe('group-g2');
    expect(streamIdForCommand({ type: 'WithdrawBrand', data: { schoolId: '4301040009' } })).toBe('school-4301040009');
    expect(streamIdForCommand({ type: 'GrantException', data: {} })).toBeUndefined();
    expect(() => streamIdForCommand({ type: 'Nope', data: {} })).toThrow(DomainError);
  });

  it('accepts each command type in exactly one decider, plus the common ones in all', () => {
    for (const type of LEDGER_COMMAND_TYPES) {
      const owners = Object.values(DECIDERS).filter((d) => d.commandTypes.includes(type)).map((d) => d.aggregate);
      expect([type, owners]).toEqual([type, COMMAND_AGGREGATE[type] === 'any' ? ['school', 'group', 'cooperation'] : [COMMAND_AGGREGATE[type]]]);
    }
  });
});

describe('DOMAIN_ERROR_CODES', () => {
  it('are unique, dotted and of a known kind', () => {
    const codes = Object.values(DOMAIN_ERROR_CODES).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of Object.values(DOMAIN_ERROR_CODES)) {
      expect(e.code).toMatch(/^[A-Z]+\.[A-Z_]+$/);
      expect(['CONFLICT', 'NOT_FOUND', 'UNPROCESSABLE']).toContain(e.kind);
    }
  });

  it('carry their kind on the error', () => {
    const err = DomainError.of('COOPERATION_ALREADY_ADMITTED', 'x', { cooperationId: C });
    expect(err).toMatchObject({ code: 'COOPERATION.ALREADY_ADMITTED', kind: 'CONFLICT', details: { cooperationId: C } });
    expect(err).toBeInstanceOf(Error);
  });
});
