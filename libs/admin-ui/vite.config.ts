// Vite build of the console: served by the API under /admin (src/admin-console.ts), so every
// asset URL starts with /admin/. No inline scripts: helmet's CSP (script-src 'self') must hold.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Vite would inline a small module-preload polyfill into index.html: CSP forbids that.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    // The budget that matters is the gzipped first load (scripts/bundle-budget.mjs), not this raw size.
    chunkSizeWarningLimit: 1000,
  },
});
