export * from './shared/terms';
export * from './shared/envelope';
export * from './shared/finding';
export * from './events';
