// The default theme plus every live example in components/, registered by file
// name and loaded on demand (a page without examples never loads the packages).
import DefaultTheme from 'vitepress/theme';
import { defineAsyncComponent, type Component } from 'vue';
import type { Theme } from 'vitepress';
import './custom.css';

const examples = import.meta.glob<{ default: Component }>('../../components/*.vue');

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    for (const [path, load] of Object.entries(examples)) {
      const name = path.slice(path.lastIndexOf('/') + 1, -'.vue'.length);
      app.component(name, defineAsyncComponent(load));
    }
  },
} satisfies Theme;
