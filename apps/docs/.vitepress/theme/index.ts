// The default theme with the examples' styles. Each example page imports its
// component itself, so the packages load with that page's own chunk, in
// parallel with the framework, and no other page pays for them.
import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import './custom.css';

export default { extends: DefaultTheme } satisfies Theme;
