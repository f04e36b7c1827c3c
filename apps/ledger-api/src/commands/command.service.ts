import { Inject, Injectable, Logger } from '@nestjs/common';
import * as domain from '@ledger/domain';
import type { Actor, CommandMetadata, RecordedDomainEvent, SubjectRef } from '@ledger/domain';
import {
  EVENT_STORE,
  EventIdConflictError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
  type EventStore,
  type EventToAppend,
  type Json,
  type StoredEvent,
} from '@ledger/event-store';
import { CLOCK, type Clock } from '@ledger/platform';
import { isCityWide } from '../auth/actor';
import { Problem } from '../problem/problem';
import { commandDataOf, plainJson } from './command-data';
import { markCommandAnswer } from './command-response';
import { DryRunService } from './dry-run.service';
import { idempotentEventId, requestHash, requestHashOfPlain } from './idempotency';
import { newId } from './ids';
import { SubjectDirectory } from './subject-directory';
import { StreamLocks } from './stream-locks';

/** What a controller hands over: one command for one stream, plus the request's HTTP context. */
export interface CommandRequest {
  /** Route template, e.g. `POST /cooperations/:id/fees` (part of the idempotency hash). */
  readonly route: string;
  readonly params: Record<string, string>;
  /** The validated body as received (hashed for idempotency). */
  readonly body: object;
  /**
   * `plainJson(body)` when the caller made it (for the command data): hashed as is instead of a
   * second copy (ADR 0124). Must be that copy, unchanged.
   */
  readonly plainBody?: Record<string, unknown>;
  readonly subject: SubjectRef;
  readonly commandType: string;
  /** Command data (= the event data, aggregate id included). */
  readonly data: Record<string, unknown>;
  readonly occurredOn?: string;
  /** Creating routes answer with the subject id. */
  readonly createdId?: string;
  readonly http: CommandHttpContext;
  /**
   * Cross-aggregate reads and checks, run before deciding (inside the stream lock): may refuse
   * (throw a Problem) or complete the command data (e.g. the cooperation's lead school).
   */
  readonly prepare?: (data: Record<string, unknown>) => Promise<Record<string, unknown>>;
  /** Creating routes: districts the new subject touches (e.g. a new school's district). */
  readonly scopeDistricts?: readonly string[];
  /** Creating routes: schools whose districts the new subject touches (the directory resolves them). */
  readonly scopeSchools?: readonly string[];
}

export interface CommandHttpContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly idempotencyKey?: string;
  readonly ifMatch?: bigint;
  readonly dryRun: boolean;
}

export interface CommandResult {
  readonly eventId: string;
  readonly streamId: string;
  readonly revision: string;
  readonly position: string;
  readonly id?: string;
  /** True when answered from the first attempt of an idempotent retry (nothing written). */
  readonly replayed?: boolean;
}

const MAX_ATTEMPTS = 10;

/** A short, jittered pause before re-reading a stream another process just wrote to. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5 * attempt) + attempt));

/** Metadata keys the API adds to the domain's envelope. */
interface ApiMetadataExtras {
  requestHash: string;
  route: string;
}

/**
 * The write side's one handler (STYLE.md §5): read the stream, decide, append with the expected
 * revision. Idempotency, If-Match, concurrency retries, district scope and dry runs live here.
 */
