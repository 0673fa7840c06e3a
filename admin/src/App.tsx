/**
 * The app: the session, the routes, and the shell around them. Every page is loaded on demand,
 * so the entry chunk holds only Solid, the router, the dictionaries and the shell.
 */
import { Route, Router } from '@solidjs/router'
import { lazy } from 'solid-js'
import { Layout } from './components/Layout'
import { RequireSession } from './components/RequireSession'
import { SessionProvider } from './session'

const HomePage = lazy(() => import('./pages/HomePage'))
const LoginPage = lazy(() => import('./pages/LoginPage'))
const OutboxPage = lazy(() => import('./pages/OutboxPage'))
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'))

export function App() {
  return (
    <SessionProvider>
      <Router root={Layout}>
        <Route path="/" component={HomePage} />
        <Route path="/login" component={LoginPage} />
        {/* Signed-in pages: the guard sends anyone else to /login and back here afterwards. */}
        <Route component={RequireSession}>
          <Route path="/outbox" component={OutboxPage} />
        </Route>
        <Route path="*" component={NotFoundPage} />
      </Router>
    </SessionProvider>
  )
}
