import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @switchboard/web` serves the app with hot reload and forwards the API to `npm start` on :3000.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 400 },
});
