'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { sampleEvent, uuidFrom, sampleRowBytes } = require('../lib/events');

test('sample event ids are UUID-shaped and unique per (salt, n)', () => {
  const seen = new Set();
  for (let n = 0; n < 20000; n++) {
    const id = uuidFrom(5, n);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    seen.add(id);
  }
  assert.equal(seen.size, 20000);
  assert.notEqual(uuidFrom(5, 1), uuidFrom(6, 1));
});

test('sample events are deterministic and about the size of the ledger events', () => {
  assert.deepEqual(sampleEvent(3, 42, 7), sampleEvent(3, 42, 7));
  assert.equal(sampleEvent(3, 42, 7).data.cooperationId, 'coop-000007');
  const bytes = sampleRowBytes();
  assert.ok(bytes > 350 && bytes < 700, `${bytes} bytes`);
});
