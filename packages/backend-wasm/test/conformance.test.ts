import { backendConformanceSuite } from '@dsp/backend/testing';
import { createWasmBackend } from '../src/index.js';
import { coreUrl } from './core-url.js';

backendConformanceSuite('wasm', async () => createWasmBackend({ wasm: coreUrl }));
