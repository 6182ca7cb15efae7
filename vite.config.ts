import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app lives in web/; the Fastify server serves web/dist in production and
// `npm run dev:web` proxies the API to a running server.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3000', '/open311': 'http://localhost:3000' } },
});
