import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Checkbox, Descriptions, Empty, Flex, Form, Input, List, Modal, Popconfirm, Rate, Select, Space, Tag, Timeline, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Customer, CustomerKind, CustomerList } from '../../../shared/customers.ts';
import type { Customer360 } from '../../../shared/customer-360.ts';
import { CONTACT_ROLES, RELATION_TYPES, type ContactRole, type CustomerContact, type CustomerRelation, type RelationType } from '../../../shared/customer-links.ts';
import { CREDIT_CRITERIA, type OrganizationProfile, type PersonProfile } from '../../../shared/customer-profile.ts';
import type { CustomFieldDefinition, CustomFieldValue } from '../../../shared/custom-fields.ts';
import type { LifecycleStage } from '../../../shared/lifecycle.ts';
import { usePermissions } from '../../api/auth.ts';
import { api } from '../../api/client.ts';
import { useAddRelation, useChangeLifecycle, useCustomer360, usePutContact, useRemoveContact, useRemoveRelation } from '../../api/customerProfile.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { useDebounced, useIsMobile } from '../../components/hooks.ts';
import { errorMessage } from '../../components/problem.ts';

const dash = <Typography.Text type="secondary">—</Typography.Text>;
const orDash = (value: ReactNode) => (value === null || value === undefined || value === '' ? dash : value);
const chips = (values: string[]) => (values.length ? <Space size={[0, 4]} wrap>{values.map((v) => <Tag key={v}>{v}</Tag>)}</Space> : dash);

/** 12345 fen → ¥123.45 in the user's language. */
export function formatMoney(amount: number, currency: string, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency }).format(amount / 100);
}

function useStageName(stages: LifecycleStage[]) {
  const { i18n, t } = useTranslation();
  return (key: string | null) => {
    if (!key) return t('profile360.lifecycle.none');
    const stage = stages.find((s) => s.key === key);
    return stage ? (i18n.language === 'en' ? stage.nameEn : stage.nameZh) : key;
  };
}

