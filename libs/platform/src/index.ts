export * from './config';
export * from './clock';
export * from './tokens';
export * from './event-store';

/** DI token for the `LedgerConfig`. */
export const LEDGER_CONFIG = Symbol.for('ledger.Config');
