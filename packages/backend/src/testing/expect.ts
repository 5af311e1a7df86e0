// Assertions on the one error type: a test names the DspError code it expects.
import { expect } from 'vitest';

import { DspError } from '../errors.js';

function checkDspError(e: unknown, code: DspError['code'], mentions: readonly string[]): DspError {
  expect(e).toBeInstanceOf(DspError);
  expect((e as DspError).code, (e as Error).message).toBe(code);
  for (const m of mentions) expect((e as DspError).message).toContain(m);
  return e as DspError;
}

/**
 * Runs `fn`, expecting it to throw a DspError with `code` whose message
 * contains every one of `mentions`; returns the error (for its message or cause).
 */
export function expectDspError(fn: () => unknown, code: DspError['code'], ...mentions: string[]): DspError {
  try {
    fn();
  } catch (e) {
    return checkDspError(e, code, mentions);
  }
  throw new Error(`expected DspError ${code}, nothing was thrown`);
}

/** The async counterpart of expectDspError: `promise` must reject with a DspError with `code`. */
export async function expectDspErrorAsync(promise: Promise<unknown>, code: DspError['code'], ...mentions: string[]): Promise<DspError> {
  try {
    await promise;
  } catch (e) {
    return checkDspError(e, code, mentions);
  }
  throw new Error(`expected DspError ${code}, the promise resolved`);
}
