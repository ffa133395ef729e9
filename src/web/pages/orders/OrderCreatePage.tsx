import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CustomerSearchSelect } from './CustomerSearchSelect.tsx';
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Select, Typography, type FormInstance } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../shared/customers.ts';
import { DEFAULT_CURRENCY, toDecimalString, toMinorUnits } from '../../../shared/money.ts';
import { INITIAL_ORDER_STATUSES, ORDER_CHANNELS, type CreateOrderInput, type OrderChannel } from '../../../shared/orders.ts';
import type { Product } from '../../../shared/products.ts';
import { api, isApiError } from '../../api/client.ts';
import { useCreateOrder } from '../../api/orders.ts';
import { useProductList } from '../../api/products.ts';
import { useDebounced, useIsMobile } from '../../components/hooks.ts';
import { useMoney } from '../../components/money.ts';
import { PageLoading } from '../../components/PageLoading.tsx';
import { errorMessage, issueMessage } from '../../components/problem.ts';

interface LineValues {
  productId?: string | null;
  description?: string;
  quantity?: number | null;
  /** yuan, as typed */
  unitPrice?: string;
}

interface OrderFormValues {
  customerId?: string;
  orderedAt: Dayjs;
  channel: OrderChannel;
  status: (typeof INITIAL_ORDER_STATUSES)[number];
  orderNo?: string;
  note?: string;
  lines: LineValues[];
}

/** A catalogue product, searched by name or SKU; choosing one fills the line's description and price. */
function ProductSearchSelect({ id, value, onChange, onPicked }: { id?: string; value?: string | null; onChange?: (v: string | null) => void; onPicked: (product: Product | null) => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const products = useProductList({ ...(q ? { q } : {}), active: 'true', limit: 30 });
  const items = products.data?.items ?? [];
  return (
    <Select
      id={id}
      value={value ?? null}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      placeholder={t('order.form.productPlaceholder')}
      loading={products.isFetching}
      options={items.map((product) => ({ value: product.id, label: `${product.name}（${product.sku}）`, price: money(product.unitPrice) }))}
      optionRender={(option) => (
        <Flex justify="space-between" gap={8}>
          <span>{option.data.label}</span>
          <Typography.Text type="secondary">{option.data.price}</Typography.Text>
        </Flex>
      )}
      onChange={(next) => {
        onChange?.(next ?? null);
        onPicked(items.find((product) => product.id === next) ?? null);
      }}
    />
  );
}

const lineAmount = (line: LineValues | undefined): number | null => {
  if (!line) return null;
  const price = toMinorUnits(line.unitPrice ?? '', DEFAULT_CURRENCY);
  const quantity = line.quantity ?? 0;
  return price === null || !Number.isInteger(quantity) || quantity < 1 ? null : price * quantity;
};

function LineRow({ form, name, index, onRemove, removable }: { form: FormInstance<OrderFormValues>; name: number; index: number; onRemove: () => void; removable: boolean }) {
  const { t } = useTranslation();
  const money = useMoney();
  const isMobile = useIsMobile();
  const line = Form.useWatch(['lines', name], form) as LineValues | undefined;
  const amount = lineAmount(line);
  const priceRule = {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value?.trim()) throw new Error(t('order.form.priceRequired'));
      if (toMinorUnits(value, DEFAULT_CURRENCY) === null) throw new Error(t('order.form.priceInvalid'));
    },
  };
  return (
    <Card size="small" data-testid="order-line" title={t('order.form.lineTitle', { n: index + 1 })} extra={removable && <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('order.form.removeLine')} onClick={onRemove} />}>
      <Flex gap={12} wrap={isMobile ? 'wrap' : 'nowrap'} align="flex-start">
        <Form.Item name={[name, 'productId']} label={t('order.line.product')} style={{ flex: '2 1 220px', marginBottom: 8, minWidth: 0 }}>
          <ProductSearchSelect
            onPicked={(product) => {
              if (!product) return;
              form.setFieldValue(['lines', name, 'description'], product.name);
              form.setFieldValue(['lines', name, 'unitPrice'], toDecimalString(product.unitPrice.amount, product.unitPrice.currency));
              void form.validateFields([['lines', name, 'description'], ['lines', name, 'unitPrice']]);
            }}
          />
        </Form.Item>
        <Form.Item
          name={[name, 'description']}
          label={t('order.line.description')}
          rules={[{ required: true, whitespace: true, message: t('order.form.descriptionRequired') }, { max: 500 }]}
          style={{ flex: '2 1 200px', marginBottom: 8, minWidth: 0 }}
        >
          <Input placeholder={t('order.form.descriptionPlaceholder')} maxLength={500} />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap align="flex-start">
        <Form.Item name={[name, 'quantity']} label={t('order.line.quantity')} rules={[{ required: true, message: t('order.form.quantityRequired') }]} style={{ flex: '1 1 100px', marginBottom: 8 }}>
          <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name={[name, 'unitPrice']} label={t('order.form.unitPriceYuan')} rules={[priceRule]} style={{ flex: '1 1 140px', marginBottom: 8 }}>
          <Input prefix="¥" inputMode="decimal" placeholder="0.00" />
        </Form.Item>
        <Form.Item label={t('order.line.amount')} style={{ flex: '1 1 140px', marginBottom: 8 }}>
          <Typography.Text strong data-testid="line-amount">
            {amount === null ? '—' : money({ amount, currency: DEFAULT_CURRENCY })}
          </Typography.Text>
        </Form.Item>
      </Flex>
    </Card>
  );
}

