import { Global, Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { CLOCK, LEDGER_CONFIG, type Clock, type LedgerConfig } from '@ledger/platform';
import { BootOrder } from './boot-order';
import { HealthRegistry } from './health-registry';

export interface PlatformModuleOptions {
  readonly config: LedgerConfig;
  readonly eventStore: EventStore;
  readonly clock: Clock;
}

/** Closes the store when the app shuts down. */
class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * Global providers every module of the API may inject: `LEDGER_CONFIG`, `EVENT_STORE` (the port
 * of @ledger/event-store), `CLOCK`, the `HealthRegistry` and the `BootOrder`.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: LEDGER_CONFIG, useValue: options.config },
        { provide: EVENT_STORE, useValue: options.eventStore },
        { provide: CLOCK, useValue: options.clock },
        HealthRegistry,
        BootOrder,
        EventStoreCloser,
      ],
      exports: [LEDGER_CONFIG, EVENT_STORE, CLOCK, HealthRegistry, BootOrder],
    };
  }
}
