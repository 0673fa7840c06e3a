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
const TicketsPage = lazy(() => import('./pages/TicketsPage'))
const TicketPage = lazy(() => import('./pages/TicketPage'))
const ImportPage = lazy(() => import('./pages/ImportPage'))
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
          <Route path="/tickets" component={TicketsPage} />
          <Route path="/tickets/:id" component={TicketPage} />
          {/* Shown in the nav to agency reviewers only; the page says so to anyone else. */}
          <Route path="/import" component={ImportPage} />
        </Route>
        <Route path="*" component={NotFoundPage} />
      </Router>
    </SessionProvider>
  )
}
