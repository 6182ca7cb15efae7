import { App, Button, Divider, Form, Input, Popconfirm, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { integrityApi, integrityKeys, type PensionerRelative } from '../../../api/integrity';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useErrorText } from '../../../components/errorText';
import { mono } from '../../../components/registry/parts';
import { formatDate } from '../../../lib/format';
import { useIdempotencyKey } from '../../../lib/useIdempotencyKey';

interface AddValues {
  relativeIdNumber: string;
  relation: string;
}

/** 亲情服务: the citizen accounts registered at the counter to certify for the pensioner, added and removed here. */
export function PensionRelatives({ pensionerId, name }: { pensionerId: string; name: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describe = useErrorText();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AddValues>();
  const idem = useIdempotencyKey();
  const key = integrityKeys.relatives(pensionerId);
  const relatives = useQuery({ queryKey: key, queryFn: () => integrityApi.relatives(pensionerId) });
  const add = useMutation({
    mutationFn: (v: AddValues) => {
      const body = { relativeIdNumber: v.relativeIdNumber.trim().toUpperCase(), relation: v.relation.trim() };
      return integrityApi.addRelative(pensionerId, body, idem.keyFor(body));
    },
    onSuccess: () => {
      idem.reset();
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: key });
      void message.success(t('funds.relatives.added'));
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => integrityApi.removeRelative(pensionerId, id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      void message.success(t('funds.relatives.removed'));
    },
    onError: (error) => void message.error(describe(error).title),
  });
  const columns: ColumnsType<PensionerRelative> = [
    { title: t('funds.relatives.name'), dataIndex: 'name' },
    { title: t('funds.relatives.idNumber'), dataIndex: 'idNumberMasked', render: (v: string) => <span style={mono}>{v}</span> },
    { title: t('funds.relatives.relation'), dataIndex: 'relation' },
    { title: t('funds.relatives.since'), dataIndex: 'createdAt', render: (v: string) => formatDate(v) },
    {
      title: t('common.actions'),
      key: 'remove',
      render: (_v, r) => (
        <Popconfirm title={t('funds.relatives.removeConfirm', { relative: r.name, name })} okText={t('funds.relatives.remove')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => remove.mutate(r.id)}>
          <Button size="small" danger icon={<DeleteOutlined />} loading={remove.isPending && remove.variables === r.id} data-testid="relative-remove">
            {t('funds.relatives.remove')}
          </Button>
        </Popconfirm>
      ),
    },
  ];
  return (
    <div data-testid="pension-relatives">
      <Divider titlePlacement="start" style={{ margin: '4px 0 8px' }}>
        {t('funds.relatives.title')}
      </Divider>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('funds.relatives.intro')}
      </Typography.Paragraph>
      <ErrorAlert error={relatives.error} />
      <ErrorAlert error={add.error} />
      <Form<AddValues> form={form} name="relative" layout="inline" onFinish={add.mutate} style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item
          name="relativeIdNumber"
          rules={[
            { required: true, whitespace: true, message: t('funds.relatives.idNumberRequired') },
            { pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('funds.relatives.idNumberFormat') },
          ]}
        >
          <Input name="relativeIdNumber" placeholder={t('funds.relatives.idNumberPlaceholder')} maxLength={18} style={{ width: 220, ...mono }} data-testid="relative-id-number" />
        </Form.Item>
        <Form.Item name="relation" rules={[{ required: true, whitespace: true, message: t('funds.relatives.relationRequired') }]}>
          <Input name="relation" placeholder={t('funds.relatives.relationPlaceholder')} maxLength={20} style={{ width: 140 }} data-testid="relative-relation" />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<UserAddOutlined />} loading={add.isPending} data-testid="relative-add">
          {t('funds.relatives.add')}
        </Button>
      </Form>
      <Table<PensionerRelative>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={relatives.data?.items ?? []}
        loading={relatives.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('funds.relatives.empty') }}
        data-testid="relatives-table"
      />
    </div>
  );
}
