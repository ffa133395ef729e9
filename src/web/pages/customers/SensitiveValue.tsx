import { useState } from 'react';
import { App, Button, Flex, Tooltip, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SensitiveField } from '../../../shared/visibility.ts';
import { usePermissions } from '../../api/auth.ts';
import { useReveal } from '../../api/pool.ts';
import { errorMessage } from '../../components/problem.ts';

/**
 * Phones, e-mails, ID numbers, addresses: shown as the server sent them. For roles
 * without "view sensitive" they arrive masked (138****5678); roles that may reveal
 * get a 查看 button, which asks the server (and so leaves an audit record).
 */
export function SensitiveLines({ customerId, field, values }: { customerId: string; field: SensitiveField; values: string[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const reveal = useReveal(customerId);
  const [revealed, setRevealed] = useState<string[] | null>(null);
  const masked = !can('customers.view_sensitive') && revealed === null;

  if (values.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const shown = revealed ?? values;
  return (
    <Flex vertical gap={2} data-testid={`sensitive-${field}`}>
      {shown.map((value) => (
        <Typography.Text key={value} copyable={!masked}>
          {value}
        </Typography.Text>
      ))}
      {masked && can('customers.reveal') && (
        <Tooltip title={t('reveal.audited')}>
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            loading={reveal.isPending}
            style={{ padding: 0, alignSelf: 'flex-start' }}
            onClick={() =>
              reveal.mutate(field, {
                onSuccess: (result) => setRevealed(result.values),
                onError: (error) => void message.error(errorMessage(t, error)),
              })
            }
          >
            {t('reveal.show')}
          </Button>
        </Tooltip>
      )}
    </Flex>
  );
}
