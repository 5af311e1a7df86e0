// Plans freed by dispose(), by the FinalizationRegistry when collected, and by
// the addon's own finalizer when an environment (here a worker) goes away.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createNativeBackend, defaultAddonPath } from '../src/index.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const backend = createNativeBackend();

async function collectTwice(): Promise<void> {
  // The first collection finds the plans unreachable and queues the registry's
  // callbacks; they run on a later task, and the next collection finalizes
  // the handles they released.
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 10));
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('plan lifetime', () => {
  it('plans dropped without dispose() are freed by the collector, and later plans work', async () => {
    for (let i = 0; i < 200; i++) {
      const plan = backend.createFftPlan(i % 2 === 0 ? 'c2c' : 'r2c', i % 3 === 0 ? 'f64' : 'f32', 64 + i);
      if (i % 4 === 0) plan.dispose();
    }
    await collectTwice();
    const plan = backend.createFftPlan('c2c', 'f64', 4);
    const out = new Float64Array(8);
    plan.execute(false, Float64Array.of(1, 0, 1, 0, 1, 0, 1, 0), out, 1, 1, 0);
    expect(Array.from(out)).toEqual([4, 0, 0, 0, 0, 0, 0, 0]);
    plan.dispose();
  });

  it('loads in a worker thread and frees its plans when the worker exits', async () => {
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.path);
      const plan = addon.planNew(0, 0, 8);
      const input = new Float32Array(16).fill(1);
      const output = new Float32Array(16);
      const status = addon.planExecute(plan, false, input, output, 1, 1, 0);
      // Plans left alive here are freed by the addon's finalizer at teardown.
      for (let i = 0; i < 50; i++) addon.planNew(0, 1, 32 + i);
      parentPort.postMessage({ status, dc: output[0], abi: addon.abiVersion() });
    `;
    const worker = new Worker(source, { eval: true, workerData: { path: defaultAddonPath } });
    const message = await new Promise<{ status: unknown; dc: number; abi: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(message).toEqual({ status: undefined, dc: 8, abi: 4 });
    const exitCode = await new Promise<number>((resolve) => worker.once('exit', resolve));
    expect(exitCode).toBe(0);
    // The main thread's backend is unaffected.
    const plan = backend.createFftPlan('c2c', 'f32', 8);
    plan.execute(false, new Float32Array(16), new Float32Array(16), 1, 1, 0);
    plan.dispose();
  });
});
