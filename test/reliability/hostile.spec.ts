/**
 * Hostile input: fast-check generators over every command route's body, path and headers,
 * driven in-process through Fastify's inject (light-my-request). Every answer must be a 4xx RFC
 * 9457 problem document and the store's last position must not move. RELIABILITY_HOSTILE_RUNS
 * scales the number of cases (default: ≥ 10,000 in total).
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { startTestApp, type TestApp } from '../e2e/support';
import { recordFigures } from './support/figures';
import { COMMAND_ROUTES, SETUP, pathOf, type CommandRoute } from './support/routes';
import { SEED } from './support/workload';

const SCALE = Number(process.env.RELIABILITY_HOSTILE_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

describe('hostile input on every command route', () => {
  jest.setTimeout(20 * 60_000);
  let t: TestApp;
  let auth: string;
  let head: bigint;
  let tried = 0;
  const statuses: Record<string, number> = {};
  const routesHit = new Set<string>();
  const failures: unknown[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LEDGER_TODAY: '2026-01-15' });
    auth = await t.auth('recorder', 'city', 'hostile');
    let firstEventId = '';
    for (const s of SETUP) {
      const res = await t.app.inject({
        method: 'POST',
        url: s.path,
        headers: { authorization: auth, 'content-type': 'application/json' },
        payload: JSON.stringify(s.body),
      });
      expect(res.statusCode).toBe(201);
      firstEventId ||= (res.json() as { eventId: string }).eventId;
    }
    (COMMAND_ROUTES.find((r) => r.name === 'RetractEvent') as { id?: string }).id = firstEventId;
    head = await t.store.headPosition();
  });
  afterAll(async () => {
    recordFigures('hostile', {
      seed: SEED,
      inputsTried: tried,
      routes: routesHit.size,
      statuses,
      status5xx: Object.entries(statuses)
        .filter(([s]) => s.startsWith('5'))
        .reduce((n, [, c]) => n + c, 0),
      eventsWritten: Number((await t.store.headPosition()) - head),
    });
    await t.close();
  });

  /** Sends one hostile request; records anything that is not a 4xx problem document. */
  async function send(
    route: CommandRoute,
    opts: { url?: string; payload?: string | Buffer; headers?: Record<string, string> },
  ): Promise<boolean> {
    const request: InjectOptions = {
      method: 'POST',
      url: opts.url ?? pathOf(route),
      headers: { authorization: auth, 'content-type': 'application/json', ...(opts.headers ?? {}) },
      payload: opts.payload ?? JSON.stringify(route.body),
    };
    tried += 1;
    routesHit.add(route.name);
    let res;
    try {
      res = await t.app.inject(request);
    } catch (err) {
      // light-my-request refuses some header values itself (as Node's http would): not an answer of the app.
      if (err instanceof TypeError && /header/i.test(err.message)) return true;
      throw err;
    }
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    let body: Record<string, unknown> = {};
    try {
      body = res.json();
    } catch {
      body = {};
    }
    const ok =
      res.statusCode >= 400 &&
      res.statusCode < 500 &&
      String(res.headers['content-type']).startsWith('application/problem+json') &&
      body.status === res.statusCode &&
      typeof body.title === 'string' &&
      typeof body.type === 'string';
    if (!ok && failures.length < 20)
      failures.push({
        route: route.name,
        url: request.url,
        status: res.statusCode,
        body: res.body.slice(0, 500),
        payload: String(request.payload).slice(0, 300),
        headers: opts.headers,
      });
    return ok;
  }

  const route = fc.constantFrom(...COMMAND_ROUTES);
  const unicode = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.string({ unit: 'binary', maxLength: 50 }),
    fc.constantFrom(
      '\u0000',
      '\uD800',
      '\uDFFF',
      '\uFEFF',
      '\u202E',
      'e\u0301',
      '𠮷'.repeat(10),
      '\u200B',
      '%00',
      '../../etc/passwd',
      '${7*7}',
      "'; DROP TABLE events;--",
      '<script>alert(1)</script>',
    ),
  );
  const hugeString = fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'x'.repeat(n));
  const hugeArray = fc
    .integer({ min: 201, max: 1_500 })
    .map((n) => Array.from({ length: n }, (_, i) => `4301${String(i).padStart(6, '0')}`));
  const deep = fc.integer({ min: 33, max: 1_200 }).map((n) => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
    return v;
  });
  const overflow = fc.constantFrom(
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    -0,
    2 ** 64,
    1.5,
    -1,
    0.1 + 0.2,
  );
  const badDay = fc.constantFrom(
    '2023-02-29',
    '2024-02-30',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-1-1',
    '20230101',
    '2023-01-01T00:00:00Z',
    '+275760-09-13',
    '9999-12-31',
    '0000-00-00',
    '',
    'yesterday',
    '2023-02-28\n',
  );
  const wrongValue = fc.oneof(
    unicode,
    overflow,
    hugeString,
    hugeArray,
    deep,
    fc.constant(null),
    fc.boolean(),
    fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.anything({ maxDepth: 2 }), { maxKeys: 5 }),
  );

  const OPTIONAL = new Set([
    'occurredOn',
    'description',
    'reason',
    'summary',
    'title',
    'until',
    'groupId',
    'cooperationId',
    'attributedToGroupId',
    'spunOffFrom',
  ]);

  /** A field value that can never be valid for this field: a wrong type, or hostile content. */
  function mutateField(
    body: Record<string, unknown>,
    field: string,
    value: unknown,
  ): Record<string, unknown> | undefined {
    const original = body[field];
    if ((value === null || value === undefined) && OPTIONAL.has(field)) return undefined; // null is "absent" for an optional field
    if (typeof original === 'string' && typeof value === 'string' && value.length < 1_000) return undefined; // might be a valid free text
    if (
      typeof original === 'number' &&
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 0 &&
      value < 1e6
    )
      return undefined;
    if (
      typeof original === typeof value &&
      Array.isArray(original) === Array.isArray(value) &&
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value)
    )
      return undefined;
    if (typeof original === 'boolean' && typeof value === 'boolean') return undefined;
    return { ...body, [field]: value };
  }

  async function check(
    property: fc.IAsyncProperty<[CommandRoute, ...unknown[]]> | fc.IAsyncPropertyWithHooks<never>,
    numRuns: number,
  ): Promise<void> {
    failures.length = 0;
    const before = await t.store.headPosition();
    await fc.assert(property as fc.IAsyncProperty<unknown[]>, { numRuns, seed: SEED, endOnFailure: true });
    expect(failures).toEqual([]);
    expect(await t.store.headPosition()).toBe(before);
    expect(before).toBe(head);
  }

  it('malformed JSON text is a 400', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }).filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      }),
      fc.constantFrom(
        '{',
        '{"a":}',
        "{'a':1}",
        '{"a":1,}',
        '[1,2',
        'NaN',
        '{"a":Infinity}',
        '\u0000{}',
        '{"a":"\\ud800"',
        '{"__proto__":{"x":1}',
        '}{',
      ),
    );
    await check(
      fc.asyncProperty(route, text, async (r, payload) => send(r, { payload })),
      runs(1500),
    );
  });

  it('a body of the wrong JSON type (array, string, number, null, true) is a 4xx', async () => {
    const notObject = fc.oneof(
      fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 5 }),
      fc.string(),
      fc.double(),
      fc.constant(null),
      fc.boolean(),
    );
    await check(
      fc.asyncProperty(route, notObject, async (r, v) => send(r, { payload: JSON.stringify(v) })),
      runs(1000),
    );
  });

  it('one field of the wrong type or hostile content (huge, deep, unicode, overflow) is a 4xx', async () => {
    const prop = fc.asyncProperty(route, fc.nat(), wrongValue, async (r, k, v) => {
      const fields = Object.keys(r.body);
      const mutated = mutateField(r.body, fields[k % fields.length], v);
      if (!mutated) return true;
      return send(r, { payload: JSON.stringify(mutated) });
    });
    await check(prop, runs(3000));
  });

  it('an impossible or future day (Feb 30, month 13, …) is a 4xx even with hostile text elsewhere', async () => {
    const futureDay = fc
      .integer({ min: 1, max: 3_000 })
      .map((d) => new Date(Date.UTC(2026, 0, 15 + d)).toISOString().slice(0, 10));
    const prop = fc.asyncProperty(route, fc.oneof(badDay, futureDay), unicode, async (r, day, text) => {
      const body: Record<string, unknown> = { ...r.body, occurredOn: day };
      for (const [k, v] of Object.entries(body))
        if (typeof v === 'string' && k !== 'occurredOn' && /description|reason|summary|title|name/.test(k))
          body[k] = text || v;
      return send(r, { payload: JSON.stringify(body) });
    });
    await check(prop, runs(1500));
  });

  it('unknown keys, __proto__, constructor and prototype pollution attempts are a 4xx and pollute nothing', async () => {
    const key = fc.oneof(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'prototype',
        'hack',
        'toString',
        'hasOwnProperty',
        'eventId',
        'position',
        'actor',
      ),
      fc.string({ minLength: 1, maxLength: 20 }),
    );
    const prop = fc.asyncProperty(
      route,
      key,
      fc.anything({ maxDepth: 2 }),
      fc.boolean(),
      async (r, k, v, nested) => {
        if (k in r.body) return true;
        const inner = `{"${JSON.stringify(k).slice(1, -1)}":${JSON.stringify(v ?? null) ?? 'null'}}`;
        const own = JSON.stringify(r.body).slice(0, -1);
        // Top level, or inside the first object-valued field (or a synthetic one).
        const payload = nested ? `${own},"x":${inner}}` : `${own},${inner.slice(1)}`;
        return send(r, { payload });
      },
    );
    await check(prop, runs(1500));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  /** Percent-encodes an id; lone surrogates (which encodeURIComponent refuses) become raw invalid UTF-8 escapes. */
  function encodeId(s: string): string {
    try {
      return encodeURIComponent(s);
    } catch {
      return `%ED%A0%80${encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ''))}`;
    }
  }

  it('hostile path ids are a 4xx', async () => {
    const withId = COMMAND_ROUTES.filter((r) => r.id !== undefined);
    const id = fc.oneof(
      unicode.map(encodeId),
      fc.string({ minLength: 201, maxLength: 3_000 }).map(encodeId),
      fc.constantFrom(
        '%2e%2e%2f',
        '..%2F..%2F',
        '%00',
        '%ZZ',
        '%',
        'null',
        'undefined',
        '__proto__',
        'constructor',
        '9'.repeat(400),
        '4301030001%20',
        ' ',
        '%E2%80%AE',
      ),
    );
    const prop = fc.asyncProperty(fc.constantFrom(...withId), id, async (r, raw) => {
      if (raw === '' || raw === r.id) return true;
      return send(r, { url: `/api/v1${r.template.replace(':id', raw)}` });
    });
    await check(prop, runs(1500));
  });

  it('hostile headers (If-Match, Idempotency-Key, Content-Type, Authorization) are a 4xx', async () => {
    const ifMatch = fc.oneof(
      fc.constantFrom(
        'abc',
        '-1',
        '1.5',
        '99999999999999999999999999',
        'W/"abc"',
        '"',
        '0x1',
        '',
        ' ',
        '1,2',
        '*',
      ),
      fc.integer({ min: 1_000_000, max: 2 ** 31 }).map(String),
    );
    const idemKey = fc.oneof(
      fc.string({ minLength: 201, maxLength: 400 }).map((s) => s.replace(/[^\x21-\x7e]/g, 'a')),
      fc.constantFrom('a b', 'ключ', '键', '\t', 'x'.repeat(201)),
    );
    const contentType = fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/jsonx',
      'text/json',
    );
    const authorization = fc.oneof(
      fc.constantFrom(
        '',
        'Bearer',
        'Bearer ',
        'Basic YTpi',
        'bearer x.y.z',
        'Bearer eyJhbGciOiJub25lIn0.e30.',
        `Bearer ${'a'.repeat(9000)}`,
      ),
      fc.string({ maxLength: 100 }).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, '')}`),
    );
    const header = fc.oneof(
      ifMatch.map((v): Record<string, string> => ({ 'if-match': v })),
      idemKey.map((v): Record<string, string> => ({ 'idempotency-key': v })),
      contentType.map((v): Record<string, string> => ({ 'content-type': v })),
      authorization.map((v): Record<string, string> => ({ authorization: v })),
    );
    const prop = fc.asyncProperty(route, header, async (r, headers) => {
      if (headers['if-match'] === '*') delete headers['if-match'];
      if (
        Object.keys(headers).length === 0 ||
        (headers['if-match'] !== undefined && headers['if-match'].trim() === '')
      )
        return true;
      return send(r, { headers });
    });
    await check(prop, runs(1500));
  });

  it('oversize bodies (above LEDGER_BODY_LIMIT) are a 413', async () => {
    const prop = fc.asyncProperty(route, fc.integer({ min: 65_537, max: 400_000 }), async (r, n) =>
      send(r, { payload: JSON.stringify({ ...r.body, description: 'x'.repeat(n) }) }),
    );
    await check(prop, runs(60));
    expect(statuses['413']).toBeGreaterThanOrEqual(runs(60));
  });

  it(`tried at least ${runs(10_000)} hostile inputs in total`, () => {
    expect(tried).toBeGreaterThanOrEqual(runs(10_000));
  });
});
