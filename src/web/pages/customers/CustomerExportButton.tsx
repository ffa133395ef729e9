import { Button, Dropdown } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CustomerListQuery } from '../../../shared/customers.ts';
import { exportUrl } from '../../api/dataQuality.ts';

/** Downloads the list under its current filters (every matching row, as this user may see them) as CSV or XLSX. */
export function CustomerExportButton({ filters, compact }: { filters: Partial<CustomerListQuery>; compact?: boolean }) {
  const { t } = useTranslation();
  const download = (format: 'csv' | 'xlsx') => {
    const link = document.createElement('a');
    link.href = exportUrl(format, filters);
    link.download = '';
    document.body.append(link);
    link.click();
    link.remove();
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'xlsx', label: t('dq.export.xlsx') },
          { key: 'csv', label: t('dq.export.csv') },
        ],
        onClick: ({ key }) => download(key as 'csv' | 'xlsx'),
      }}
    >
      <Button icon={<DownloadOutlined />} aria-label={t('dq.export.button')}>
        {compact ? null : t('dq.export.button')}
      </Button>
    </Dropdown>
  );
}
