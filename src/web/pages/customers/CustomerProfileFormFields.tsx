import { useEffect, useState } from 'react';
import { Button, Checkbox, Collapse, Flex, Form, Input, InputNumber, Rate, Select, Switch, type CollapseProps } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CustomerKind } from '../../../shared/customers.ts';
import {
  COMPANY_SIZES,
  CREDIT_CRITERIA,
  DEGREES,
  FINANCIAL_STRENGTHS,
  GENDERS,
  INCOME_BANDS,
  OPERATING_STATUSES,
  PSYCHOLOGY_TYPES,
  RELATIONSHIP_TYPES,
  SPENDING_LEVELS,
  VALUE_CLASSES,
} from '../../../shared/customer-profile.ts';
import { creditCodeProblem } from '../../../shared/credit-code.ts';
import type { CustomFieldDefinition } from '../../../shared/custom-fields.ts';
import { ListInput } from '../../components/ListInput.tsx';

const half = { style: { flex: '1 1 200px', minWidth: 0 } };

/** The collapsible group each profile field sits in, so a server error on the field can open it. */
const PERSON_SECTION_OF: Record<string, string> = {
  gender: 'personal',
  birthday: 'personal',
  lunarBirthday: 'personal',
  addresses: 'personal',
  sourceChannel: 'personal',
  consumption: 'consumption',
  career: 'career',
  education: 'education',
  psychology: 'preferences',
  preferences: 'preferences',
};
const organizationSectionOf = (key: string) => (key === 'credit' ? 'credit' : 'company');

/** Groups start closed; those holding a field with an error open (and stay as the user leaves them). */
function useOpenSections(errorKeys: readonly string[], sectionOf: (key: string) => string | undefined, initiallyOpen?: string) {
  const [open, setOpen] = useState<string[]>(initiallyOpen ? [initiallyOpen] : []);
  const wanted = errorKeys.map(sectionOf).filter((key): key is string => Boolean(key));
  const signature = [...new Set(wanted)].sort().join(',');
  useEffect(() => {
    if (signature) setOpen((current) => [...new Set([...current, ...signature.split(',')])]);
  }, [signature]);
  return { activeKey: open, onChange: (keys: string | string[]) => setOpen(Array.isArray(keys) ? keys : [keys]) };
}

function useOptions() {
  const { t } = useTranslation();
  return <V extends string>(values: readonly V[], prefix: string) => values.map((value) => ({ value, label: t(`${prefix}.${value}` as never) as string }));
}

