export * from './iso-day';
export * from './ledger-view';
export * from './states';
export * from './subjects';
