import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Checkbox, Divider, Empty, Flex, Form, Input, List, Modal, Popconfirm, Popover, Typography } from 'antd';
import { AppstoreOutlined, DeleteOutlined, EditOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SavedView } from '../../../shared/saved-views.ts';
import { useMe } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import { useCreateSavedView, useDeleteSavedView, useSavedViews, useUpdateSavedView } from '../../api/customerProfile.ts';
import { errorMessage } from '../../components/problem.ts';

/** Parameters kept outside a view's query: the page, and the sort and columns (saved on their own). */
const NOT_SAVED = new Set(['cursor', 'limit', 'cols', 'sort']);

/** 视图: apply a saved list view (one's own or shared with one's team), save the current one, rename, share or delete one's own. */
export function SavedViewsButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const views = useSavedViews();
  const create = useCreateSavedView();
  const remove = useDeleteSavedView();
  const update = useUpdateSavedView();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  // The own view being renamed or (un)shared; the same dialog as saving, filled with its values.
  const [editing, setEditing] = useState<SavedView | null>(null);
  const [form] = Form.useForm<{ name: string; share: boolean }>();
  const teamId = me.data?.user.teamId ?? null;

  const apply = (view: SavedView) => {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(view.query)) next.set(key, String(value));
    if (view.sort) next.set('sort', view.sort);
    if (view.columns.length) next.set('cols', view.columns.join(','));
    setParams(next);
    setOpen(false);
  };

  const closeDialog = () => {
    setSaving(false);
    setEditing(null);
  };

  const saveChanges = (view: SavedView, values: { name: string; share: boolean }) => {
    const name = values.name.trim();
    // Sharing is sent only when it changes, so a view an administrator shared with another team keeps that team.
    const sharedTeamId = values.share === Boolean(view.sharedTeam) ? undefined : values.share && teamId ? teamId : null;
    update.mutate(
      { id: view.id, version: view.version, ...(name !== view.name ? { name } : {}), ...(sharedTeamId !== undefined ? { sharedTeamId } : {}) },
      {
        onSuccess: () => {
          void message.success(t('profile360.views.updated'));
          closeDialog();
        },
        onError: (error) => {
          if (isApiError(error, 409)) {
            void message.warning(t('profile360.views.conflict'));
            closeDialog();
          } else void message.error(errorMessage(t, error));
        },
      },
    );
  };

  const save = (values: { name: string; share: boolean }) => {
    if (editing) return saveChanges(editing, values);
    const query: Record<string, string> = {};
    for (const [key, value] of params) if (!NOT_SAVED.has(key)) query[key] = value;
    const columns = (params.get('cols') ?? '').split(',').filter(Boolean);
    create.mutate(
      { name: values.name.trim(), query, columns, sort: params.get('sort'), sharedTeamId: values.share && teamId ? teamId : null },
      {
        onSuccess: () => {
          void message.success(t('profile360.views.saved'));
          setSaving(false);
          form.resetFields();
        },
        onError: (error) => void message.error(errorMessage(t, error)),
      },
    );
  };

  const mine = (views.data ?? []).filter((view) => view.mine);
  const shared = (views.data ?? []).filter((view) => !view.mine);
  const renderList = (items: SavedView[]) => (
    <List
      size="small"
      dataSource={items}
      renderItem={(view) => (
        <List.Item
          style={{ cursor: 'pointer', paddingInline: 4 }}
          onClick={() => apply(view)}
          data-testid="saved-view"
          actions={
            view.mine
              ? [
                  <Button
                    key="edit"
                    type="text"
                    size="small"
                    icon={<EditOutlined />}
                    aria-label={t('profile360.views.edit')}
                    title={t('profile360.views.edit')}
                    onClick={(event) => {
                      event.stopPropagation();
                      setOpen(false);
                      setEditing(view);
                    }}
                  />,
                  <Popconfirm
                    key="delete"
                    title={t('profile360.views.deleteConfirm', { name: view.name })}
                    onConfirm={(event) => {
                      event?.stopPropagation();
                      return remove.mutateAsync(view.id, {
                        onSuccess: () => void message.success(t('profile360.views.deleted')),
                        onError: (error) => void message.error(errorMessage(t, error)),
                      });
                    }}
                    onCancel={(event) => event?.stopPropagation()}
                  >
                    <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={(event) => event.stopPropagation()} />
                  </Popconfirm>,
                ]
              : []
          }
        >
          <Flex vertical>
            <Typography.Text>{view.name}</Typography.Text>
            {view.mine && view.sharedTeam && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="saved-view-sharing">
                {t('profile360.views.sharedWith', { team: view.sharedTeam.name })}
              </Typography.Text>
            )}
            {!view.mine && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('profile360.views.sharedBy', { name: view.owner.name })}
                {view.sharedTeam ? ` · ${view.sharedTeam.name}` : ''}
              </Typography.Text>
            )}
          </Flex>
        </List.Item>
      )}
    />
  );

  const content = (
    <Flex vertical style={{ width: 260, maxWidth: '80vw' }}>
      <Button icon={<SaveOutlined />} onClick={() => { setOpen(false); setSaving(true); }} block>
        {t('profile360.views.save')}
      </Button>
      <Divider style={{ margin: '8px 0' }} plain>
        {t('profile360.views.mine')}
      </Divider>
      {mine.length ? renderList(mine) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('profile360.views.none')} />}
      {shared.length > 0 && (
        <>
          <Divider style={{ margin: '8px 0' }} plain>
            {t('profile360.views.shared')}
          </Divider>
          {renderList(shared)}
        </>
      )}
    </Flex>
  );

  return (
    <>
      <Popover open={open} onOpenChange={setOpen} trigger="click" content={content} placement="bottomLeft">
        <Button icon={<AppstoreOutlined />}>{t('profile360.views.button')}</Button>
      </Popover>
      <Modal
        open={saving || editing !== null}
        title={editing ? t('profile360.views.editTitle') : t('profile360.views.saveTitle')}
        onCancel={closeDialog}
        onOk={() => form.submit()}
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
      >
        <Form
          key={editing?.id ?? 'new'}
          form={form}
          layout="vertical"
          initialValues={editing ? { name: editing.name, share: Boolean(editing.sharedTeam) } : { share: false }}
          onFinish={save}
        >
          <Form.Item name="name" label={t('profile360.views.name')} rules={[{ required: true, whitespace: true, message: t('profile360.views.name') }]}>
            <Input maxLength={60} autoFocus />
          </Form.Item>
          {(teamId || editing?.sharedTeam) && (
            <Form.Item name="share" valuePropName="checked">
              <Checkbox>{t('profile360.views.share')}</Checkbox>
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
