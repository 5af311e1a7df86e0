// A guide's code, run as a reader would paste it: its ```ts blocks in order,
// joined into one ES module. A line `expression; // true` also asserts that
// the expression is true, so the comments that promise a result are checked.

/** The module a page's ```ts blocks make. Blocks must be plain JavaScript as well (no type annotations). */
export function snippetModule(markdown: string): string {
  const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .join('\n')
    .split('\n')
    .map((line) => {
      const claim = /^(\s*)(.+);\s*\/\/ true\b/.exec(line);
      if (!claim || /^(const|let|var)\s/.test(claim[2]!)) return line;
      const [, indent, expression] = claim;
      return `${indent}if ((${expression}) !== true) throw new Error(${JSON.stringify(`not true: ${expression}`)});`;
    })
    .join('\n');
}
