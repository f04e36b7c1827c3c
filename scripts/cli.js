#!/usr/bin/env node
// `npm run cli -- <command>`: runs the built ledger-cli, building the server first when dist/ is missing.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const path = require('node:path');
const entry = path.join(__dirname, '..', 'dist', 'apps', 'ledger-cli', 'src', 'main.js');
if (!existsSync(entry)) {
  execSync('npm run --silent build:server', { stdio: ['ignore', 'inherit', 'inherit'], cwd: path.join(__dirname, '..') });
}
process.env.LEDGER_CLI_MAIN = '1';
require(entry);