@Injectable()
export class CommandService {
  private readonly logger = new Logger('CommandService');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly directory: SubjectDirectory,
    private readonly locks: StreamLocks,
    private readonly dryRuns: DryRunService,
  ) {}

  streamIdOf(subject: SubjectRef): string {
    return domain.streamIds[subject.type](subject.id);
  }

  /**
   * A command on an existing subject (`POST /<subjects>/:id/<fact>`): the subject is the path's id,
   * the command data is the body less `occurredOn` (and `omit`), plus the subject's id field.
   */
  recordOn(
    subjectType: SubjectRef['type'],
    route: string,
    id: string,
    commandType: string,
    body: { occurredOn?: string },
    http: CommandHttpContext,
    omit: string[] = [],
  ): Promise<CommandResult | Record<string, unknown>> {
    const subject = { type: subjectType, id };
    const plain = plainJson(body);
    return this.execute({
      route,
      params: { id },
      body,
      plainBody: plain,
      subject,
      commandType,
      data: commandDataOf(subject, plain, omit),
      occurredOn: body.occurredOn,
      http,
    });
  }

  async execute(request: CommandRequest): Promise<CommandResult | Record<string, unknown>> {
    const streamId = this.streamIdOf(request.subject);
    const hash = request.plainBody
      ? requestHashOfPlain(request.route, request.params, request.plainBody)
      : requestHash(request.route, request.params, request.body);
    await this.checkScope(request);
    return markCommandAnswer(await this.decideAndAppend(request, streamId, hash));
  }

  private decideAndAppend(
    request: CommandRequest,
    streamId: string,
    hash: string,
  ): Promise<CommandResult | Record<string, unknown>> {
    const { http } = request;
    return this.locks.run(streamId, async () => {
      if (http.idempotencyKey && !http.dryRun) {
        const earlier = await this.replay(http.actor, http.idempotencyKey, hash, request);
        if (earlier) return earlier;
      }
      const today = this.clock.today();
      if (request.occurredOn !== undefined && request.occurredOn > today) {
        throw Problem.unprocessable(
          `发生日期晚于今天 · occurredOn ${request.occurredOn} is after today (${today})`,
          'REQUEST.OCCURRED_IN_FUTURE',
          {
            errors: [
              {
                path: 'occurredOn',
                message: `occurredOn must not be after today (${today})`,
                constraint: 'notFuture',
              },
            ],
          },
        );
      }
      const data = request.prepare ? await request.prepare(request.data) : request.data;
      const metadata: CommandMetadata = {
        now: this.clock.now(),
        occurredOn: request.occurredOn ?? today,
        actor: http.actor,
        correlationId: http.correlationId,
        ...(http.idempotencyKey ? { idempotencyKey: http.idempotencyKey } : {}),
      };
      const command = { type: request.commandType, data, metadata };

      // A creating route's subject is new in all but the odd case (an id the client chose that
      // exists): decide on the empty stream and append with `no_stream`, without reading it first.
      // When that decision refuses or changes nothing, or the append finds the stream, the stream
      // is read and the command decided on it as usual, so the answer is the same (ADR 0119).
      let assumeNew = request.createdId !== undefined && http.ifMatch === undefined && !http.dryRun;
      for (let attempt = 1; ; attempt++) {
        const { events, revision } = assumeNew
          ? { events: [] as RecordedDomainEvent[], revision: undefined }
          : await this.readStream(streamId);
        if (http.ifMatch !== undefined && revision !== http.ifMatch) {
          throw this.revisionMismatch(streamId, http.ifMatch, revision);
        }
        const decider = domain.deciderFor(streamId);
        let decided: domain.DecidedEvent[];
        try {
          decided = domain.decideForStream(
            decider as never,
            events,
            command as never,
          ) as domain.DecidedEvent[];
        } catch (err) {
          if (!assumeNew) throw err;
          assumeNew = false;
          attempt--;
          continue;
        }
        if (decided.length === 0 && assumeNew) {
          assumeNew = false;
          attempt--;
          continue;
        }
        if (decided.length === 0) {
          throw Problem.conflict(
            `无需记录 · ${request.commandType} changes nothing on ${streamId}`,
            'REQUEST.NOTHING_TO_RECORD',
            { streamId },
          );
        }
        if (http.dryRun) {
          return this.dryRuns.evaluate(
            request.subject,
            streamId,
            decided,
            metadata,
            events,
            request.createdId,
          );
        }
        const eventIds = decided.map((_, i) =>
          http.idempotencyKey ? idempotentEventId(http.actor.id, http.idempotencyKey, i) : newId(),
        );
        const extras: ApiMetadataExtras = { requestHash: hash, route: request.route };
        const toAppend: EventToAppend[] = domain
          .buildEventsToAppend(decided, metadata, eventIds)
          .map((e) => ({
            eventId: e.eventId,
            type: e.type,
            data: e.data as Json,
            metadata: { ...(e.metadata as unknown as Record<string, Json>), ...extras },
          }));
        const expected = http.ifMatch ?? revision ?? 'no_stream';
        try {
          const result = await this.store.appendToStream(streamId, toAppend, { expectedRevision: expected });
          const first = result.events[0];
          return {
            eventId: first.eventId,
            streamId,
            revision: first.revision.toString(),
            position: first.position.toString(),
            ...(request.createdId ? { id: request.createdId } : {}),
          };
        } catch (err) {
          if (err instanceof EventIdConflictError && http.idempotencyKey) {
            // Another process wrote this key first: answer as that attempt did, or refuse the reuse.
            const earlier = await this.replay(http.actor, http.idempotencyKey, hash, request);
            if (earlier) return earlier;
          }
          if (!(err instanceof WrongExpectedRevisionError)) throw err;
          if (assumeNew) {
            // The subject exists after all: read it and decide again (no back-off: nobody raced us).
            assumeNew = false;
            if (http.idempotencyKey) {
              const earlier = await this.replay(http.actor, http.idempotencyKey, hash, request);
              if (earlier) return earlier;
            }
            attempt--;
            continue;
          }
          if (http.ifMatch !== undefined)
            throw this.revisionMismatch(
              streamId,
              http.ifMatch,
              err.actual === 'no_stream' ? undefined : err.actual,
            );
          if (http.idempotencyKey) {
            const earlier = await this.replay(http.actor, http.idempotencyKey, hash, request);
            if (earlier) return earlier;
          }
          if (attempt >= MAX_ATTEMPTS) {
            throw Problem.conflict(
              `并发写入冲突，请重试 · ${streamId} changed concurrently ${attempt} times; retry`,
              'REQUEST.CONCURRENCY_CONFLICT',
              {
                streamId,
              },
            );
          }
          this.logger.debug(
            `retrying ${request.commandType} on ${streamId} after a concurrent append (attempt ${attempt})`,
          );
          await backoff(attempt);
        }
      }
    });
  }

  /** The first answer to this (actor, key) when it exists and the request is the same; 422 when it differs. */
  private async replay(
    actor: Actor,
    key: string,
    hash: string,
    request: CommandRequest,
  ): Promise<CommandResult | undefined> {
    const first = await this.store.findEvent(idempotentEventId(actor.id, key, 0));
    if (!first) return undefined;
    const meta = (first.metadata ?? {}) as Record<string, unknown>;
    if (meta.requestHash !== hash) {
      throw Problem.unprocessable(
        `幂等键已用于另一个请求 · Idempotency-Key "${key}" was already used for a different request (${String(meta.route ?? first.type)})`,
        'REQUEST.IDEMPOTENCY_KEY_REUSED',
      );
    }
    return {
      eventId: first.eventId,
      streamId: first.streamId,
      revision: first.revision.toString(),
      position: first.position.toString(),
      ...(request.createdId ? { id: request.createdId } : {}),
      replayed: true,
    };
  }

  async readStream(
    streamId: string,
  ): Promise<{ events: RecordedDomainEvent[]; revision: bigint | undefined; stored: StoredEvent[] }> {
    let stored: StoredEvent[];
    try {
      stored = await this.store.readStream(streamId);
    } catch (err) {
      if (err instanceof StreamNotFoundError) return { events: [], revision: undefined, stored: [] };
      throw err;
    }
    const events = stored.map((e) => domain.parseRecordedEvent(e));
    return { events, revision: stored.length ? stored[stored.length - 1].revision : undefined, stored };
  }

  private revisionMismatch(streamId: string, expected: bigint, actual: bigint | undefined): Problem {
    return Problem.preconditionFailed(
      `版本不符 · If-Match ${expected} but ${streamId} is at revision ${actual === undefined ? '(none)' : actual.toString()}`,
      {
        streamId,
        expectedRevision: expected.toString(),
        currentRevision: actual === undefined ? null : actual.toString(),
      },
    );
  }

  /** A district recorder may record only for subjects that touch its district (403 otherwise). */
  private async checkScope(request: CommandRequest): Promise<void> {
    const actor = request.http.actor;
    if (isCityWide(actor)) return;
    const district = actor.jurisdiction;
    const districts = await this.directory.districtsOf(request.subject);
    for (const d of this.directory.districtsOfSchools(request.scopeSchools ?? [])) districts.add(d);
    for (const d of request.scopeDistricts ?? []) districts.add(d);
    if (district === undefined || !districts.has(district)) {
      throw Problem.forbidden(
        `超出辖区 · a recorder for district ${String(district)} may not record for ${request.subject.type} ${request.subject.id} (districts: ${[...districts].join(', ') || 'none'})`,
        'AUTH.OUT_OF_JURISDICTION',
      );
    }
  }
}
