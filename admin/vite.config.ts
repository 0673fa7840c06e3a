/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'

// `pnpm --filter @hotline/admin dev` serves with hot reload and proxies the API to
// a running `pnpm dev` (port 3000); `pnpm build` writes dist/, which the local server serves at /.
export default defineConfig({
  plugins: [solid()],
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: { target: 'es2022', sourcemap: true },
  test: {
    name: 'admin',
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
  },
})
