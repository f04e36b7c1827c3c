/**
 * Layering rules of DESIGN.md, checked in CI (`npm run lint`).
 * The domain is pure: no Nest, no database client, nothing that does I/O.
 */
const IO_MODULES =
  '^(fs|node:fs|fs/promises|node:fs/promises|net|node:net|http|node:http|https|node:https|http2|node:http2|child_process|node:child_process|worker_threads|node:worker_threads|dgram|node:dgram|dns|node:dns|tls|node:tls|cluster|node:cluster|os|node:os|process|node:process|readline|node:readline|crypto|node:crypto)$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain may not import Nest, a database client, rxjs, or any Node module that does I/O.',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: {
        path: [
          '^node_modules/@nestjs',
          '^node_modules/better-sqlite3',
          '^node_modules/@eventstore',
          '^node_modules/sqlite3',
          '^node_modules/pg',
          '^node_modules/rxjs',
          '^node_modules/pino',
          '^node_modules/axios',
          '^node_modules/undici',
          IO_MODULES,
        ],
      },
    },
    {
      name: 'domain-imports-no-project-code',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: { path: '^(libs/(event-store|projections|audit)|apps)/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'event-store-imports-domain-types-only',
      severity: 'error',
      from: { path: '^libs/event-store/src' },
      to: { path: '^libs/(projections|audit)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '(^dist/|^apps/dashboard/)' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
