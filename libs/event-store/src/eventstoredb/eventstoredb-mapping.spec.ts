import { ANY, NO_STREAM, STREAM_EXISTS, WrongExpectedVersionError } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../errors';
import {
  fromEsdbActual,
  fromEsdbExpected,
  isSystemEvent,
  toEsdbExpected,
  toStoredEvent,
  toWrongExpectedRevision,
} from './eventstoredb-event-store.adapter';
import { UNKNOWN_POSITION } from '../event-store.port';

// The pure mapping half of the EventStoreDB adapter; the conformance half needs a server.
describe('EventStoreDB adapter mapping', () => {
  it('maps expected revisions both ways', () => {
    expect(toEsdbExpected('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpected('stream_exists')).toBe(STREAM_EXISTS);
    expect(toEsdbExpected('any')).toBe(ANY);
    expect(toEsdbExpected(7n)).toBe(7n);
    for (const e of ['no_stream', 'stream_exists', 'any', 0n, 42n] as const)
      expect(fromEsdbExpected(toEsdbExpected(e))).toBe(e);
    expect(fromEsdbActual(NO_STREAM)).toBe('no_stream');
    expect(fromEsdbActual(3n)).toBe(3n);
  });

  it('maps WrongExpectedVersionError to WrongExpectedRevisionError with expected and actual', () => {
    const native = new WrongExpectedVersionError(undefined, {
      streamName: 'school-1',
      expected: 2n,
      current: 5n,
    });
    const mapped = toWrongExpectedRevision(native, 'school-1', 2n);
    expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
    expect(mapped).toMatchObject({ streamId: 'school-1', expected: 2n, actual: 5n });
    const missing = toWrongExpectedRevision(
      new WrongExpectedVersionError(undefined, {
        streamName: 's',
        expected: STREAM_EXISTS,
        current: NO_STREAM,
      }),
      's',
      'stream_exists',
    );
    expect(missing).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
  });

  it('uses the commit position, and recognises system events', () => {
    const e = toStoredEvent({
      event: {
        streamId: 'school-1',
        id: 'e1',
        isJson: true,
        revision: 0n,
        type: 'SchoolRegistered',
        created: new Date(0),
        data: { a: 1 },
        metadata: { actor: 'x' },
        position: { commit: 900n, prepare: 800n },
      },
      commitPosition: 900n,
    });
    expect(e).toEqual({
      eventId: 'e1',
      streamId: 'school-1',
      revision: 0n,
      position: 900n,
      type: 'SchoolRegistered',
      data: { a: 1 },
      metadata: { actor: 'x' },
    });
    // A stream read without a known commit position (the server sends uint64 max).
    const unknown = toStoredEvent({
      event: {
        streamId: 'school-1',
        id: 'e2',
        isJson: true,
        revision: 1n,
        type: 'T',
        created: new Date(0),
        data: {},
        metadata: undefined,
        position: { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n },
      },
    });
    expect(unknown).toMatchObject({ position: UNKNOWN_POSITION, metadata: null });
    expect(isSystemEvent({ streamId: '$stats-0.0.0.0:2113', type: '$statsCollected' })).toBe(true);
    expect(isSystemEvent({ streamId: 'school-1', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: 'school-1', type: 'SchoolRegistered' })).toBe(false);
  });
});
