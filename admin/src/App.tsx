/**
 * The app: the session, the routes of `routes.ts`, and the shell around them. Every page is loaded
 * on demand, so the entry chunk holds only Solid, the router, the Chinese dictionary and the shell.
 */
import { Route, Router } from '@solidjs/router'
import { type Component, lazy } from 'solid-js'
import { Layout } from './components/Layout'
import { RequireSession } from './components/RequireSession'
import { type AppRoute, ROUTES } from './routes'
import { SessionProvider } from './session'

const NotFoundPage = lazy(() => import('./pages/NotFoundPage'))
const Forbidden = lazy(() => import('./components/Forbidden'))

/** A page for some roles only: anyone else signed in is told so, not shown a page that would fail. */
function guarded(route: AppRoute): Component {
  const access = route.access
  if (access === 'public' || access === 'session') return route.component
  const Page = route.component
  return () => (
    <RequireSession roles={access} fallback={<Forbidden />}>
      <Page />
    </RequireSession>
  )
}

export function App() {
  return (
    <SessionProvider>
      <Router root={Layout}>
        {ROUTES.filter((r) => r.access === 'public').map((r) => (
          <Route path={r.path} component={r.component} />
        ))}
        {/* Signed-in pages: the guard sends anyone else to /login and back here afterwards. */}
        <Route component={RequireSession}>
          {ROUTES.filter((r) => r.access !== 'public').map((r) => (
            <Route path={r.path} component={guarded(r)} />
          ))}
        </Route>
        <Route path="*" component={NotFoundPage} />
      </Router>
    </SessionProvider>
  )
}
