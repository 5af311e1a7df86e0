// The pffft-wasm package ships no types: its emscripten factory, as used here.
declare module '@echogarden/pffft-wasm/simd' {
  const PFFFT: () => Promise<import('./pffft.mjs').PffftModule>;
  export default PFFFT;
}
