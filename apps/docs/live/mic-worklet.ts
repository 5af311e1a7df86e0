// The AudioWorklet side of the microphone example: the wasm backend runs in
// the audio thread, started from the module the page compiled (a worklet
// cannot fetch), and a spectrogram stream turns each 128-sample render
// quantum into whatever frames became complete, posted to the page.
import { registerBackend, setBackend } from '@dsp/backend';
import { createWasmBackend } from '@dsp/backend-wasm';
import { createSpectrogramStream, type FrameStream } from '@dsp/stft';
import { describeFailure } from './failure';

declare const AudioWorkletProcessor: { prototype: object; new (): { readonly port: MessagePort } };
declare function registerProcessor(name: string, processor: unknown): void;

export interface MicProcessorOptions {
  module: WebAssembly.Module;
  nFft: number;
  hopLength: number;
}

export type MicMessage =
  | { type: 'ready' }
  | { type: 'frames'; data: Float32Array; nFrames: number; nBins: number }
  | { type: 'error'; message: string };

class SpectrogramProcessor extends AudioWorkletProcessor {
  #stream: FrameStream | undefined;
  #failed = false;

  constructor(options: { processorOptions: MicProcessorOptions }) {
    super();
    const { module, nFft, hopLength } = options.processorOptions;
    registerBackend('wasm', () => createWasmBackend({ wasm: module }), 2);
    setBackend('wasm')
      .then(() => {
        this.#stream = createSpectrogramStream({ nFft, hopLength, center: false, scale: 'db' });
        this.#post({ type: 'ready' });
      })
      .catch((e: unknown) => this.#fail(e));
  }

  #post(message: MicMessage, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  #fail(e: unknown): void {
    this.#failed = true;
    this.#post({ type: 'error', message: describeFailure(e) });
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (this.#stream === undefined || channel === undefined || this.#failed) return !this.#failed;
    try {
      const frames = this.#stream.push(channel);
      const [nFrames, nBins] = frames.shape;
      if (nFrames > 0) {
        const data = frames.data as Float32Array;
        this.#post({ type: 'frames', data, nFrames, nBins }, [data.buffer]);
      }
    } catch (e) {
      this.#fail(e);
    }
    return !this.#failed;
  }
}

registerProcessor('dsp-spectrogram', SpectrogramProcessor);
