import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { LoginBody } from '../../../shared/auth.ts';
import { login } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import { queryKeys } from '../../api/keys.ts';
import { safeRedirect } from '../../app/redirect.ts';
import { errorMessage, problemTitle } from '../../components/problem.ts';
import { LanguageButton } from './LanguageButton.tsx';

const emailSchema = z.email();

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LoginBody>();
  const [failure, setFailure] = useState<{ title: string; detail?: string } | null>(null);

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (result) => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, result);
      void navigate(safeRedirect(params.get('from')), { replace: true });
    },
    onError: (error) => {
      if (isApiError(error) && error.status !== 0) {
        const { title, detail } = error.problem;
        const description = detail && detail !== title ? detail : undefined;
        setFailure({ title: problemTitle(t, error), ...(description ? { detail: description } : {}) });
      } else {
        setFailure({ title: t('login.failed'), detail: errorMessage(t, error) });
      }
    },
  });

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: 'linear-gradient(160deg, #e6f0ff 0%, #f5f7fa 60%)' }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 32 } }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <span
            aria-hidden
            style={{
              width: 48,
              height: 48,
              borderRadius: 12,
              background: '#1677ff',
              color: '#fff',
              display: 'grid',
              placeItems: 'center',
              fontSize: 24,
              fontWeight: 700,
            }}
          >
            脉
          </span>
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            {t('login.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </Flex>
        {failure && (
          <Alert
            type="error"
            showIcon
            title={failure.title}
            description={failure.detail}
            style={{ marginBottom: 16 }}
            role="alert"
          />
        )}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => {
            setFailure(null);
            mutation.mutate({ email: values.email.trim(), password: values.password });
          }}
        >
          <Form.Item
            name="email"
            label={t('login.email')}
            rules={[
              { required: true, whitespace: true, message: t('login.emailRequired') },
              {
                validator: async (_, value: string | undefined) => {
                  if (value && value.trim() && !emailSchema.safeParse(value.trim()).success) throw new Error(t('login.emailInvalid'));
                },
              },
            ]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={mutation.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
        <Flex justify="center" style={{ marginTop: 16 }}>
          <LanguageButton />
        </Flex>
      </Card>
    </Flex>
  );
}
