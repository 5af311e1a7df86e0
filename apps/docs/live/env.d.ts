// What Vite adds to module resolution, for the type checker (the .vue files are checked by Vite's build).
declare module '*?worker&url' {
  const url: string;
  export default url;
}
declare module '*.css';
declare module '*.vue' {
  import type { Component } from 'vue';
  const component: Component;
  export default component;
}
