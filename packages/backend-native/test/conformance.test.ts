import { backendConformanceSuite } from '@dsp/backend/testing';
import { createNativeBackend } from '../src/index.js';

backendConformanceSuite('native', async () => createNativeBackend());
