import { Injectable } from '@nestjs/common';

/**
 * One writer at a time per stream inside this process, so concurrent requests on one stream
 * queue instead of failing their expected-revision check. Other processes are handled by the
 * store's expected revision and the handler's retries.
 */
@Injectable()
export class StreamLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
