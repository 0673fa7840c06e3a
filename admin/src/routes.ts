/**
 * Every page of the app in one table: its path, its component (loaded on demand), who may open it
 * and its place in the navigation. `App.tsx` builds the router from it, the shell builds the nav from
 * it, and the guard refuses a page to a role it does not list: one place, so they cannot disagree.
 */
import type { Role } from '@hotline/domain'
import { type Component, lazy } from 'solid-js'
import type { Dictionary } from './i18n'
import { hasAnyRole, IMPORT_PAGE_ROLES, STAFF_ROLES } from './permissions'

/** A navigation label: a key of the dictionary's `nav` section. */
export type NavLabel = Exclude<keyof Dictionary['nav'], 'label' | 'signIn' | 'signOut' | 'user'>

export type AppRoute = {
  readonly path: string
  readonly component: Component
  /** `public`: anyone; `session`: any signed-in user; a list: signed-in users with one of these roles. */
  readonly access: 'public' | 'session' | readonly Role[]
  /** In the main navigation with this label, in the table's order. */
  readonly nav?: NavLabel
}

const page = (load: () => Promise<{ default: Component }>) => lazy(load)

/** In navigation order: the reviewer's month first (numbers, queue, close, bill), then the day's work. */
export const ROUTES: readonly AppRoute[] = [
  { path: '/', component: page(() => import('./pages/HomePage')), access: 'public' },
  { path: '/login', component: page(() => import('./pages/LoginPage')), access: 'public' },
  // On AWS: Cognito's hosted UI comes back here with the authorization code.
  { path: '/auth/callback', component: page(() => import('./pages/AuthCallbackPage')), access: 'public' },
  // The start page after signing in (`/` sends a signed-in user here).
  {
    path: '/dashboard',
    component: page(() => import('./pages/DashboardPage')),
    access: 'session',
    nav: 'dashboard',
  },
  {
    path: '/deductions',
    component: page(() => import('./pages/DeductionsPage')),
    access: STAFF_ROLES,
    nav: 'deductions',
  },
  {
    path: '/deductions/:month/:id',
    component: page(() => import('./pages/DeductionPage')),
    access: STAFF_ROLES,
  },
  // 月度考核确认: `/months` opens the month in context's `/months/:month`; its 确认单 is printed from there.
  {
    path: '/months',
    component: page(() => import('./pages/MonthClosePage').then((m) => ({ default: m.MonthInContext }))),
    access: STAFF_ROLES,
    nav: 'monthClose',
  },
  {
    path: '/months/:month',
    component: page(() => import('./pages/MonthClosePage')),
    access: STAFF_ROLES,
  },
  {
    path: '/months/:month/confirmation',
    component: page(() => import('./pages/ConfirmationPage')),
    access: STAFF_ROLES,
  },
  {
    path: '/statement',
    component: page(() => import('./pages/StatementPage')),
    access: 'session',
    nav: 'statement',
  },
  {
    path: '/tickets',
    component: page(() => import('./pages/TicketsPage')),
    access: 'session',
    nav: 'tickets',
  },
  { path: '/tickets/:id', component: page(() => import('./pages/TicketPage')), access: 'session' },
  // By ticket number; by phone (audited) for PHONE_REVEAL_ROLES only, which the page checks.
  { path: '/search', component: page(() => import('./pages/SearchPage')), access: 'session' },
  {
    path: '/incidents',
    component: page(() => import('./pages/IncidentsPage')),
    access: 'session',
    nav: 'incidents',
  },
  {
    path: '/compliance',
    component: page(() => import('./pages/CompliancePage')),
    access: 'session',
    nav: 'compliance',
  },
  // The records a KPI result cites, each by the id its evidence gives (pages/records/links.ts).
  {
    path: '/records/calls/:day/:callId',
    component: page(() => import('./pages/records/CallPage')),
    access: 'session',
  },
  {
    path: '/records/publications/:day/:publicationId',
    component: page(() => import('./pages/records/PublicationPage')),
    access: 'session',
  },
  {
    path: '/records/incidents/:month/:incidentId',
    component: page(() => import('./pages/records/IncidentPage')),
    access: 'session',
  },
  {
    path: '/records/checks/:week/:checkKey',
    component: page(() => import('./pages/records/CheckPage')),
    access: 'session',
  },
  {
    path: '/records/staff/:staffId',
    component: page(() => import('./pages/records/StaffPage')),
    access: 'session',
  },
  { path: '/outbox', component: page(() => import('./pages/OutboxPage')), access: 'session', nav: 'outbox' },
  // Agency reviewers only; the API also takes `integration`, a machine client that never signs in here.
  {
    path: '/import',
    component: page(() => import('./pages/ImportPage')),
    access: IMPORT_PAGE_ROLES,
    nav: 'import',
  },
  {
    path: '/settings',
    component: page(() => import('./pages/SettingsPage')),
    access: 'session',
    nav: 'settings',
  },
  { path: '/status', component: page(() => import('./pages/StatusPage')), access: 'public', nav: 'home' },
]

/** Whether someone with `roles` (none: signed out) may open `route`. */
export function mayOpen(route: AppRoute, roles: readonly Role[] | undefined): boolean {
  if (route.access === 'public') return true
  if (!roles) return false
  return route.access === 'session' || hasAnyRole(roles, route.access)
}
