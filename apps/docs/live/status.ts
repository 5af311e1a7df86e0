// What every live example shows besides its result: its failure, and the
// timings the e2e reads to tell the framework's boot from ours.
import { ref, type Ref } from 'vue';
import { describeFailure } from './failure';
import { startLoading } from './runtime';

export interface ExampleStatus {
  /** The failure on screen ('' when none). */
  error: Ref<string>;
  /** When the first result appeared (ms since navigation). */
  firstResultMs: Ref<number | undefined>;
  /** When this example's code started (ms since navigation; undefined while rendering on the server). */
  setupMs: number | undefined;
  /** Shows `e` as the example's failure. */
  fail(e: unknown): void;
  /** A result is on screen: clears the failure and notes when the first one came. */
  shown(): void;
  /** Starts loading the core (and `what`, see runtime.ts's startLoading), a failure shown here. */
  load(): Promise<true | undefined>;
  load<T>(what: () => Promise<T>): Promise<T | undefined>;
}

export function useExampleStatus(): ExampleStatus {
  const error = ref('');
  const firstResultMs = ref<number>();
  const show = (message: string) => (error.value = message);
  function load(): Promise<true | undefined>;
  function load<T>(what: () => Promise<T>): Promise<T | undefined>;
  function load<T>(what?: () => Promise<T>): Promise<T | true | undefined> {
    return what ? startLoading(show, what) : startLoading(show);
  }
  return {
    error,
    firstResultMs,
    setupMs: typeof window === 'undefined' ? undefined : performance.now(),
    fail: (e) => show(describeFailure(e)),
    shown() {
      error.value = '';
      firstResultMs.value ??= performance.now();
    },
    load,
  };
}
