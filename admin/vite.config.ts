/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite'
import solid from 'vite-plugin-solid'

/**
 * The dev server answers `/citizen/` with the app's index.html (its SPA fallback); the built site
 * and the local server serve `public/citizen/index.html` there. This makes dev do the same.
 */
const citizenPage = (): Plugin => ({
  name: 'hotline-citizen-page',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      const url = req.url ?? ''
      const q = url.includes('?') ? url.indexOf('?') : url.length
      const path = url.slice(0, q)
      if (path === '/citizen' || path === '/citizen/') req.url = `/citizen/index.html${url.slice(q)}`
      next()
    })
  },
})

// `pnpm --filter @hotline/admin dev` serves with hot reload and proxies the API to
// a running `pnpm dev` (port 3000); `pnpm build` writes dist/, which the local server serves at /.
export default defineConfig({
  plugins: [solid(), citizenPage()],
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      // `@hotline/domain` is pure (its rule: no I/O, nothing done at import), but its package does not
      // say so (`"sideEffects": false`); saying it here lets a lazy page that imports one helper of it
      // (`localDateOf`, `ROLE_LABELS`) leave out the schemas, terms and calendars of the rest.
      treeshake: {
        moduleSideEffects: [{ test: /[\\/]packages[\\/]domain[\\/]src[\\/]/, sideEffects: false }],
      },
    },
  },
  test: {
    name: 'admin',
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    // A page test on a busy two-core machine (a cold lazy chunk, jsdom) can take longer than 5 s.
    testTimeout: 30_000,
  },
})
