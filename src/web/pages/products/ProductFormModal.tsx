import { Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CURRENCY, toDecimalString, toMinorUnits } from '../../../shared/money.ts';
import type { Product } from '../../../shared/products.ts';
import { isApiError } from '../../api/client.ts';
import { useCategories, useSaveProduct } from '../../api/products.ts';
import { FormModal } from '../../components/FormModal.tsx';

interface ProductFormValues {
  sku: string;
  name: string;
  categoryId: string | null;
  /** yuan, as typed: the API takes minor units */
  price: string;
  active: boolean;
}

const FIELDS = ['sku', 'name', 'categoryId', 'price', 'active', 'unitPrice'] as const;

/** Create (product null) or edit a product; the price is typed in yuan and sent in fen. */
export function ProductFormModal({ open, product, onClose }: { open: boolean; product: Product | null; onClose: () => void }) {
  const { t } = useTranslation();
  const categories = useCategories();
  const save = useSaveProduct();
  const currency = product?.unitPrice.currency ?? DEFAULT_CURRENCY;
  return (
    <FormModal<ProductFormValues>
      open={open}
      title={product ? t('product.form.editTitle') : t('product.form.createTitle')}
      fields={FIELDS}
      initialValues={
        product
          ? {
              sku: product.sku,
              name: product.name,
              categoryId: product.categoryId,
              price: toDecimalString(product.unitPrice.amount, currency),
              active: product.active,
            }
          : { active: true, categoryId: null }
      }
      onCancel={onClose}
      describeError={(error) => (isApiError(error, 409) && error.code === 'version_conflict' ? t('product.form.conflict') : undefined)}
      onSubmit={async (values) => {
        const amount = toMinorUnits(values.price, currency)!;
        const fields = {
          sku: values.sku.trim(),
          name: values.name.trim(),
          categoryId: values.categoryId ?? null,
          unitPrice: { amount, currency },
          active: values.active,
        };
        await save.mutateAsync({ id: product?.id ?? null, body: product ? { version: product.version, ...fields } : fields });
        onClose();
      }}
    >
      <Form.Item name="sku" label={t('product.fields.sku')} rules={[{ required: true, whitespace: true, message: t('product.form.skuRequired') }, { max: 64 }, { pattern: /^\S+$/, message: t('product.form.skuSpaces') }]}>
        <Input maxLength={64} autoFocus />
      </Form.Item>
      <Form.Item name="name" label={t('product.fields.name')} rules={[{ required: true, whitespace: true, message: t('product.form.nameRequired') }, { max: 200 }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="categoryId" label={t('product.fields.category')}>
        <Select
          allowClear
          placeholder={t('product.form.categoryPlaceholder')}
          loading={categories.isPending}
          showSearch={{ optionFilterProp: 'label' }}
          options={(categories.data ?? []).map((category) => ({ value: category.id, label: category.name }))}
        />
      </Form.Item>
      <Form.Item
        name="price"
        label={t('product.form.priceLabel')}
        extra={t('product.form.priceHint')}
        rules={[
          {
            validator: async (_rule, value: string | undefined) => {
              if (!value?.trim()) throw new Error(t('product.form.priceRequired'));
              if (toMinorUnits(value, currency) === null) throw new Error(t('product.form.priceInvalid'));
            },
          },
        ]}
      >
        <Input prefix="¥" inputMode="decimal" placeholder="0.00" />
      </Form.Item>
      <Form.Item name="active" label={t('product.fields.active')} valuePropName="checked">
        <Switch checkedChildren={t('product.active.on')} unCheckedChildren={t('product.active.off')} />
      </Form.Item>
    </FormModal>
  );
}
