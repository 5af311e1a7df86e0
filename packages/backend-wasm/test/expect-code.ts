import { DspError } from '@dsp/backend';
import { expect } from 'vitest';

/** Runs `fn`, expecting a DspError with `code`, and returns it. */
export function expectCode(fn: () => unknown, code: DspError['code']): DspError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DspError);
    expect((e as DspError).code, (e as Error).message).toBe(code);
    return e as DspError;
  }
  throw new Error(`expected DspError ${code}, nothing was thrown`);
}

/** The async counterpart of expectCode. */
export async function expectCodeAsync(promise: Promise<unknown>, code: DspError['code']): Promise<DspError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(DspError);
    expect((e as DspError).code, (e as Error).message).toBe(code);
    return e as DspError;
  }
  throw new Error(`expected DspError ${code}, nothing was thrown`);
}
