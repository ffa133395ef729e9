import { App, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DuplicateCheckInput, DuplicateCheckResult } from '../../../shared/duplicates.ts';
import { checkDuplicates } from '../../api/dataQuality.ts';

function Candidates({ result }: { result: DuplicateCheckResult }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8} data-testid="duplicate-candidates">
      <List
        size="small"
        dataSource={result.candidates}
        renderItem={(candidate) => (
          <List.Item>
            <Flex vertical gap={2} style={{ width: '100%' }}>
              <Flex gap={8} align="center" wrap>
                <a href={`/customers/${candidate.id}`} target="_blank" rel="noreferrer">
                  {candidate.name}
                </a>
                <Tag color={candidate.score >= 85 ? 'red' : candidate.score >= 60 ? 'orange' : 'gold'}>{t('dq.duplicates.score', { score: candidate.score })}</Tag>
                {candidate.owner && <Tag>{candidate.owner.name}</Tag>}
              </Flex>
              <Typography.Text type="secondary">
                {candidate.reasons.map((reason) => `${t(`dq.reasons.${reason.reason}`)}：${reason.value}`).join('；')}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      {result.hiddenCount > 0 && <Typography.Text type="secondary">{t('dq.duplicates.hidden', { count: result.hiddenCount })}</Typography.Text>}
    </Flex>
  );
}

/**
 * Before a new customer is saved: asks the server for likely duplicates and,
 * when there are any, shows them and lets the user save anyway or go back.
 * Resolves true to go on saving. A failed check does not block saving.
 */
export function useDuplicateConfirm() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  return async (input: DuplicateCheckInput): Promise<boolean> => {
    let result: DuplicateCheckResult;
    try {
      result = await checkDuplicates(input);
    } catch {
      return true;
    }
    if (result.candidates.length === 0 && result.hiddenCount === 0) return true;
    return new Promise<boolean>((resolve) => {
      modal.confirm({
        title: t('dq.duplicates.foundTitle'),
        width: 560,
        content: <Candidates result={result} />,
        okText: t('dq.duplicates.saveAnyway'),
        cancelText: t('dq.duplicates.goBack'),
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });
  };
}
