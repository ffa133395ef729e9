import { useState } from 'react';
import { Alert, App, Button, Drawer, Flex, Form, Input, Radio, Select, Spin } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES, type Customer } from '../../../shared/customers.ts';
import { useUsers } from '../../api/admin.ts';
import { usePermissions } from '../../api/auth.ts';
import { api, isApiError } from '../../api/client.ts';
import { useCreateCustomer, useUpdateCustomer } from '../../api/customers.ts';
import { queryKeys } from '../../api/keys.ts';
import { useIsMobile } from '../../components/hooks.ts';
import { ListInput } from '../../components/ListInput.tsx';
import { applyNestedFieldErrors, errorMessage } from '../../components/problem.ts';
import { useDuplicateConfirm } from '../duplicates/useDuplicateConfirm.tsx';
import {
  EMPTY_CUSTOMER,
  customerRules,
  toCreateBody,
  toFormValues,
  toPatchBody,
  type CustomerFormValues,
} from './customerForm.ts';
import { useCustomFieldDefinitions } from '../../api/customerProfile.ts';
import { CustomerProfileFormFields } from './CustomerProfileFormFields.tsx';
import { customFieldsToForm } from './profileForm.ts';

function OwnerSelect({
  id,
  value,
  onChange,
  current,
  disabled,
}: {
  id?: string;
  value?: string | null;
  onChange?: (v: string | null) => void;
  current: Customer['owner'];
  /** owners change by reassignment (or claim and release): without customers.reassign the edit form only shows the owner */
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const users = useUsers();
  const options = (users.data ?? []).filter((u) => u.active || u.id === value).map((u) => ({ value: u.id, label: u.name }));
  if (current && !options.some((o) => o.value === current.id)) options.unshift({ value: current.id, label: current.name });
  return (
    <Select
      id={id}
      value={value ?? null}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      disabled={disabled}
      showSearch={{ optionFilterProp: 'label' }}
      loading={users.isPending && !users.isError}
      placeholder={t('customer.form.ownerPlaceholder')}
      options={options}
    />
  );
}

/** The form inside the drawer; mounted fresh each time the drawer opens. */
function CustomerForm({
  customer,
  onDone,
  onCancel,
  openSection,
}: {
  customer: Customer | null;
  onDone: (saved: Customer) => void;
  onCancel: () => void;
  openSection?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CustomerFormValues>();
  const [base, setBase] = useState(customer);
  const [conflict, setConflict] = useState<Customer | null>(null);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  // Profile keys with a server error: their collapsed groups open so the message shows.
  const [profileErrorKeys, setProfileErrorKeys] = useState<string[]>([]);
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const rules = customerRules(t);
  const fieldDefinitions = useCustomFieldDefinitions();
  const definitions = fieldDefinitions.data ?? [];
  const kind = Form.useWatch('kind', form) ?? customer?.kind ?? 'person';
  const confirmNoDuplicates = useDuplicateConfirm();
  const [checking, setChecking] = useState(false);
  const saving = checking || create.isPending || update.isPending;

  const onError = (error: unknown) => {
    if (isApiError(error, 409) && base && error.code !== 'conflict') {
      const current = error.current as Customer | undefined;
      if (current && typeof current === 'object' && 'version' in current) setConflict(current);
      else {
        // No record in the problem: read the current one ourselves.
        void api
          .get<Customer>(`/api/customers/${encodeURIComponent(base.id)}`)
          .then(setConflict, () => setConflict(base));
      }
      return;
    }
    if (isApiError(error) && error.errors.length > 0) {
      const { fields, rest } = applyNestedFieldErrors(form, error, t);
      setOtherErrors(rest);
      setProfileErrorKeys(fields.filter((name) => name[0] === 'profile').map((name) => String(name[1])));
      // After the groups open, bring the first field with an error into view.
      if (fields[0]) setTimeout(() => form.scrollToField(fields[0]!, { block: 'center' }), 300);
      void message.error(t('customer.form.invalid'));
      return;
    }
    setOtherErrors([errorMessage(t, error)]);
  };

  const onFinish = (shown: CustomerFormValues) => {
    // Every field, also those of the other kind's profile section that is not mounted.
    const values = { ...(form.getFieldsValue(true) as CustomerFormValues), ...shown };
    setOtherErrors([]);
    setProfileErrorKeys([]);
    setConflict(null);
    if (!base) {
      const body = toCreateBody(values, definitions);
      // Likely duplicates are shown before saving; the user decides.
      setChecking(true);
      void confirmNoDuplicates({
        kind: body.kind,
        name: body.name,
        phones: body.phones ?? [],
        emails: body.emails ?? [],
        city: body.city ?? null,
        creditCode: (body.profile as { creditCode?: string | null } | undefined)?.creditCode ?? null,
      })
        .then((go) => {
          if (!go) return;
          create.mutate(body, {
            onSuccess: (saved) => {
              void message.success(t('customer.form.created'));
              onDone(saved);
            },
            onError,
          });
        })
        .finally(() => setChecking(false));
      return;
    }
    const body = toPatchBody(values, base, definitions);
    if (Object.keys(body).length === 1) {
      void message.info(t('customer.form.noChanges'));
      onDone(base);
      return;
    }
    update.mutate(
      { id: base.id, body },
      {
        onSuccess: (saved) => {
          void message.success(t('customer.form.saved'));
          onDone(saved);
        },
        onError,
      },
    );
  };

  const reloadCurrent = () => {
    if (!conflict) return;
    queryClient.setQueryData(queryKeys.customer(conflict.id), conflict);
    void queryClient.invalidateQueries({ queryKey: queryKeys.customerEvents(conflict.id) });
    setBase(conflict);
    form.resetFields();
    form.setFieldsValue({ ...toFormValues(conflict), customFields: customFieldsToForm(definitions, conflict.customFields) });
    setConflict(null);
    void message.success(t('customer.form.reloaded'));
  };

  // The custom field inputs need the registry before the form takes its initial values.
  if (fieldDefinitions.isPending) return <Spin />;
  return (
    <Form<CustomerFormValues>
      form={form}
      layout="vertical"
      initialValues={customer ? { ...toFormValues(customer), customFields: customFieldsToForm(definitions, customer.customFields) } : EMPTY_CUSTOMER}
      onFinish={onFinish}
      onFinishFailed={() => void message.error(t('customer.form.invalid'))}
      scrollToFirstError
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('customer.form.conflict')}
          description={t('customer.form.conflictDetail')}
          action={
            <Button size="small" type="primary" onClick={reloadCurrent}>
              {t('customer.form.reloadCurrent')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {otherErrors.length > 0 && (
        <Alert type="error" showIcon role="alert" title={otherErrors.join('；')} style={{ marginBottom: 16 }} />
      )}
      <Form.Item name="kind" label={t('customer.fields.kind')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={CUSTOMER_KINDS.map((kind) => ({ value: kind, label: t(`customer.kind.${kind}`) }))}
        />
      </Form.Item>
      <Form.Item name="name" label={t('customer.fields.name')} rules={rules.name} required>
        <Input maxLength={200} showCount autoFocus />
      </Form.Item>
      <Form.Item name="phones" label={t('customer.fields.phones')} rules={rules.phones}>
        <ListInput placeholder={t('customer.form.listPlaceholder')} />
      </Form.Item>
      <Form.Item name="emails" label={t('customer.fields.emails')} rules={rules.emails}>
        <ListInput extraSeparators={[' ']} placeholder={t('customer.form.listPlaceholder')} />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="status" label={t('customer.fields.status')} style={{ flex: '1 1 180px' }}>
          <Select options={CUSTOMER_STATUSES.map((status) => ({ value: status, label: t(`customer.status.${status}`) }))} />
        </Form.Item>
        <Form.Item name="ownerId" label={t('customer.fields.ownerId')} style={{ flex: '1 1 180px' }}>
          <OwnerSelect current={base?.owner ?? null} disabled={base !== null && !can('customers.reassign')} />
        </Form.Item>
      </Flex>
      <Form.Item name="city" label={t('customer.fields.city')} rules={rules.city}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="address" label={t('customer.fields.address')} rules={rules.address}>
        <Input.TextArea maxLength={300} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      <Form.Item name="tags" label={t('customer.fields.tags')} rules={rules.tags}>
        <ListInput placeholder={t('customer.form.tagsPlaceholder')} />
      </Form.Item>
      <CustomerProfileFormFields kind={kind} definitions={definitions} errorKeys={profileErrorKeys} openSection={openSection} />
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onCancel} disabled={saving}>
          {t('common.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('common.save')}
        </Button>
      </Flex>
    </Form>
  );
}

/** Create (no `customer`) or edit a customer in a side drawer. */
export function CustomerFormDrawer({
  open,
  customer,
  onClose,
  onSaved,
  openSection,
}: {
  open: boolean;
  customer: Customer | null;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
  /** a profile section to show opened (e.g. 'credit' for the 5C) */
  openSection?: string;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={customer ? t('customer.form.editTitle') : t('customer.form.createTitle')}
      size={isMobile ? '100%' : 560}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {open && <CustomerForm customer={customer} onDone={onSaved} onCancel={onClose} openSection={openSection} />}
    </Drawer>
  );
}