function PersonFields({ errorKeys }: { errorKeys: readonly string[] }) {
  const { t } = useTranslation();
  const options = useOptions();
  const f = (key: string) => t(`profile360.fields.${key}` as never) as string;
  const items: CollapseProps['items'] = [
    {
      key: 'personal',
      label: t('profile360.sections.personal'),
      forceRender: true,
      children: (
        <>
          <Flex gap={12} wrap>
            <Form.Item name={['profile', 'gender']} label={f('gender')} {...half}>
              <Select allowClear options={options(GENDERS, 'profile360.gender')} />
            </Form.Item>
            <Form.Item name={['profile', 'birthday']} label={f('birthday')} {...half}>
              <Input type="date" />
            </Form.Item>
          </Flex>
          <Form.Item label={f('lunarBirthday')} extra={t('profile360.form.lunarHelp')}>
            <Flex gap={8} wrap align="center">
              <Form.Item name={['profile', 'lunarBirthday', 'month']} noStyle>
                <InputNumber min={1} max={12} precision={0} placeholder={f('lunarMonth')} aria-label={f('lunarMonth')} />
              </Form.Item>
              <Form.Item name={['profile', 'lunarBirthday', 'day']} noStyle>
                <InputNumber min={1} max={30} precision={0} placeholder={f('lunarDay')} aria-label={f('lunarDay')} />
              </Form.Item>
              <Form.Item name={['profile', 'lunarBirthday', 'leap']} valuePropName="checked" noStyle>
                <Checkbox>{f('leap')}</Checkbox>
              </Form.Item>
            </Flex>
          </Form.Item>
          <Form.Item label={f('addresses')}>
            <Form.List name={['profile', 'addresses']}>
              {(rows, { add, remove }) => (
                <Flex vertical gap={8}>
                  {rows.map((row) => (
                    <Flex key={row.key} gap={8} wrap align="start">
                      <Form.Item name={[row.name, 'label']} noStyle>
                        <Input placeholder={f('addressLabel')} maxLength={20} style={{ width: 90 }} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'city']} noStyle>
                        <Input placeholder={f('addressCity')} maxLength={60} style={{ width: 110 }} />
                      </Form.Item>
                      <Form.Item name={[row.name, 'address']} noStyle>
                        <Input placeholder={f('addressText')} maxLength={300} style={{ flex: '1 1 180px', minWidth: 0, width: 'auto' }} />
                      </Form.Item>
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} />
                    </Flex>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: '', city: '', address: '' })}>
                    {t('profile360.form.addAddress')}
                  </Button>
                </Flex>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name={['profile', 'sourceChannel']} label={f('sourceChannel')}>
            <Input maxLength={60} />
          </Form.Item>
        </>
      ),
    },
    {
      key: 'consumption',
      label: t('profile360.sections.consumption'),
      forceRender: true,
      children: (
        <>
          <Flex gap={12} wrap>
            <Form.Item name={['profile', 'consumption', 'spendingLevel']} label={f('spendingLevel')} {...half}>
              <Select allowClear options={options(SPENDING_LEVELS, 'profile360.spendingLevel')} />
            </Form.Item>
            <Form.Item name={['profile', 'consumption', 'frequencyNote']} label={f('frequencyNote')} {...half}>
              <Input maxLength={200} />
            </Form.Item>
          </Flex>
          <Form.Item name={['profile', 'consumption', 'channels']} label={f('channels')}>
            <ListInput placeholder={t('customer.form.listPlaceholder')} />
          </Form.Item>
          <Form.Item name={['profile', 'consumption', 'categories']} label={f('categories')}>
            <ListInput placeholder={t('customer.form.listPlaceholder')} />
          </Form.Item>
        </>
      ),
    },
    {
      key: 'career',
      label: t('profile360.sections.career'),
      forceRender: true,
      children: (
        <Flex gap={12} wrap>
          <Form.Item name={['profile', 'career', 'employer']} label={f('employer')} {...half}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name={['profile', 'career', 'title']} label={f('title')} {...half}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name={['profile', 'career', 'industry']} label={f('industry')} {...half}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name={['profile', 'career', 'incomeBand']} label={f('incomeBand')} {...half}>
            <Select allowClear options={options(INCOME_BANDS, 'profile360.incomeBand')} />
          </Form.Item>
        </Flex>
      ),
    },
    {
      key: 'education',
      label: t('profile360.sections.education'),
      forceRender: true,
      children: (
        <Flex gap={12} wrap>
          <Form.Item name={['profile', 'education', 'degree']} label={f('degree')} {...half}>
            <Select allowClear options={options(DEGREES, 'profile360.degree')} />
          </Form.Item>
          <Form.Item name={['profile', 'education', 'school']} label={f('school')} {...half}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name={['profile', 'education', 'major']} label={f('major')} {...half}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
      ),
    },
    {
      key: 'preferences',
      label: t('profile360.sections.preferences'),
      forceRender: true,
      children: (
        <>
          <Form.Item name={['profile', 'psychology']} label={f('psychology')}>
            <Select allowClear options={options(PSYCHOLOGY_TYPES, 'profile360.psychology')} />
          </Form.Item>
          <Form.Item name={['profile', 'preferences', 'tags']} label={f('preferenceTags')}>
            <ListInput placeholder={t('customer.form.tagsPlaceholder')} />
          </Form.Item>
          <Form.Item name={['profile', 'preferences', 'note']} label={f('preferenceNote')}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </>
      ),
    },
  ];
  const sections = useOpenSections(errorKeys, (key) => PERSON_SECTION_OF[key]);
  return <Collapse size="small" items={items} {...sections} style={{ marginBottom: 16 }} />;
}

