import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API is served by Flask on :5000; in development Vite proxies /api to it.
const API_TARGET = process.env.VITE_API_TARGET || 'http://127.0.0.1:5000';

// Two entries: the staff application (index.html) and the patients' public pages (publico.html, served at
// /c/<token>, /o/<token> and /reservar[/...] by Flask's static_ui.py), so that patients never download the staff application.
const PAGINAS_PUBLICAS = /^\/([co]\/[^/]+\/?|reservar(\/.*)?)$/;

function paginasPublicas() {
  const reescribir = (req, _res, next) => {
    if (PAGINAS_PUBLICAS.test((req.url || '').split('?')[0])) req.url = '/publico.html';
    next();
  };
  return {
    name: 'paginas-publicas',
    configureServer(server) {
      server.middlewares.use(reescribir);
    },
    configurePreviewServer(server) {
      server.middlewares.use(reescribir);
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [react(), paginasPublicas()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    // The user guide (docs/manual) is bundled into the help page (src/components/ayuda/manual.js).
    fs: { allow: ['.', '../docs/manual'] },
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      input: { main: 'index.html', publico: 'publico.html' },
      output: {
        // React is shared by both entries: its own chunk, named so (Rollup would otherwise name the shared chunk
        // after whichever small module it met first).
        manualChunks(id) {
          if (/[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.js'],
    include: ['src/**/*.test.{js,jsx}'],
    css: false,
    // MUI components render slowly in jsdom on a busy 2-core machine: the default 5 s is too tight.
    testTimeout: 20000,
    // One test file per core. `vitest run` leaves a core free by default (one worker on two cores, 550 s);
    // `make test` runs these tests before the backend's, with nothing else to leave the core to.
    maxWorkers: '100%',
  },
});
