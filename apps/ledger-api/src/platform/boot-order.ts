import { Injectable } from '@nestjs/common';

/**
 * The order of a start's background work (ADR 0171). On a big ledger the read models restore their
 * snapshots and catch up in slices (ADRs 0143, 0146), and every other job a start begins runs on
 * the same event loop between those slices, so it delays the moment `/health` answers 200 and the
 * queries stop answering 503. Work that can wait (the subject directory's first full read, ~2.5 s
 * at a million events) begins after the read side's first catch-up instead: `afterReadModels()`.
 */
@Injectable()
export class BootOrder {
  private started!: () => void;
  private readonly readModels = new Promise<void>((resolve) => (this.started = resolve));

  /**
   * The read side calls it once its first catch-up has ended, ready or failed (not when the API
   * stops first: what waits for it then never begins).
   */
  readModelsStarted(): void {
    this.started();
  }

  /** Resolves once the read side's first catch-up has ended. */
  afterReadModels(): Promise<void> {
    return this.readModels;
  }
}