function OrganizationFields({ errorKeys, openSection }: { errorKeys: readonly string[]; openSection?: string }) {
  const { t } = useTranslation();
  const options = useOptions();
  const f = (key: string) => t(`profile360.fields.${key}` as never) as string;
  const items: CollapseProps['items'] = [
    {
      key: 'company',
      label: t('profile360.sections.company'),
      forceRender: true,
      children: (
        <>
          <Form.Item
            name={['profile', 'creditCode']}
            label={f('creditCode')}
            rules={[
              {
                validator: async (_rule, value: string | null | undefined) => {
                  if (value && value.trim() && creditCodeProblem(value)) throw new Error(t('profile360.form.creditCodeInvalid'));
                },
              },
            ]}
          >
            <Input maxLength={24} />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name={['profile', 'legalRepresentative']} label={f('legalRepresentative')} {...half}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name={['profile', 'industry']} label={f('industry')} {...half}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name={['profile', 'size']} label={f('size')} {...half}>
              <Select allowClear options={options(COMPANY_SIZES, 'profile360.size')} />
            </Form.Item>
            <Form.Item name={['profile', 'operatingStatus']} label={f('operatingStatus')} {...half}>
              <Select allowClear options={options(OPERATING_STATUSES, 'profile360.operatingStatus')} />
            </Form.Item>
            <Form.Item name={['profile', 'financialStrength']} label={f('financialStrength')} {...half}>
              <Select allowClear options={options(FINANCIAL_STRENGTHS, 'profile360.financialStrength')} />
            </Form.Item>
            <Form.Item name={['profile', 'sourceChannel']} label={f('sourceChannel')} {...half}>
              <Input maxLength={60} />
            </Form.Item>
          </Flex>
          <Form.Item name={['profile', 'productNeeds']} label={f('productNeeds')}>
            <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        </>
      ),
    },
    {
      key: 'credit',
      label: t('profile360.sections.credit'),
      forceRender: true,
      children: CREDIT_CRITERIA.map((criterion) => (
        <Form.Item key={criterion} label={t(`profile360.credit.${criterion}`)} style={{ marginBottom: 12 }}>
          <Flex gap={8} wrap align="center">
            <Form.Item name={['profile', 'credit', criterion, 'score']} noStyle>
              <Rate count={5} allowClear />
            </Form.Item>
            <Form.Item name={['profile', 'credit', criterion, 'note']} noStyle>
              <Input maxLength={200} placeholder={f('note')} style={{ flex: '1 1 160px', minWidth: 0, width: 'auto' }} />
            </Form.Item>
          </Flex>
        </Form.Item>
      )),
    },
  ];
  const sections = useOpenSections(errorKeys, organizationSectionOf, openSection);
  return <Collapse size="small" items={items} {...sections} style={{ marginBottom: 16 }} />;
}

function CustomFieldInput({ definition }: { definition: CustomFieldDefinition }) {
  const { t, i18n } = useTranslation();
  const label = i18n.language === 'en' ? definition.labelEn : definition.labelZh;
  const options = definition.options.map((o) => ({ value: o.value, label: i18n.language === 'en' ? o.labelEn : o.labelZh }));
  const name = ['customFields', definition.key];
  const rules = definition.required ? [{ required: true, message: label }] : [];
  switch (definition.type) {
    case 'number':
      return (
        <Form.Item name={name} label={label} rules={rules} {...half}>
          <InputNumber style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'money':
      return (
        <Form.Item name={name} label={label} rules={rules} extra={t('profile360.form.moneyHelp')} {...half}>
          <InputNumber style={{ width: '100%' }} precision={2} />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item name={name} label={label} rules={rules} {...half}>
          <Input type="date" />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item name={name} label={label} rules={rules} valuePropName="checked" {...half}>
          <Switch />
        </Form.Item>
      );
    case 'single_select':
      return (
        <Form.Item name={name} label={label} rules={rules} {...half}>
          <Select allowClear options={options} />
        </Form.Item>
      );
    case 'multi_select':
      return (
        <Form.Item name={name} label={label} rules={rules} {...half}>
          <Select mode="multiple" allowClear options={options} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={name} label={label} rules={rules} {...half}>
          <Input maxLength={2000} />
        </Form.Item>
      );
  }
}

/** Classification, profile groups of the chosen kind and custom fields, inside the customer form. */
export function CustomerProfileFormFields({
  kind,
  definitions,
  errorKeys = [],
  openSection,
}: {
  kind: CustomerKind;
  definitions: CustomFieldDefinition[];
  /** profile keys (first segment after `profile.`) the server reported errors on */
  errorKeys?: readonly string[];
  /** a section to open when the form opens (e.g. 'credit' from the credit card's edit button) */
  openSection?: string;
}) {
  const { t } = useTranslation();
  const options = useOptions();
  return (
    <>
      <Flex gap={12} wrap>
        <Form.Item name="relationshipType" label={t('profile360.fields.relationshipType')} {...half}>
          <Select allowClear options={options(RELATIONSHIP_TYPES, 'profile360.relationshipType')} />
        </Form.Item>
        <Form.Item name="valueClass" label={t('profile360.fields.valueClass')} {...half}>
          <Select allowClear options={options(VALUE_CLASSES, 'profile360.valueClass')} />
        </Form.Item>
        <Form.Item name="keyAccount" label={t('profile360.fields.keyAccount')} valuePropName="checked" {...half}>
          <Switch />
        </Form.Item>
      </Flex>
      {kind === 'person' ? <PersonFields errorKeys={errorKeys} /> : <OrganizationFields errorKeys={errorKeys} openSection={openSection} />}
      {definitions.length > 0 && (
        <Flex gap={12} wrap>
          {definitions.map((definition) => (
            <CustomFieldInput key={definition.key} definition={definition} />
          ))}
        </Flex>
      )}
    </>
  );
}
