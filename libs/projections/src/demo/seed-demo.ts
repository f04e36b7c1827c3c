import type { EventStore } from '@ledger/event-store';
import { DemoGenerator, type DemoEvent, type DemoOptions } from './demo-generator';

export interface SeedProgress {
  readonly events: number;
  readonly groupsDone: number;
}

/**
 * Appends the demo ledger to the store. Within a round, each stream appears once (consecutive
 * events of one stream go in one append) and the round's appends run concurrently so the SQLite
 * adapter can commit them together; rounds run one after the other, in recording order.
 */
export async function seedDemo(store: EventStore, options: DemoOptions, onProgress?: (p: SeedProgress) => void): Promise<number> {
  const generator = new DemoGenerator(options);
  let total = 0;
  let generations = 0;
  const size = options.generationSize ?? 200;
  for (const batch of generator.batches()) {
    total += await appendInRounds(store, batch);
    generations++;
    onProgress?.({ events: total, groupsDone: Math.min(options.groups, generations * size) });
  }
  return total;
}

async function appendInRounds(store: EventStore, events: readonly DemoEvent[], roundSize = 4096): Promise<number> {
  let i = 0;
  while (i < events.length) {
    const round: Array<{ streamId: string; events: DemoEvent['event'][] }> = [];
    const inRound = new Set<string>();
    while (i < events.length && round.length < roundSize) {
      const e = events[i];
      const last = round[round.length - 1];
      if (last && last.streamId === e.streamId) {
        last.events.push(e.event);
      } else if (inRound.has(e.streamId)) {
        break;
      } else {
        round.push({ streamId: e.streamId, events: [e.event] });
        inRound.add(e.streamId);
      }
      i++;
    }
    await Promise.all(round.map((r) => store.appendToStream(r.streamId, r.events, { expectedRevision: 'any' })));
  }
  return events.length;
}
