import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, sharedReading, type EventStore, type StoredEvent } from '@ledger/event-store';
import type { SubjectRef } from '@ledger/domain';
import { BootOrder } from '../platform/boot-order';

interface CooperationParties {
  groupId: string;
  leadSchoolId: string;
  partnerSchoolId: string;
}

/** The event types the directory indexes: it reads only these (ADR 0148). */
const INDEXED_TYPES = ['SchoolRegistered', 'GroupFormed', 'CooperationProposed'];

/**
 * Events of its types per page: a page and its decoding is one turn of the event loop (~10 ms at
 * 1,000; the other types' rows are skipped by the store in the same turn).
 */
export const DIRECTORY_PAGE = 1_000;

/**
 * Who touches which district, for scoping district recorders (DESIGN.md "Access"): a school's
 * district; a group's lead and partners; a cooperation's lead and partner. An index over the
 * global log, caught up on demand before each check (so it sees the caller's own writes).
 * Retractions are not unfolded: a subject that once touched a district stays in its scope.
 * It starts reading at boot, in the background, and yields the event loop between pages: on a log
 * of a million events the first district recorder's command held every request for ~11 s (ADR 0143).
 * It reads only the three types it indexes (ADR 0148): the other ~88 % of a long log are not
 * decoded at every start. Its boot reading begins once the read side's first catch-up has ended
 * (`BootOrder`, ADR 0171): on a million events it took ~2.5 s of the event loop from the read
 * models' restore, and a command that needs it before then reads it on use, as always.
 */
@Injectable()
export class SubjectDirectory implements OnApplicationBootstrap {
  private readonly logger = new Logger('SubjectDirectory');
  private readonly schoolDistrict = new Map<string, string>();
  private readonly groupLead = new Map<string, string>();
  private readonly groupCooperations = new Map<string, Set<string>>();
  private readonly cooperations = new Map<string, CooperationParties>();
  private checkpoint = 0n;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly bootOrder?: BootOrder,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: a command that needs the directory waits for this catch-up, nothing else does.
    const after = this.bootOrder?.afterReadModels() ?? Promise.resolve();
    after
      .then(() => this.catchUp())
      .catch((err: unknown) =>
        this.logger.warn(
          `启动时未能读取主体目录 · subject directory not read at boot (read again on use): ${String(err)}`,
        ),
      );
  }

  /**
   * Reads the log from the last position seen to its head. A call during a reading waits for it,
   * then reads again, so that writes made since are seen too.
   */
  readonly catchUp: () => Promise<void> = sharedReading(() => this.readToHead());

  private async readToHead(): Promise<void> {
    // Every event up to this head is read below, so the directory may go on from there, however
    // long ago the last event of its types was (else each check re-read that stretch of the log).
    const head = await this.store.headPosition();
    for (;;) {
      const batch = await this.store.readAll({
        after: this.checkpoint,
        maxCount: DIRECTORY_PAGE,
        types: INDEXED_TYPES,
      });
      for (const event of batch) this.apply(event);
      if (batch.length < DIRECTORY_PAGE) break;
      await nextTurn();
    }
    if (head > this.checkpoint) this.checkpoint = head;
  }

  private apply(event: StoredEvent): void {
    this.checkpoint = event.position;
    const data = (event.data ?? {}) as Record<string, unknown>;
    switch (event.type) {
      case 'SchoolRegistered':
        this.schoolDistrict.set(String(data.schoolId), String(data.districtCode));
        break;
      case 'GroupFormed':
        this.groupLead.set(String(data.groupId), String(data.leadSchoolId));
        break;
      case 'CooperationProposed': {
        const parties = {
          groupId: String(data.groupId),
          leadSchoolId: String(data.leadSchoolId),
          partnerSchoolId: String(data.partnerSchoolId),
        };
        this.cooperations.set(String(data.cooperationId), parties);
        const set = this.groupCooperations.get(parties.groupId) ?? new Set<string>();
        set.add(String(data.cooperationId));
        this.groupCooperations.set(parties.groupId, set);
        break;
      }
      default: // (a store that ignored `types`)
        break;
    }
  }

  /** District codes of the given schools (unknown schools add nothing). */
  districtsOfSchools(schoolIds: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const id of schoolIds) {
      const d = this.schoolDistrict.get(id);
      if (d) out.add(d);
    }
    return out;
  }

  /** The schools a subject touches: itself; a group's lead and partners; a cooperation's two parties. */
  schoolsOf(subject: SubjectRef): string[] {
    switch (subject.type) {
      case 'school':
        return [subject.id];
      case 'group': {
        const lead = this.groupLead.get(subject.id);
        const partners = [...(this.groupCooperations.get(subject.id) ?? [])].map(
          (c) => this.cooperations.get(c)?.partnerSchoolId,
        );
        return [lead, ...partners].filter((s): s is string => !!s);
      }
      case 'cooperation': {
        const c = this.cooperations.get(subject.id);
        return c ? [c.leadSchoolId, c.partnerSchoolId] : [];
      }
    }
  }

  async districtsOf(subject: SubjectRef): Promise<Set<string>> {
    await this.catchUp();
    return this.districtsOfSchools(this.schoolsOf(subject));
  }
}
