import { Inject, Injectable } from '@nestjs/common';
import type { GroupFormed, SchoolRegistered } from '@ledger/domain';
import { EVENT_STORE, StreamNotFoundError, type EventStore, type StoredEvent } from '@ledger/event-store';
import { Problem } from '../problem/problem';

/**
 * Cross-aggregate reads a handler needs before deciding (the deciders see one stream only):
 * the lead school exists, the group exists and is not dissolved, the partner is registered.
 */
@Injectable()
export class SubjectReads {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The stream's events that are not retracted (retractions themselves excluded). */
  private async liveEvents(streamId: string): Promise<StoredEvent[]> {
    let events: StoredEvent[];
    try {
      events = await this.store.readStream(streamId);
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw err;
    }
    const retracted = new Set(
      events
        .filter((e) => e.type === 'EventRetracted')
        .map((e) => String((e.data as { retractedEventId?: string })?.retractedEventId)),
    );
    return events.filter((e) => e.type !== 'EventRetracted' && !retracted.has(e.eventId));
  }

  async requireSchool(schoolId: string, role: string): Promise<SchoolRegistered['data']> {
    const registered = (await this.liveEvents(`school-${schoolId}`)).find(
      (e) => e.type === 'SchoolRegistered',
    );
    if (!registered) {
      throw Problem.notFound(
        `学校未登记 · ${role} school ${schoolId} is not registered`,
        'SCHOOL.NOT_REGISTERED',
      );
    }
    return registered.data as unknown as SchoolRegistered['data'];
  }

  async requireGroup(groupId: string): Promise<GroupFormed['data']> {
    const events = await this.liveEvents(`group-${groupId}`);
    const formed = events.find((e) => e.type === 'GroupFormed');
    if (!formed) throw Problem.notFound(`集团不存在 · group ${groupId} was not formed`, 'GROUP.NOT_FOUND');
    if (events.some((e) => e.type === 'GroupDissolved')) {
      throw Problem.conflict(`集团已撤销 · group ${groupId} is dissolved`, 'GROUP.DISSOLVED');
    }
    return formed.data as unknown as GroupFormed['data'];
  }
}
