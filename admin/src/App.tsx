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
const AuthCallbackPage = lazy(() => import('./pages/AuthCallbackPage'))
const OutboxPage = lazy(() => import('./pages/OutboxPage'))
const TicketsPage = lazy(() => import('./pages/TicketsPage'))
const TicketPage = lazy(() => import('./pages/TicketPage'))
const DeductionsPage = lazy(() => import('./pages/DeductionsPage'))
const DeductionPage = lazy(() => import('./pages/DeductionPage'))
const ImportPage = lazy(() => import('./pages/ImportPage'))
const StatusPage = lazy(() => import('./pages/StatusPage'))
const DashboardPage = lazy(() => import('./pages/DashboardPage'))
const StatementPage = lazy(() => import('./pages/StatementPage'))
const IncidentsPage = lazy(() => import('./pages/IncidentsPage'))
const CompliancePage = lazy(() => import('./pages/CompliancePage'))
const SettingsPage = lazy(() => import('./pages/SettingsPage'))
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'))

export function App() {
  return (
    <SessionProvider>
      <Router root={Layout}>
        <Route path="/" component={HomePage} />
        <Route path="/login" component={LoginPage} />
        {/* On AWS: Cognito's hosted UI comes back here with the authorization code. */}
        <Route path="/auth/callback" component={AuthCallbackPage} />
        <Route path="/status" component={StatusPage} />
        {/* Signed-in pages: the guard sends anyone else to /login and back here afterwards. */}
        <Route component={RequireSession}>
          {/* The start page after signing in (`/` sends a signed-in user here). */}
          <Route path="/dashboard" component={DashboardPage} />
          <Route path="/statement" component={StatementPage} />
          <Route path="/outbox" component={OutboxPage} />
          <Route path="/tickets" component={TicketsPage} />
          <Route path="/tickets/:id" component={TicketPage} />
          <Route path="/deductions" component={DeductionsPage} />
          <Route path="/deductions/:month/:id" component={DeductionPage} />
          <Route path="/incidents" component={IncidentsPage} />
          <Route path="/compliance" component={CompliancePage} />
          <Route path="/settings" component={SettingsPage} />
          {/* Shown in the nav to agency reviewers only; the page says so to anyone else. */}
          <Route path="/import" component={ImportPage} />
        </Route>
        <Route path="*" component={NotFoundPage} />
      </Router>
    </SessionProvider>
  )
}
