// @ts-check
// Runs a child process to completion, streaming its stderr lines to a
// callback (for the progress line) and keeping stdout for the caller.
import { spawn } from 'node:child_process';

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, onLine?: (line: string) => void }} [options]
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string, error?: Error }>}
 */
export function run(command, args, { cwd, env, onLine } = {}) {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let pending = '';
    const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
      pending += chunk;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine?.(line.trim());
    });
    child.on('error', (error) => resolve({ code: null, stdout, stderr, error }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The last few lines of a tool's output, for a one-line reason. @param {string} text */
export function tail(text, lines = 3) {
  return text.trim().split('\n').slice(-lines).join(' | ');
}
