import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../shared/auth.ts';
import { useMe, usePermissions } from '../api/auth.ts';
import { isApiError } from '../api/client.ts';
import { ErrorResult } from '../components/ErrorResult.tsx';
import { PageLoading } from '../components/PageLoading.tsx';
import { loginPath } from './redirect.ts';

/** Loads GET /api/auth/me once for the whole app; without a session, off to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading fullScreen />;
  if (me.isError) {
    if (isApiError(me.error, 401)) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
    return <ErrorResult error={me.error} onRetry={() => void me.refetch()} />;
  }
  return children;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = usePermissions();
  const { t } = useTranslation();
  if (!can(permission)) return <Result status="403" title="403" subTitle={t('common.forbidden')} />;
  return children;
}
