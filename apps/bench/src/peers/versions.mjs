// @ts-check
// Installed versions of the npm peers, read from their package.json (some
// packages' "exports" hide package.json from require.resolve).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @param {string} name */
export function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(join(appDir, 'node_modules', name, 'package.json'), 'utf8')).version ?? '?';
  } catch {
    return '?';
  }
}
