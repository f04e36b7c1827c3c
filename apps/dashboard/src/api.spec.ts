import { allPages, type Api, type Params } from './api';

/** An API answering `total` items `limit` a page, the cursor standing for the next offset. */
function pagedApi(total: number) {
  const asked: Params[] = [];
  const api: Api = {
    get: async <T>(_path: string, params: Params = {}) => {
      asked.push(params);
      const from = params.cursor === undefined ? 0 : Number(params.cursor);
      const limit = Number(params.limit);
      const items = Array.from({ length: Math.max(0, Math.min(limit, total - from)) }, (_, i) => from + i);
      const next = from + items.length;
      return { items, total, ...(next < total ? { nextCursor: String(next) } : {}) } as T;
    },
  };
  return { api, asked };
}

describe('allPages', () => {
  it('follows nextCursor to the last page, the items in order', async () => {
    const { api, asked } = pagedApi(2_500);
    const all = await allPages<number>(api, '/groups/g1/history', { limit: 1000 }, 20);
    expect(all).toEqual({ items: Array.from({ length: 2_500 }, (_, i) => i), total: 2_500, complete: true });
    expect(asked.map((p) => p.cursor)).toEqual([undefined, '1000', '2000']);
    expect(asked.every((p) => p.limit === 1000)).toBe(true);
  });

  it('asks once for a list on one page, and once for an empty one', async () => {
    for (const total of [0, 1000]) {
      const { api, asked } = pagedApi(total);
      expect(await allPages<number>(api, '/h', { limit: 1000 }, 20)).toEqual({ items: Array.from({ length: total }, (_, i) => i), total, complete: true });
      expect(asked).toHaveLength(1);
    }
  });

  it('stops at maxPages and says the list is not complete', async () => {
    const { api, asked } = pagedApi(5_000);
    const all = await allPages<number>(api, '/h', { limit: 1000 }, 2);
    expect(all.items).toHaveLength(2_000);
    expect(all.total).toBe(5_000);
    expect(all.complete).toBe(false);
    expect(asked).toHaveLength(2);
  });
});
