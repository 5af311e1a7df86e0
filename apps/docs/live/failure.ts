import { isDspError } from '@dsp/backend';

/** What the page shows for a failure: a DspError's code and message (the packages' own words), else the error's name and message. */
export function describeFailure(e: unknown): string {
  if (isDspError(e)) return `${e.code}: ${e.message}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