/** Paths of the server's 400 (`lines.1.unitPrice`) as form field names (['lines', 1, 'unitPrice']). */
function toFieldName(path: string): (string | number)[] {
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
const FORM_FIELDS = new Set(['customerId', 'orderedAt', 'channel', 'status', 'orderNo', 'note', 'lines']);

export function OrderCreatePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const money = useMoney();
  const [params] = useSearchParams();
  const presetCustomerId = params.get('customerId') ?? undefined;
  const preset = useQuery({
    queryKey: ['customers', 'detail', presetCustomerId ?? ''],
    queryFn: ({ signal }) => api.get<Customer>(`/api/customers/${encodeURIComponent(presetCustomerId!)}`, undefined, signal),
    enabled: Boolean(presetCustomerId),
    retry: false,
  });
  const [form] = Form.useForm<OrderFormValues>();
  const create = useCreateOrder();
  const [errors, setErrors] = useState<string[]>([]);
  const lines = (Form.useWatch('lines', form) ?? []) as LineValues[];
  const amounts = lines.map(lineAmount);
  const total = amounts.every((amount) => amount !== null) ? amounts.reduce<number>((sum, amount) => sum + (amount ?? 0), 0) : null;

  const onFinish = (values: OrderFormValues) => {
    setErrors([]);
    const body: CreateOrderInput = {
      customerId: values.customerId!,
      orderedAt: values.orderedAt.format(),
      channel: values.channel,
      status: values.status,
      ...(values.orderNo?.trim() ? { orderNo: values.orderNo.trim() } : {}),
      ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      currency: DEFAULT_CURRENCY,
      lines: values.lines.map((line) => ({
        ...(line.productId ? { productId: line.productId } : {}),
        description: line.description!.trim(),
        quantity: line.quantity!,
        unitPrice: toMinorUnits(line.unitPrice!, DEFAULT_CURRENCY)!,
      })),
    };
    create.mutate(body, {
      onSuccess: (order) => {
        void message.success(t('order.form.created'));
        void navigate(`/orders/${order.id}`, { replace: true });
      },
      onError: (error) => {
        if (isApiError(error) && error.errors.length > 0) {
          const rest: string[] = [];
          const fields = [];
          for (const issue of error.errors) {
            const name = toFieldName(issue.path);
            if (FORM_FIELDS.has(String(name[0])) && name.length !== 2) fields.push({ name, errors: [issueMessage(t, issue)] });
            else rest.push(issueMessage(t, issue));
          }
          form.setFields(fields as never);
          setErrors(rest);
          void message.error(t('order.form.invalid'));
        } else setErrors([errorMessage(t, error)]);
      },
    });
  };

  if (presetCustomerId && preset.isPending) return <PageLoading />;
  return (
    <Flex vertical gap={12} style={{ maxWidth: 960 }}>
      <Link to="/orders">
        <ArrowLeftOutlined /> {t('order.detail.back')}
      </Link>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('order.form.title')}
      </Typography.Title>
      <Form<OrderFormValues>
        form={form}
        layout="vertical"
        initialValues={{
          customerId: preset.data?.id,
          orderedAt: dayjs(),
          channel: 'direct',
          status: 'pending',
          lines: [{ quantity: 1 }],
        }}
        onFinish={onFinish}
        onFinishFailed={() => void message.error(t('order.form.invalid'))}
        scrollToFirstError
      >
        <Flex vertical gap={16}>
          {errors.length > 0 && <Alert type="error" showIcon role="alert" title={errors.join('；')} />}
          <Card styles={{ body: { padding: isMobile ? 12 : 24 } }}>
            <Form.Item name="customerId" label={t('order.fields.customer')} rules={[{ required: true, message: t('order.form.customerRequired') }]}>
              <CustomerSearchSelect initial={preset.data ? { id: preset.data.id, name: preset.data.name } : undefined} />
            </Form.Item>
            <Flex gap={16} wrap>
              <Form.Item name="orderedAt" label={t('order.fields.orderedAt')} rules={[{ required: true }]} style={{ flex: '1 1 200px' }}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
              <Form.Item name="channel" label={t('order.fields.channel')} style={{ flex: '1 1 140px' }}>
                <Select options={ORDER_CHANNELS.map((channel) => ({ value: channel, label: t(`order.channel.${channel}`) }))} />
              </Form.Item>
              <Form.Item name="status" label={t('order.form.initialStatus')} style={{ flex: '1 1 140px' }}>
                <Select options={INITIAL_ORDER_STATUSES.map((status) => ({ value: status, label: t(`order.status.${status}`) }))} />
              </Form.Item>
              <Form.Item name="orderNo" label={t('order.fields.orderNo')} rules={[{ max: 64 }, { pattern: /^\S*$/, message: t('order.form.orderNoSpaces') }]} style={{ flex: '1 1 180px' }}>
                <Input placeholder={t('order.form.orderNoPlaceholder')} />
              </Form.Item>
            </Flex>
            <Form.Item name="note" label={t('order.fields.note')} style={{ marginBottom: 0 }}>
              <Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} />
            </Form.Item>
          </Card>
          <Form.List name="lines" rules={[{ validator: async (_, value: unknown[]) => { if (!value?.length) throw new Error(t('order.form.noLines')); } }]}>
            {(fields, { add, remove }, { errors: listErrors }) => (
              <Flex vertical gap={12}>
                {fields.map((field, index) => (
                  <LineRow key={field.key} form={form} name={field.name} index={index} removable={fields.length > 1} onRemove={() => remove(field.name)} />
                ))}
                <Form.ErrorList errors={listErrors} />
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} block>
                  {t('order.form.addLine')}
                </Button>
              </Flex>
            )}
          </Form.List>
          <Card styles={{ body: { padding: isMobile ? 12 : 16 } }}>
            <Flex justify="space-between" align="center" gap={12} wrap>
              <Typography.Text style={{ fontSize: 16 }}>
                {t('order.form.total')}
                {t('common.colon')}
                <Typography.Text strong style={{ fontSize: 20 }} data-testid="order-form-total">
                  {total === null ? '—' : money({ amount: total, currency: DEFAULT_CURRENCY })}
                </Typography.Text>
              </Typography.Text>
              <Flex gap={8}>
                <Button onClick={() => void navigate(-1)} disabled={create.isPending}>
                  {t('common.cancel')}
                </Button>
                <Button type="primary" htmlType="submit" loading={create.isPending}>
                  {t('order.form.submit')}
                </Button>
              </Flex>
            </Flex>
          </Card>
        </Flex>
      </Form>
    </Flex>
  );
}
