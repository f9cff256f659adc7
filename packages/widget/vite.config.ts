import { defineConfig } from 'vite';

// One self-contained script (no imports, no CSS file): `<script src="…/widget.js" data-workspace="SLUG" async>`.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    lib: { entry: 'src/widget.ts', formats: ['iife'], name: 'SwitchboardWidget', fileName: () => 'widget.js' },
    reportCompressedSize: true,
  },
});