/** 客户分类 and 生命周期: classifications, the stage with its change button and the history of changes. */
function ClassificationCard({ customer, data }: { customer: Customer; data: Customer360 }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { can } = usePermissions();
  const [changing, setChanging] = useState(false);
  const stageName = useStageName(data.lifecycle.stages);
  return (
    <Card
      title={t('profile360.sections.classification')}
      extra={
        can('customers.write') && !customer.deletedAt ? (
          <Button size="small" icon={<SwapOutlined />} onClick={() => setChanging(true)} data-testid="change-lifecycle">
            {t('profile360.lifecycle.change')}
          </Button>
        ) : null
      }
    >
      <Descriptions
        column={isMobile ? 1 : 2}
        items={[
          {
            key: 'stage',
            label: t('profile360.fields.lifecycleStage'),
            children: (
              <Tag color={customer.lifecycleStage ? 'geekblue' : 'default'} data-testid="lifecycle-stage">
                {stageName(customer.lifecycleStage)}
              </Tag>
            ),
          },
          {
            key: 'relationshipType',
            label: t('profile360.fields.relationshipType'),
            children: customer.relationshipType ? t(`profile360.relationshipType.${customer.relationshipType}`) : dash,
          },
          { key: 'valueClass', label: t('profile360.fields.valueClass'), children: customer.valueClass ? t(`profile360.valueClass.${customer.valueClass}`) : dash },
          {
            key: 'keyAccount',
            label: t('profile360.fields.keyAccount'),
            children: customer.keyAccount ? <Tag color="gold">{t('profile360.fields.keyAccount')}</Tag> : t('profile360.no'),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('profile360.sections.lifecycleHistory')}
      </Typography.Title>
      {data.lifecycle.history.length === 0 ? (
        <Typography.Text type="secondary">{t('profile360.lifecycle.empty')}</Typography.Text>
      ) : (
        <Timeline
          items={data.lifecycle.history.map((change) => ({
            key: change.id,
            content: (
              <div data-testid="lifecycle-change">
                <Flex gap={8} wrap align="baseline">
                  <Typography.Text strong>
                    {change.fromStage
                      ? t('profile360.lifecycle.from', { from: stageName(change.fromStage), to: stageName(change.toStage) })
                      : stageName(change.toStage)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {change.actor.name ?? ''} · {formatTime(change.occurredAt)}
                  </Typography.Text>
                </Flex>
                <Typography.Text>{change.reason ?? t('profile360.lifecycle.initial')}</Typography.Text>
              </div>
            ),
          }))}
        />
      )}
      {changing && <LifecycleModal customer={customer} stages={data.lifecycle.stages} onClose={() => setChanging(false)} />}
    </Card>
  );
}

function LifecycleModal({ customer, stages, onClose }: { customer: Customer; stages: LifecycleStage[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ stage: string; reason: string }>();
  const change = useChangeLifecycle(customer.id);
  const stageName = useStageName(stages);
  const submit = (values: { stage: string; reason: string }) =>
    change.mutate(
      { ...values, version: customer.version },
      {
        onSuccess: () => {
          void message.success(t('profile360.lifecycle.changed'));
          onClose();
        },
        onError: (error) => void message.error(errorMessage(t, error)),
      },
    );
  return (
    <Modal open title={t('profile360.lifecycle.changeTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={change.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="stage" label={t('profile360.lifecycle.stage')} rules={[{ required: true, message: t('profile360.lifecycle.stage') }]}>
          <Select
            options={stages.filter((s) => !s.retired && s.key !== customer.lifecycleStage).map((s) => ({ value: s.key, label: stageName(s.key) }))}
            data-testid="lifecycle-stage-select"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('profile360.lifecycle.reason')} rules={[{ required: true, whitespace: true, message: t('profile360.lifecycle.reasonRequired') }]}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('profile360.lifecycle.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PersonProfileView({ profile, data }: { profile: PersonProfile; data: Customer360 }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const column = isMobile ? 1 : 2;
  const tr = <K extends string>(prefix: string, value: K | null) => (value ? t(`${prefix}.${value}` as never) : dash);
  const lunar = profile.lunarBirthday;
  return (
    <Flex vertical gap={12}>
      <Descriptions
        title={t('profile360.sections.personal')}
        column={column}
        items={[
          { key: 'gender', label: t('profile360.fields.gender'), children: tr('profile360.gender', profile.gender) },
          {
            key: 'birthday',
            label: t('profile360.fields.birthday'),
            children: profile.birthday ? `${profile.birthday}${data.birthdays.nextSolar ? ` (${t('profile360.fields.nextBirthday')} ${data.birthdays.nextSolar})` : ''}` : dash,
          },
          {
            key: 'lunar',
            label: t('profile360.fields.lunarBirthday'),
            children: lunar
              ? `${t('profile360.lunarDate', { leap: lunar.leap ? t('profile360.leapPrefix') : '', month: lunar.month, day: lunar.day })}${
                  data.birthdays.nextLunar ? ` (${t('profile360.fields.nextLunarBirthday')} ${data.birthdays.nextLunar})` : ''
                }`
              : dash,
          },
          { key: 'source', label: t('profile360.fields.sourceChannel'), children: orDash(profile.sourceChannel) },
          {
            key: 'addresses',
            label: t('profile360.fields.addresses'),
            span: column,
            children: profile.addresses.length ? (
              <Flex vertical gap={2}>
                {profile.addresses.map((a, i) => (
                  <Typography.Text key={i}>
                    {a.label ? <Tag>{a.label}</Tag> : null}
                    {[a.city, a.address].filter(Boolean).join(' ')}
                  </Typography.Text>
                ))}
              </Flex>
            ) : (
              dash
            ),
          },
        ]}
      />
      <Descriptions
        title={t('profile360.sections.consumption')}
        column={column}
        items={[
          { key: 'level', label: t('profile360.fields.spendingLevel'), children: tr('profile360.spendingLevel', profile.consumption.spendingLevel) },
          { key: 'frequency', label: t('profile360.fields.frequencyNote'), children: orDash(profile.consumption.frequencyNote) },
          { key: 'channels', label: t('profile360.fields.channels'), children: chips(profile.consumption.channels) },
          { key: 'categories', label: t('profile360.fields.categories'), children: chips(profile.consumption.categories) },
        ]}
      />
      <Descriptions
        title={t('profile360.sections.career')}
        column={column}
        data-testid="career"
        items={[
          { key: 'employer', label: t('profile360.fields.employer'), children: orDash(profile.career.employer) },
          { key: 'title', label: t('profile360.fields.title'), children: orDash(profile.career.title) },
          { key: 'industry', label: t('profile360.fields.industry'), children: orDash(profile.career.industry) },
          { key: 'income', label: t('profile360.fields.incomeBand'), children: tr('profile360.incomeBand', profile.career.incomeBand) },
        ]}
      />
      <Descriptions
        title={t('profile360.sections.education')}
        column={column}
        data-testid="education"
        items={[
          { key: 'degree', label: t('profile360.fields.degree'), children: tr('profile360.degree', profile.education.degree) },
          { key: 'school', label: t('profile360.fields.school'), children: orDash(profile.education.school) },
          { key: 'major', label: t('profile360.fields.major'), children: orDash(profile.education.major) },
        ]}
      />
      <Descriptions
        title={t('profile360.sections.preferences')}
        column={column}
        items={[
          { key: 'psychology', label: t('profile360.fields.psychology'), children: tr('profile360.psychology', profile.psychology) },
          { key: 'tags', label: t('profile360.fields.preferenceTags'), children: chips(profile.preferences.tags) },
          { key: 'note', label: t('profile360.fields.preferenceNote'), span: column, children: orDash(profile.preferences.note) },
        ]}
      />
    </Flex>
  );
}

function OrganizationProfileView({ profile }: { profile: OrganizationProfile }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const column = isMobile ? 1 : 2;
  const tr = (prefix: string, value: string | null) => (value ? t(`${prefix}.${value}` as never) : dash);
  return (
    <Flex vertical gap={12}>
      <Descriptions
        title={t('profile360.sections.company')}
        column={column}
        items={[
          { key: 'code', label: t('profile360.fields.creditCode'), children: profile.creditCode ? <Typography.Text copyable>{profile.creditCode}</Typography.Text> : dash },
          { key: 'legal', label: t('profile360.fields.legalRepresentative'), children: orDash(profile.legalRepresentative) },
          { key: 'industry', label: t('profile360.fields.industry'), children: orDash(profile.industry) },
          { key: 'size', label: t('profile360.fields.size'), children: tr('profile360.size', profile.size) },
          { key: 'status', label: t('profile360.fields.operatingStatus'), children: tr('profile360.operatingStatus', profile.operatingStatus) },
          { key: 'strength', label: t('profile360.fields.financialStrength'), children: tr('profile360.financialStrength', profile.financialStrength) },
          { key: 'source', label: t('profile360.fields.sourceChannel'), children: orDash(profile.sourceChannel) },
          { key: 'needs', label: t('profile360.fields.productNeeds'), span: column, children: orDash(profile.productNeeds) },
        ]}
      />
      <Descriptions
        title={t('profile360.sections.credit')}
        column={1}
        items={CREDIT_CRITERIA.map((criterion) => ({
          key: criterion,
          label: t(`profile360.credit.${criterion}`),
          children: (
            <Flex gap={8} wrap align="center">
              {profile.credit[criterion].score ? <Rate disabled count={5} value={profile.credit[criterion].score ?? 0} style={{ fontSize: 14 }} /> : dash}
              {profile.credit[criterion].note && <Typography.Text type="secondary">{profile.credit[criterion].note}</Typography.Text>}
            </Flex>
          ),
        }))}
      />
    </Flex>
  );
}

/** A customer picker searching the list API (name, pinyin, phone), limited to one kind when given. */
function CustomerPicker({ id, value, onChange, kind, exclude }: { id?: string; value?: string; onChange?: (id: string) => void; kind?: CustomerKind; exclude: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const found = useQuery({
    queryKey: ['customers', 'list', 'picker', q, kind],
    queryFn: ({ signal }) => api.get<CustomerList>('/api/customers', { q, limit: 20, ...(kind ? { kind } : {}) }, signal),
    enabled: q.length > 0,
  });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value}
      onChange={onChange}
      placeholder={t('profile360.relations.searchPlaceholder')}
      loading={found.isFetching}
      notFoundContent={null}
      options={(found.data?.items ?? []).filter((c) => c.id !== exclude).map((c) => ({ value: c.id, label: `${c.name}${c.city ? ` · ${c.city}` : ''}` }))}
      data-testid="customer-picker"
    />
  );
}

function LinkedName({ linked }: { linked: { id: string | null; visible: boolean; name: string | null } }) {
  const { t } = useTranslation();
  if (!linked.visible || !linked.id) return <Typography.Text type="secondary">{t('profile360.relations.hidden')}</Typography.Text>;
  return <Link to={`/customers/${linked.id}`}>{linked.name}</Link>;
}

function RelationsCard({ customer, relations }: { customer: Customer; relations: CustomerRelation[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const [adding, setAdding] = useState(false);
  const remove = useRemoveRelation(customer.id);
  const add = useAddRelation(customer.id);
  const [form] = Form.useForm<{ toCustomerId: string; type: RelationType; note?: string }>();
  const writable = can('customers.write') && !customer.deletedAt;
  return (
    <Card
      title={t('profile360.sections.relations')}
      extra={
        writable ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('profile360.relations.add')}
          </Button>
        ) : null
      }
    >
      {relations.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('profile360.relations.empty')} />
      ) : (
        <List
          dataSource={relations}
          renderItem={(relation) => (
            <List.Item
              data-testid="relation"
              actions={
                writable
                  ? [
                      <Popconfirm
                        key="remove"
                        title={t('profile360.relations.removeConfirm')}
                        onConfirm={() =>
                          remove.mutateAsync(relation, {
                            onSuccess: () => void message.success(t('profile360.relations.removed')),
                            onError: (error) => void message.error(errorMessage(t, error)),
                          })
                        }
                      >
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Flex gap={8} wrap align="baseline">
                <Tag color="blue">
                  {relation.direction === 'outgoing' ? t(`profile360.relationType.${relation.type}`) : t(`profile360.relationIncoming.${relation.type}`)}
                </Tag>
                <LinkedName linked={relation.other} />
                {relation.note && <Typography.Text type="secondary">{relation.note}</Typography.Text>}
              </Flex>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={adding}
        title={t('profile360.relations.addTitle')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={add.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ type: 'friend' }}
          onFinish={(values) =>
            add.mutate(
              { toCustomerId: values.toCustomerId, type: values.type, note: values.note?.trim() || null },
              {
                onSuccess: () => {
                  void message.success(t('profile360.relations.added'));
                  setAdding(false);
                  form.resetFields();
                },
                onError: (error) => void message.error(errorMessage(t, error)),
              },
            )
          }
        >
          <Form.Item name="toCustomerId" label={t('profile360.relations.other')} rules={[{ required: true, message: t('profile360.relations.other') }]}>
            <CustomerPicker exclude={customer.id} />
          </Form.Item>
          <Form.Item name="type" label={t('profile360.relations.type')} rules={[{ required: true }]}>
            <Select options={RELATION_TYPES.map((type) => ({ value: type, label: t(`profile360.relationType.${type}`) }))} data-testid="relation-type" />
          </Form.Item>
          <Form.Item name="note" label={t('profile360.relations.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function ContactsCard({ customer, contacts }: { customer: Customer; contacts: CustomerContact[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const [adding, setAdding] = useState(false);
  const put = usePutContact();
  const remove = useRemoveContact();
  const [form] = Form.useForm<{ personId: string; role: ContactRole; title?: string; isPrimary: boolean }>();
  const isOrganization = customer.kind === 'organization';
  const writable = can('customers.write') && !customer.deletedAt;
  return (
    <Card
      title={isOrganization ? t('profile360.sections.contacts') : t('profile360.sections.organizations')}
      extra={
        writable && isOrganization ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('profile360.contacts.add')}
          </Button>
        ) : null
      }
    >
      {contacts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={isOrganization ? t('profile360.contacts.empty') : t('profile360.contacts.emptyOrganizations')} />
      ) : (
        <List
          dataSource={contacts}
          renderItem={(contact) => (
            <List.Item
              data-testid="contact"
              actions={
                writable
                  ? [
                      <Popconfirm
                        key="remove"
                        title={t('profile360.contacts.removeConfirm')}
                        onConfirm={() =>
                          remove.mutateAsync(
                            { organizationId: contact.organization.id ?? customer.id, personId: contact.person.id ?? customer.id },
                            {
                              onSuccess: () => void message.success(t('profile360.contacts.removed')),
                              onError: (error) => void message.error(errorMessage(t, error)),
                            },
                          )
                        }
                      >
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Flex gap={8} wrap align="baseline">
                <LinkedName linked={isOrganization ? contact.person : contact.organization} />
                <Tag>{t(`profile360.contactRole.${contact.role}`)}</Tag>
                {contact.title && <Typography.Text type="secondary">{contact.title}</Typography.Text>}
                {contact.isPrimary && <Tag color="gold">{t('profile360.contacts.primary')}</Tag>}
              </Flex>
            </List.Item>
          )}
        />
      )}
      <Modal open={adding} title={t('profile360.contacts.addTitle')} onCancel={() => setAdding(false)} onOk={() => form.submit()} confirmLoading={put.isPending} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ role: 'decision_maker', isPrimary: false }}
          onFinish={(values) =>
            put.mutate(
              { organizationId: customer.id, personId: values.personId, body: { role: values.role, title: values.title?.trim() || null, isPrimary: values.isPrimary } },
              {
                onSuccess: () => {
                  void message.success(t('profile360.contacts.added'));
                  setAdding(false);
                  form.resetFields();
                },
                onError: (error) => void message.error(errorMessage(t, error)),
              },
            )
          }
        >
          <Form.Item name="personId" label={t('profile360.contacts.person')} rules={[{ required: true, message: t('profile360.contacts.person') }]}>
            <CustomerPicker kind="person" exclude={customer.id} />
          </Form.Item>
          <Form.Item name="role" label={t('profile360.contacts.role')}>
            <Select options={CONTACT_ROLES.map((role) => ({ value: role, label: t(`profile360.contactRole.${role}`) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('profile360.contacts.title')}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="isPrimary" valuePropName="checked">
            <Checkbox>{t('profile360.contacts.primary')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** A custom field value in words. */
export function useCustomFieldFormatter() {
  const { t, i18n } = useTranslation();
  const label = (definition: CustomFieldDefinition, value: string) => {
    const option = definition.options.find((o) => o.value === value);
    return option ? (i18n.language === 'en' ? option.labelEn : option.labelZh) : value;
  };
  return (definition: CustomFieldDefinition, value: CustomFieldValue | undefined): ReactNode => {
    if (value === null || value === undefined) return dash;
    switch (definition.type) {
      case 'money':
        return typeof value === 'object' && !Array.isArray(value) ? formatMoney(value.amount, value.currency, i18n.language) : String(value);
      case 'boolean':
        return value ? t('profile360.yes') : t('profile360.no');
      case 'single_select':
        return label(definition, String(value));
      case 'multi_select':
        return Array.isArray(value) ? chips(value.map((v) => label(definition, v))) : String(value);
      default:
        return String(value);
    }
  };
}

function CustomFieldsCard({ customer, definitions }: { customer: Customer; definitions: CustomFieldDefinition[] }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const format = useCustomFieldFormatter();
  if (definitions.length === 0) return null;
  return (
    <Card title={t('profile360.sections.customFields')}>
      <Descriptions
        column={isMobile ? 1 : 2}
        items={definitions.map((definition) => ({
          key: definition.key,
          label: i18n.language === 'en' ? definition.labelEn : definition.labelZh,
          children: format(definition, customer.customFields[definition.key]),
        }))}
      />
    </Card>
  );
}

/**
 * The customer 360 (用户画像) sections this module adds to the customer page:
 * classification and lifecycle, the profile groups, relations, contacts and
 * custom fields — from one GET /api/customers/:id/360. The customer itself
 * comes from the page, so an edit shows at once.
 */
export function CustomerProfileSections({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const data = useCustomer360(customer.id);
  if (data.isPending) return null;
  if (data.isError) return <ErrorResult error={data.error} onRetry={() => void data.refetch()} />;
  return (
    <>
      <ClassificationCard customer={customer} data={data.data} />
      <Card title={t('profile360.sections.profile')}>
        {customer.profile.kind === 'person' ? (
          <PersonProfileView profile={customer.profile} data={data.data} />
        ) : (
          <OrganizationProfileView profile={customer.profile} />
        )}
      </Card>
      <CustomFieldsCard customer={customer} definitions={data.data.customFieldDefinitions} />
      <RelationsCard customer={customer} relations={data.data.relations} />
      <ContactsCard customer={customer} contacts={data.data.contacts} />
    </>
  );
}
