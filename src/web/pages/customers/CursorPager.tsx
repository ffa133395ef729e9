import { Button, Flex, Select, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { PAGE_SIZES } from './listParams.ts';

/** Previous/next over cursor pages (the API gives no total), plus the page size. */
export function CursorPager({
  page,
  hasPrev,
  hasNext,
  onPrev,
  onNext,
  pageSize,
  onPageSize,
  disabled,
}: {
  page: number;
  hasPrev: boolean;
  hasNext: boolean;
  onPrev: () => void;
  onNext: () => void;
  pageSize: number;
  onPageSize: (size: number) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Flex justify="flex-end" align="center" gap={8} wrap style={{ marginTop: 16 }}>
      <Typography.Text type="secondary">{t('customer.list.page', { page })}</Typography.Text>
      <Button icon={<LeftOutlined />} disabled={!hasPrev || disabled} onClick={onPrev}>
        {t('common.prevPage')}
      </Button>
      <Button disabled={!hasNext || disabled} onClick={onNext}>
        {t('common.nextPage')} <RightOutlined />
      </Button>
      <Select
        aria-label="page size"
        value={pageSize}
        style={{ width: 110 }}
        options={PAGE_SIZES.map((size) => ({ value: size, label: t('common.pageSize', { size }) }))}
        onChange={onPageSize}
      />
    </Flex>
  );
}
