import * as path from 'node:path';
import { createEventStore, type EventStore, type StoredEvent } from '@ledger/event-store';
import { CheckpointStore, ProjectionRunner, allReadModels } from '@ledger/projections';
import { TODAY } from './child-app';

/** Reads the whole global log of a data dir's SQLite store (the app must be stopped or idle). */
export async function readWholeLog(dataDir: string): Promise<StoredEvent[]> {
  const store = await createEventStore({ kind: 'sqlite', dataDir });
  try {
    return await readAllOf(store);
  } finally {
    await store.close();
  }
}

export async function readAllOf(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 5_000 });
    out.push(...page);
    if (page.length < 5_000) return out;
    after = page[page.length - 1].position;
  }
}

/** Positions must be 1, 2, 3, … with no gap and no repeat; returns the first offending index or -1. */
export function firstGap(events: readonly StoredEvent[]): number {
  return events.findIndex((e, i) => e.position !== BigInt(i + 1));
}

/** Every read model's serialized state (keys sorted, so Map insertion order does not matter). */
function sortedJson(text: string): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sort(JSON.parse(text)));
}

async function modelStates(runner: ProjectionRunner): Promise<Record<string, string>> {
  const models = allReadModels();
  return Object.fromEntries(
    models.map((m) => [m.name, sortedJson(m.serialize(runner.state(m.name)))]),
  );
}

/**
 * The read models as a restart would have them (restored from `<dataDir>/projections.db`, read
 * only, then caught up) and as a rebuild from position 0 makes them.
 */
export async function readModelsAfterRestartAndRebuild(
  dataDir: string,
): Promise<{
  restarted: Record<string, string>;
  rebuilt: Record<string, string>;
  restoredFrom: Record<string, string>;
  head: bigint;
}> {
  const store = await createEventStore({ kind: 'sqlite', dataDir });
  try {
    const head = await store.headPosition();
    const restarted = new ProjectionRunner({
      store,
      models: allReadModels(),
      checkpointFile: path.join(dataDir, 'projections.db'),
      readOnlyCheckpoints: true,
      today: () => TODAY,
    });
    const restoredFrom = snapshotPositions(dataDir);
    await restarted.start();
    const a = await modelStates(restarted);
    const positionA = restarted.position;
    await restarted.stop();
    const rebuilt = new ProjectionRunner({ store, models: allReadModels(), today: () => TODAY });
    await rebuilt.rebuild();
    const b = await modelStates(rebuilt);
    await rebuilt.stop();
    if (positionA !== head || rebuilt.position !== head)
      throw new Error(
        `runners stopped short of head ${head}: restart ${positionA}, rebuild ${rebuilt.position}`,
      );
    return { restarted: a, rebuilt: b, restoredFrom, head };
  } finally {
    await store.close();
  }
}

/** The position each read model's snapshot in `<dataDir>/projections.db` holds ({} when none). */
export function snapshotPositions(dataDir: string): Record<string, string> {
  let cp: CheckpointStore | undefined;
  try {
    cp = new CheckpointStore(path.join(dataDir, 'projections.db'), true);
    return Object.fromEntries([...cp.load().values()].map((m) => [m.name, m.position.toString()]));
  } catch {
    return {};
  } finally {
    cp?.close();
  }
}
