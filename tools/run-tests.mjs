#!/usr/bin/env node
// Runs every test in the repository — the Rust core's `cargo test`, a strict
// typecheck, each package's vitest suite (through turbo, after building), and
// the packed-install test, and (where ../shared holds the librosa reference set)
// its regeneration from public sources — then prints one summary line:
// "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
let passed = 0;
let failed = 0;
const problems = [];

function run(title, cmd, args, cwd = root) {
  console.log(`\n=== ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  if (r.error) problems.push(`${title}: ${r.error.message}`);
  else if (r.status !== 0) problems.push(`${title} exited with ${r.status}`);
  return `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
}

// 1. Rust kernels
const cargoOut = run('Rust core tests', 'cargo', ['test', '--release', '--quiet'], join(root, 'native'));
for (const m of cargoOut.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
  passed += Number(m[1]);
  failed += Number(m[2]);
}

// 2. Build everything, then every package's tests (vitest writes JSON reports).
const workspaces = ['packages', 'apps'].flatMap((dir) =>
  existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((p) => join(root, dir, p)) : [],
);
for (const ws of workspaces) rmSync(join(ws, 'test-results'), { recursive: true, force: true });
run('build', 'pnpm', ['exec', 'turbo', 'run', 'build']);
run('typecheck', 'pnpm', ['exec', 'turbo', 'run', 'typecheck']);
run('package tests', 'pnpm', ['exec', 'turbo', 'run', 'test', '--concurrency=1', '--force']);
for (const ws of workspaces) {
  const report = join(ws, 'test-results', 'vitest.json');
  if (!existsSync(report)) continue;
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (r.numTodoTests ?? 0) + (r.numPendingTests ?? 0);
  // A suite that failed to load has no tests to count but must still fail the run.
  for (const file of r.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
      failed += 1;
      problems.push(`${file.name}: ${String(file.message ?? 'failed to run').split('\n')[0]}`);
    }
  }
}

// 3. The packages as users get them: packed, installed elsewhere, run in ESM and CJS.
const packOut = run('packed install', 'node', [join(root, 'tools', 'pack-test.mjs')]);
for (const m of packOut.matchAll(/^pack-test: (\d+) passed, (\d+) failed$/gm)) {
  passed += Number(m[1]);
  failed += Number(m[2]);
}

// 4. The reference data stays reproducible: where the shared librosa set is present,
// regenerate it from public sources (tools/fixtures) and compare. Each (clip, feature)
// compared is one test; a regeneration that fails before comparing is a failure too.
const sharedFixtures = join(root, '..', 'shared', 'fixtures', 'librosa');
if (existsSync(sharedFixtures)) {
  const fixturesOut = run('librosa fixtures regenerated and compared', 'sh', [join(root, 'tools', 'fixtures', 'make.sh'), '--check', sharedFixtures]);
  const m = /^fixtures-check: (\d+) passed, (\d+) failed$/m.exec(fixturesOut);
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  } else {
    failed += 1;
    problems.push('librosa fixtures: regeneration failed before the comparison (see above)');
  }
} else {
  console.log(`\n=== librosa fixtures: no shared set at ${sharedFixtures}; tests read DSP_FIXTURES or .fixtures/librosa (npm run fixtures)`);
}

if (problems.length) console.log(`\nProblems:\n- ${problems.join('\n- ')}`);
if (problems.length && failed === 0) failed = problems.length;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
