#!/usr/bin/env node
// Tiny launcher: the program lives in dist/ (built by `npm run build`, which `npm install` runs).
import module from 'node:module';

// Node 22.1 and later keep V8's compiled code of the program between runs (in the temporary folder),
// which shortens start-up; Node 20 has no such cache and skips this.
module.enableCompileCache?.();
// A closed pipe (`roi-ledger report | head -1`) is a normal end, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { run } = await import('../dist/cli/main.js');
process.exitCode = await run(process.argv.slice(2));
