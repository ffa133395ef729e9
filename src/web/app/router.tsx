import { createBrowserRouter, Navigate } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { setUnauthorizedHandler } from '../api/client.ts';
import { queryKeys } from '../api/keys.ts';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { CustomerListPage } from '../pages/customers/CustomerListPage.tsx';
import { CustomerDetailPage } from '../pages/customers/CustomerDetailPage.tsx';
import { SettingsPage } from '../pages/settings/SettingsPage.tsx';
import { PoolPage } from '../pages/pool/PoolPage.tsx';
import { OrderCreatePage } from '../pages/orders/OrderCreatePage.tsx';
import { OrderDetailPage } from '../pages/orders/OrderDetailPage.tsx';
import { OrderListPage } from '../pages/orders/OrderListPage.tsx';
import { ProductListPage } from '../pages/products/ProductListPage.tsx';
import { AnalyticsDashboardPage } from '../pages/analytics/AnalyticsDashboardPage.tsx';
import { DuplicatesPage } from '../pages/duplicates/DuplicatesPage.tsx';
import { MergePage } from '../pages/duplicates/MergePage.tsx';
import { ImportsPage } from '../pages/imports/ImportsPage.tsx';
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
        path: 'orders',
        element: (
          <RequirePermission permission="orders.read">
            <OrderListPage />
          </RequirePermission>
        ),
      },
      {
        path: 'orders/new',
        element: (
          <RequirePermission permission="orders.write">
            <OrderCreatePage />
          </RequirePermission>
        ),
      },
      {
        path: 'orders/:id',
        element: (
          <RequirePermission permission="orders.read">
            <OrderDetailPage />
          </RequirePermission>
        ),
      },
      { path: 'products', element: <ProductListPage /> },
      { path: 'pool', element: <PoolPage /> },
      { path: 'duplicates', element: <DuplicatesPage /> },
      {
        path: 'duplicates/merge',
        element: (
          <RequirePermission permission="customers.delete">
            <MergePage />
          </RequirePermission>
        ),
      },
      {
        path: 'imports',
        element: (
          <RequirePermission permission="customers.write">
            <ImportsPage />
          </RequirePermission>
        ),
      },
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
