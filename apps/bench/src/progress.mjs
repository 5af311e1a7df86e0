// @ts-check
// One status line on stderr: rewritten in place (\r) on a terminal; in a log,
// a line every few seconds instead, so the log stays readable.

export class Progress {
  /** @param {number} total cases the Node phase will time */
  constructor(total) {
    this.total = total;
    this.done = 0;
    this.start = Date.now();
    this.tty = Boolean(process.stderr.isTTY);
    this.width = 0;
    this.lastLogged = 0;
  }

  elapsed() {
    const s = Math.round((Date.now() - this.start) / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  /** Shows a status; `count` marks one Node case finished. @param {string} text @param {{ count?: boolean }} [o] */
  update(text, { count = false } = {}) {
    if (count) this.done++;
    const pct = this.total ? Math.floor((100 * this.done) / this.total) : 0;
    const line = `[${String(this.done).padStart(String(this.total).length)}/${this.total} ${String(pct).padStart(3)}% ${this.elapsed()}] ${text}`;
    if (this.tty) {
      const cols = process.stderr.columns || 120;
      const shown = line.length > cols - 1 ? line.slice(0, cols - 2) + '…' : line;
      process.stderr.write(`\r${shown.padEnd(this.width)}`);
      this.width = shown.length;
    } else if (Date.now() - this.lastLogged > 3000) {
      process.stderr.write(`${line}\n`);
      this.lastLogged = Date.now();
    }
  }

  /** A line that stays (a phase starting, a peer unavailable). @param {string} text */
  log(text) {
    if (this.tty && this.width) process.stderr.write(`\r${' '.repeat(this.width)}\r`);
    this.width = 0;
    process.stderr.write(`${text}\n`);
  }

  finish() {
    if (this.tty && this.width) process.stderr.write(`\r${' '.repeat(this.width)}\r`);
    this.width = 0;
  }
}
