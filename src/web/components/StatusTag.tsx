import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerKind, CustomerStatus } from '../../shared/customers.ts';

const STATUS_COLORS: Record<CustomerStatus, string> = {
  potential: 'blue',
  current: 'green',
  lost: 'volcano',
  non_customer: 'default',
};

export function StatusTag({ status }: { status: CustomerStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`customer.status.${status}`)}</Tag>;
}

export function KindTag({ kind }: { kind: CustomerKind }) {
  const { t } = useTranslation();
  return <Tag color={kind === 'organization' ? 'purple' : 'cyan'}>{t(`customer.kind.${kind}`)}</Tag>;
}
