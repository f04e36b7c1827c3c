'use strict';
/**
 * Sample events shaped like the ledger's own (DESIGN.md "Events"): a cooperation event with its
 * data and the full metadata envelope. Deterministic (seeded counter, no Math.random) so that every
 * store under test — raw SQLite, ours, the peer — writes the same bytes.
 */

const DISTRICTS = ['430102', '430103', '430104', '430105', '430111', '430112', '430121', '430181', '430182'];
const ROLES = ['MANAGER', 'KEY_TEACHER', 'TEACHER'];

/** A UUID v4-shaped id derived from a counter: unique per (salt, n), cheap to make. */
function uuidFrom(salt, n) {
  const s = (salt >>> 0).toString(16).padStart(8, '0');
  const h = n.toString(16).padStart(15, '0');
  return `${s}-${h.slice(0, 4)}-4${h.slice(4, 7)}-8${h.slice(7, 10)}-${h.slice(10, 15)}${s.slice(0, 7)}`;
}

/** The `n`-th sample event of run `salt`, for cooperation stream `streamNo`. */
function sampleEvent(salt, n, streamNo) {
  const district = DISTRICTS[n % DISTRICTS.length];
  const cooperationId = `coop-${String(streamNo).padStart(6, '0')}`;
  return {
    eventId: uuidFrom(salt, n),
    type: 'TeacherDispatched',
    data: {
      cooperationId,
      teacherId: `t-${(n * 7919) % 100000}`,
      role: ROLES[n % 3],
      direction: n % 2 ? 'LEAD_TO_PARTNER' : 'PARTNER_TO_LEAD',
      until: '2027-07-31',
    },
    metadata: {
      schemaVersion: 1,
      occurredOn: '2025-09-01',
      recordedAt: '2026-11-27T02:00:00.000Z',
      actor: { id: `recorder-${district}`, role: 'recorder', jurisdiction: district },
      correlationId: uuidFrom(salt + 1, n),
      causationId: uuidFrom(salt + 2, n),
    },
  };
}

function streamIdOf(streamNo) {
  return `cooperation-coop-${String(streamNo).padStart(6, '0')}`;
}

/** Serialized size of one sample event's row payload (data + metadata + ids), in bytes. */
function sampleRowBytes() {
  const e = sampleEvent(1, 1, 1);
  return (
    Buffer.byteLength(JSON.stringify(e.data)) +
    Buffer.byteLength(JSON.stringify(e.metadata)) +
    e.eventId.length +
    streamIdOf(1).length +
    e.type.length
  );
}

module.exports = { sampleEvent, streamIdOf, uuidFrom, sampleRowBytes };
