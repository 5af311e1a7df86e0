import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme, type Plugin } from 'vitepress';
import { SAMPLE_FILE, synthesizeSample, SAMPLE_RATE } from '../live/sample';
import { encodeWav } from '../live/wav';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A page's title: frontmatter `title`, else its first heading. Ordered by frontmatter `order`, then title. */
function pageEntry(dir: string, file: string): DefaultTheme.SidebarItem & { order: number } {
  const text = readFileSync(`${root}/${dir}/${file}`, 'utf8');
  const title = /^title:\s*(.+)$/m.exec(text)?.[1] ?? /^#\s+(.+)$/m.exec(text)?.[1] ?? file;
  const order = Number(/^order:\s*(\d+)$/m.exec(text)?.[1] ?? 100);
  return { text: title.replace(/^['"]|['"]$/g, ''), link: `/${dir}/${file.replace(/\.md$/, '')}`, order };
}

/** Every page in a folder: a new package's guide or example is one more file, no list to edit. */
function pagesIn(dir: string): DefaultTheme.SidebarItem[] {
  if (!existsSync(`${root}/${dir}`)) return [];
  return readdirSync(`${root}/${dir}`)
    .filter((f) => f.endsWith('.md') && f !== 'index.md')
    .map((f) => pageEntry(dir, f))
    .sort((a, b) => a.order - b.order || a.text!.localeCompare(b.text!))
    .map(({ order: _order, ...item }) => item);
}

/** The API reference typedoc wrote into api/@dsp/ (one page per package). */
function apiPages(): DefaultTheme.SidebarItem[] {
  const dir = `${root}/api/@dsp`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ text: `@dsp/${f.replace(/\.md$/, '')}`, link: `/api/@dsp/${f.replace(/\.md$/, '')}` }));
}

/** The bundled audio sample, synthesised at build time (served in dev, emitted in the build): no binary in the repository. */
function bundledSample(): Plugin {
  const wav = () => encodeWav(synthesizeSample(), SAMPLE_RATE, 'float32');
  return {
    name: 'dsp-bundled-sample',
    configureServer(server) {
      server.middlewares.use(`/${SAMPLE_FILE}`, (_req, res) => {
        res.setHeader('content-type', 'audio/wav');
        res.end(wav());
      });
    },
    generateBundle(options) {
      // Once, into the client build (the SSR build has no public files).
      if (options.format === 'es' && !String(options.dir ?? '').includes('.temp')) {
        this.emitFile({ type: 'asset', fileName: SAMPLE_FILE, source: wav() });
      }
    },
  };
}

export default defineConfig({
  title: '@dsp',
  description: 'Signal processing for TypeScript: one Rust core, native and wasm backends',
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  srcExclude: ['README.md', 'components/**', 'live/**', 'e2e/**'],
  themeConfig: {
    nav: [
      { text: 'Getting started', link: '/getting-started' },
      { text: 'Guides', link: '/guide/fft' },
      { text: 'Examples', link: '/examples/fft-explorer' },
      { text: 'Migration', link: '/migration' },
      { text: 'Performance', link: '/performance' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      { text: 'Introduction', items: [{ text: 'Getting started', link: '/getting-started' }, { text: 'Backends', link: '/backends' }, { text: 'Errors', link: '/errors' }] },
      { text: 'Guides', items: pagesIn('guide') },
      { text: 'Live examples', items: pagesIn('examples') },
      { text: 'Reference', items: [{ text: 'Migration tables', link: '/migration' }, { text: 'Performance', link: '/performance' }, { text: 'API', link: '/api/', items: apiPages() }] },
    ],
    search: { provider: 'local' },
  },
  // Example pages start fetching the core with the HTML, not after their scripts ran.
  transformHead({ pageData, assets }) {
    const wasm = assets.find((a) => /\/dsp_core\.[\w-]+\.wasm$/.test(a));
    if (!wasm || !pageData.relativePath.startsWith('examples/')) return [];
    return [['link', { rel: 'preload', href: wasm, as: 'fetch', type: 'application/wasm', crossorigin: '' }]];
  },
  vite: {
    plugins: [bundledSample()],
    // AudioWorklets load modules only. Assets named as the page's, so the
    // worklet bundle's reference to dsp_core.wasm is the same file, not a copy.
    worker: { format: 'es', rollupOptions: { output: { assetFileNames: 'assets/[name].[hash].[ext]' } } },
    build: { chunkSizeWarningLimit: 1024 },
  },
});
