import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './problem.ts';

/** Shown in place of a page whose data failed to load. */
export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('common.loadFailed')}
      subTitle={errorMessage(t, error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : null}
    />
  );
}
