import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The viewer is static assets served by the API at `/`; see README.md. */
export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // No data: URIs: the CSP allows fonts and scripts from 'self' only.
    assetsInlineLimit: 0,
    // Modern browsers only; the polyfill would be dead weight.
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
    // asciinema-player embeds its terminal emulator as WebAssembly (~140 KB of base64);
    // it is loaded lazily on the session page, so the warning limit only guards the rest.
    chunkSizeWarningLimit: 700,
  },
});
