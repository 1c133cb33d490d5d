/**
 * The console's routes under `/admin` (TanStack Router, code-based) and who may open them. A page
 * a role's API does not allow is not in its navigation, and opening it by URL shows "not
 * available" instead (DESIGN §1: an OEM never reaches staff pages). Signed out, every page sends
 * to the sign-in page and back.
 */
import { Text } from '@mantine/core';
import { createRootRoute, createRoute, createRouter, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { Suspense } from 'react';
import { Layout, Forbidden } from './layout';
import { JobsPage } from './pages/jobs';
import { LeadPage } from './pages/lead';
import { LeadsPage, parseLeadSearch } from './pages/leads';
import { LoginPage } from './pages/login';
import { homeOf, mayOpen, type PAGE_ROLES } from './access';
import { currentSession } from './session';
import { parseCalendarSearch } from './pages/workflow/calendar-search';
import { t } from './i18n';

// The workflow's pages load on first visit (their own chunks): the first load of /admin stays small.
// One style for every lazy page, the router's (it also reloads once when a deploy removed a chunk).
const NewLeadPage = lazyRouteComponent(() => import('./pages/workflow/new-lead'), 'NewLeadPage');
const CalendarPage = lazyRouteComponent(() => import('./pages/workflow/calendar'), 'CalendarPage');
const JobPage = lazyRouteComponent(() => import('./pages/field/job'), 'JobPage');

function requireSession() {
  const session = currentSession();
  // The full path (with /admin): sign-in pushes it back onto the browser history.
  if (!session) throw redirect({ to: '/login', search: { next: window.location.pathname + window.location.search } });
  return { session };
}

const rootRoute = createRootRoute({ component: Layout });

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { next?: string } => (typeof search.next === 'string' ? { next: search.next } : {}),
  component: LoginPage,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    const { session } = requireSession();
    throw redirect({ to: homeOf(session.user.role) });
  },
});

const leadsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/leads',
  validateSearch: parseLeadSearch,
  beforeLoad: requireSession,
  component: () => <Allowed page="leads"><LeadsPage /></Allowed>,
});

const leadRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/leads/$leadId',
  beforeLoad: requireSession,
  // A new lead is a new page: a link to another lead (the duplicate badge) starts from empty forms.
  remountDeps: ({ params }) => params,
  component: () => <Allowed page="leads"><LeadPage /></Allowed>,
});

const jobsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/jobs',
  beforeLoad: requireSession,
  component: () => <Allowed page="jobs"><JobsPage /></Allowed>,
});

// The dashboard, admin and OEM pages (src/pages/roles/), each its own chunk: loaded when opened.
const DashboardPage = lazyRouteComponent(() => import('./pages/roles/dashboard'), 'DashboardPage');
const UsersPage = lazyRouteComponent(() => import('./pages/roles/users'), 'UsersPage');
const TeamsPage = lazyRouteComponent(() => import('./pages/roles/teams'), 'TeamsPage');
const LeadSourcesPage = lazyRouteComponent(() => import('./pages/roles/lead-sources'), 'LeadSourcesPage');
const WebhooksPage = lazyRouteComponent(() => import('./pages/roles/webhooks'), 'WebhooksPage');
const ClosurePacksPage = lazyRouteComponent(() => import('./pages/roles/closure-packs'), 'ClosurePacksPage');

const rolesRoutes = [
  createRoute({ getParentRoute: () => rootRoute, path: '/dashboard', beforeLoad: requireSession, component: () => <Allowed page="dashboard"><DashboardPage /></Allowed> }),
  createRoute({ getParentRoute: () => rootRoute, path: '/users', beforeLoad: requireSession, component: () => <Allowed page="users"><UsersPage /></Allowed> }),
  createRoute({ getParentRoute: () => rootRoute, path: '/teams', beforeLoad: requireSession, component: () => <Allowed page="teams"><TeamsPage /></Allowed> }),
  createRoute({ getParentRoute: () => rootRoute, path: '/lead-sources', beforeLoad: requireSession, component: () => <Allowed page="leadSources"><LeadSourcesPage /></Allowed> }),
  createRoute({ getParentRoute: () => rootRoute, path: '/webhooks', beforeLoad: requireSession, component: () => <Allowed page="webhooks"><WebhooksPage /></Allowed> }),
  createRoute({ getParentRoute: () => rootRoute, path: '/closure-packs', beforeLoad: requireSession, component: () => <Allowed page="closurePacks"><ClosurePacksPage /></Allowed> }),
] as const;
const newLeadRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/leads/new',
  beforeLoad: requireSession,
  component: () => <Allowed page="newLead"><NewLeadPage /></Allowed>,
});

const calendarRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/calendar',
  validateSearch: parseCalendarSearch,
  beforeLoad: requireSession,
  component: () => <Allowed page="calendar"><CalendarPage /></Allowed>,
});

const jobRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/jobs/$kind/$jobId',
  params: { parse: ({ kind, jobId }) => ({ kind: kind === 'installation' ? ('installation' as const) : ('survey' as const), jobId }), stringify: (params) => params },
  beforeLoad: requireSession,
  component: () => <Allowed page="jobs"><JobPage /></Allowed>,
});

function Allowed({ page, children }: { page: keyof typeof PAGE_ROLES; children: React.ReactNode }) {
  return mayOpen(currentSession()?.user.role, page) ? <Suspense fallback={<Text>{t('common.loading')}</Text>}>{children}</Suspense> : <Forbidden />;
}

const routeTree = rootRoute.addChildren([loginRoute, indexRoute, leadsRoute, newLeadRoute, leadRoute, jobsRoute, jobRoute, calendarRoute, ...rolesRoutes]);

/** The router; `basepath` matches where the API serves the console. */
export const router = createRouter({ routeTree, basepath: '/admin', defaultPreload: false });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
