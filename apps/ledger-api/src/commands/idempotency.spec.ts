import {
  idempotentEventId,
  idempotentSubjectId,
  nameBasedUuid,
  parseIfMatch,
  requestHash,
} from './idempotency';

describe('idempotency keys', () => {
  it('derives the same UUIDv5-shaped id from the same actor and key, another from another', () => {
    const id = idempotentEventId('rec-1', 'key-1', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotentEventId('rec-1', 'key-1', 0)).toBe(id);
    expect(idempotentEventId('rec-2', 'key-1', 0)).not.toBe(id);
    expect(idempotentEventId('rec-1', 'key-2', 0)).not.toBe(id);
    expect(idempotentEventId('rec-1', 'key-1', 1)).not.toBe(id);
    expect(idempotentSubjectId('rec-1', 'key-1')).not.toBe(id);
  });

  it('does not confuse (actor, key) pairs that concatenate alike', () => {
    expect(nameBasedUuid('a', 'bc', 'x')).not.toBe(nameBasedUuid('ab', 'c', 'x'));
  });

  it('hashes route and body canonically: key order does not matter, values do', () => {
    const h = requestHash('POST /x', { id: '1' }, { a: 1, b: { c: 2, d: 3 } });
    expect(requestHash('POST /x', { id: '1' }, { b: { d: 3, c: 2 }, a: 1 })).toBe(h);
    expect(requestHash('POST /x', { id: '1' }, { a: 2, b: { c: 2, d: 3 } })).not.toBe(h);
    expect(requestHash('POST /y', { id: '1' }, { a: 1, b: { c: 2, d: 3 } })).not.toBe(h);
    expect(requestHash('POST /x', { id: '2' }, { a: 1, b: { c: 2, d: 3 } })).not.toBe(h);
  });

  it('keeps the hash stored in every event written so far (SHA-256 hex of the UTF-8 canonical JSON)', () => {
    // Pinned with createHash('sha256').update(canonical, 'utf8').digest('hex'), the earlier code.
    expect(requestHash('POST /x', { id: '1' }, { a: 1, b: { c: 2, d: 3 }, s: '长沙 \u2028' })).toBe(
      'fabd462d5926a8b695c0ef43ce8e9dfd8a5c00535e8a37f7e7902792d226c3b4',
    );
  });
});

describe('parseIfMatch', () => {
  it.each([
    ['3', 3n],
    ['"3"', 3n],
    ['W/"12"', 12n],
    [' 0 ', 0n],
  ])('reads %s as revision %s', (header, revision) => expect(parseIfMatch(header)).toBe(revision));
  it('is undefined when absent and null when malformed', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeNull();
    expect(parseIfMatch('-1')).toBeNull();
    expect(parseIfMatch('"abc"')).toBeNull();
  });
});
