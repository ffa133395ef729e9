import { useState } from 'react';
import { Button, Card, Drawer, Flex, Progress, Table, Tag, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Import } from '../../../shared/imports.ts';
import { useImports } from '../../api/dataQuality.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { useIsMobile } from '../../components/hooks.ts';
import { ImportProgress, ImportWizard, importPercent, importProgressStatus } from './ImportWizard.tsx';

/** 导入: the imports made so far with their progress, and the wizard for a new one. */
export function ImportsPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const imports = useImports();
  const [wizard, setWizard] = useState(0);
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState<Import | null>(null);
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('dq.import.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<UploadOutlined />}
          onClick={() => {
            setWizard((n) => n + 1);
            setOpen(true);
          }}
        >
          {t('dq.import.new')}
        </Button>
      </Flex>
      <Card styles={{ body: { padding: isMobile ? 12 : 24 } }}>
        {imports.isError ? (
          <ErrorResult error={imports.error} onRetry={() => void imports.refetch()} />
        ) : (
          <Table<Import>
            rowKey="id"
            size="small"
            loading={imports.isPending}
            dataSource={imports.data?.items ?? []}
            scroll={{ x: 720 }}
            pagination={false}
            locale={{ emptyText: t('dq.import.none') }}
            onRow={(item) => ({ onClick: () => setShown(item), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('dq.import.file'), dataIndex: 'fileName', ellipsis: true },
              { title: t('dq.import.kind'), key: 'kind', width: 80, render: (_, item) => t(`dq.import.kinds.${item.kind}`) },
              {
                title: t('dq.import.progress'),
                key: 'progress',
                width: 200,
                render: (_, item) => <Progress size="small" percent={importPercent(item)} status={importProgressStatus(item.status)} />,
              },
              { title: t('dq.import.statusLabel'), key: 'status', width: 90, render: (_, item) => <Tag>{t(`dq.import.status.${item.status}`)}</Tag> },
              {
                title: t('dq.import.result'),
                key: 'result',
                render: (_, item) =>
                  t('dq.import.summary', {
                    created: item.createdCount.toLocaleString(),
                    updated: item.updatedCount.toLocaleString(),
                    skipped: item.skippedCount.toLocaleString(),
                    errors: item.errorCount.toLocaleString(),
                  }),
              },
              { title: t('dq.import.createdAt'), key: 'at', width: 150, render: (_, item) => formatTime(item.createdAt) },
            ]}
          />
        )}
      </Card>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('dq.import.new')} size={isMobile ? '100%' : 860} destroyOnHidden mask={{ closable: false }}>
        <ImportWizard key={wizard} onDone={() => setOpen(false)} />
      </Drawer>
      <Drawer open={shown !== null} onClose={() => setShown(null)} title={shown?.fileName} size={isMobile ? '100%' : 560}>
        {shown && <ImportProgress item={imports.data?.items.find((item) => item.id === shown.id) ?? shown} />}
      </Drawer>
    </Flex>
  );
}
