import { createBrowserRouter, Navigate } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { setUnauthorizedHandler } from '../api/client.ts';
import { queryKeys } from '../api/keys.ts';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { CustomerListPage } from '../pages/customers/CustomerListPage.tsx';
import { CustomerDetailPage } from '../pages/customers/CustomerDetailPage.tsx';
import { SettingsPage } from '../pages/settings/SettingsPage.tsx';
import { AnalyticsDashboardPage } from '../pages/analytics/AnalyticsDashboardPage.tsx';
import { NotFoundPage } from '../pages/NotFoundPage.tsx';
import { AppShell } from './AppShell.tsx';
import { RequireAuth, RequirePermission } from './guards.tsx';
import { queryClient } from './queryClient.ts';
import { loginPath } from './redirect.ts';

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/customers" replace /> },
      { path: 'customers', element: <CustomerListPage /> },
      { path: 'customers/:id', element: <CustomerDetailPage /> },
      {
        path: 'analytics',
        element: (
          <RequirePermission permission="analytics.read">
            <AnalyticsDashboardPage />
          </RequirePermission>
        ),
      },
      {
        path: 'settings',
        element: (
          <RequirePermission permission="users.manage">
            <SettingsPage />
          </RequirePermission>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

// A 401 from any API call means the session is gone: forget who we were and sign in again.
setUnauthorizedHandler(() => {
  const { pathname, search } = router.state.location;
  if (pathname === '/login') return;
  queryClient.removeQueries({ queryKey: queryKeys.me });
  void router.navigate(loginPath(pathname + search), { replace: true });
});

export function AppRouter() {
  return <RouterProvider router={router} />;
}
