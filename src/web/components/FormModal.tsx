import { useState, type ReactNode } from 'react';
import { Alert, Button, Flex, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { applyFieldErrors, errorMessage } from './problem.ts';

interface FormModalProps<T> {
  open: boolean;
  title: ReactNode;
  /** Form field names; the server's 400 `errors` are shown under these. */
  fields: readonly string[];
  initialValues?: Partial<T>;
  onCancel: () => void;
  /** Resolve to close; throw (an ApiError) to show what went wrong. */
  onSubmit: (values: T) => Promise<void>;
  /** A message for errors that need more than the server's words (e.g. 409). */
  describeError?: (error: unknown) => string | undefined;
  children: ReactNode;
  okText?: ReactNode;
}

function FormModalBody<T extends object>({
  fields,
  initialValues,
  onCancel,
  onSubmit,
  describeError,
  children,
  okText,
}: Omit<FormModalProps<T>, 'open' | 'title'>) {
  const { t } = useTranslation();
  const [form] = Form.useForm<T>();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const onFinish = async (values: T) => {
    setPending(true);
    setErrors([]);
    try {
      await onSubmit(values);
    } catch (error) {
      const custom = describeError?.(error);
      if (custom) setErrors([custom]);
      else if (isApiError(error) && error.errors.length > 0) setErrors(applyFieldErrors(form, error, fields, t));
      else setErrors([errorMessage(t, error)]);
    } finally {
      setPending(false);
    }
  };

  return (
    <Form<T> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => void onFinish(values)}>
      {errors.length > 0 && <Alert type="error" showIcon role="alert" title={errors.join('；')} style={{ marginBottom: 16 }} />}
      {children}
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel} disabled={pending}>
          {t('common.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" loading={pending}>
          {okText ?? t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}

/** A modal holding a small form; the form is created fresh each time it opens. */
export function FormModal<T extends object>({ open, title, ...rest }: FormModalProps<T>) {
  return (
    <Modal open={open} title={title} onCancel={rest.onCancel} footer={null} destroyOnHidden mask={{ closable: false }}>
      {open && <FormModalBody<T> {...rest} />}
    </Modal>
  );
}
