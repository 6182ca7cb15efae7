import { useState } from 'react';
import { Alert, App, Button, Descriptions, Divider, Drawer, Flex, Form, Grid, Input, Modal, Result, Select, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { EMPLOYER_STATUSES, employersApi, employersKeys, type Employee, type EmployerChange, type EmployerDetail, type EmployerStatus, type IndustrySection } from '../../api/employers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRegistryLabels } from '../../components/registry/labels';
import { EmployerStatusTag, mono, RegionName } from '../../components/registry/parts';
import { allowed, EMPLOYER_WRITE_ROLES, REGISTRY_ROLES } from '../../layouts/consoleNav';
import { formatDate, formatDateTime } from '../../lib/format';
import { useIndustryOptions } from './RegisterEmployerModal';
import { EmployerFindings } from './EmployerFindings';

const EMPLOYEES_PAGE = 20;

interface ChangeValues {
  name: string;
  industry: IndustrySection;
  status: EmployerStatus;
  reason: string;
}

/** 变更: name, industry section or status, with a reason; only what changed is sent. */
function ChangeModal({ employer, open, onClose }: { employer: EmployerDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const labels = useRegistryLabels();
  const queryClient = useQueryClient();
  const industries = useIndustryOptions();
  const [form] = Form.useForm<ChangeValues>();
  const run = useMutation({
    mutationFn: (v: ChangeValues) => {
      const body: EmployerChange = { reason: v.reason.trim() };
      if (v.name.trim() !== employer.name) body.name = v.name.trim();
      if (v.industry !== employer.industry) body.industry = v.industry;
      if (v.status !== employer.status) body.status = v.status;
      return employersApi.change(employer.id, body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: employersKeys.all });
      void message.success(t('console.employers.changed'));
      close();
    },
  });
  function close() {
    run.reset();
    onClose();
  }
  return (
    <Modal
      open={open}
      title={t('console.employers.changeTitle', { name: employer.name })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'employer-change-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={560}
    >
      <Alert type="info" showIcon title={t('console.employers.changeHint')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={run.error} />
      <Form<ChangeValues>
        form={form}
        name="employer-change"
        layout="vertical"
        initialValues={{ name: employer.name, industry: employer.industry as IndustrySection, status: employer.status as EmployerStatus, reason: '' }}
        onFinish={run.mutate}
      >
        <Form.Item name="name" label={t('console.employers.name')} rules={[{ required: true, whitespace: true, message: t('console.employers.nameRequired') }]}>
          <Input name="name" maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="industry" label={t('console.employers.industry')} rules={[{ required: true, message: t('console.employers.industryRequired') }]}>
          <Select<IndustrySection> showSearch={{ optionFilterProp: 'label' }} options={industries} />
        </Form.Item>
        <Form.Item name="status" label={t('console.employers.status')}>
          <Select<EmployerStatus> options={EMPLOYER_STATUSES.map((s) => ({ value: s, label: labels.employerStatus(s) }))} data-testid="employer-status-select" />
        </Form.Item>
        <Form.Item name="reason" label={t('console.employers.reason')} rules={[{ required: true, whitespace: true, message: t('console.employers.reasonRequired') }]}>
          <Input.TextArea name="reason" maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} data-testid="employer-change-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Facts({ employer: e }: { employer: EmployerDetail }) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  return (
    <Descriptions
      column={{ xs: 1, sm: 2 }}
      size="small"
      bordered
      data-testid="employer-facts"
      items={[
        { key: 'name', label: t('console.employers.name'), children: e.name, span: 2 },
        { key: 'code', label: t('console.employers.creditCode'), children: <Typography.Text copyable style={mono}>{e.creditCode}</Typography.Text> },
        { key: 'status', label: t('console.employers.status'), children: <EmployerStatusTag status={e.status} /> },
        { key: 'industry', label: t('console.employers.industry'), children: `${e.industry} ${labels.industry(e.industry, e.industryName)}` },
        { key: 'region', label: t('console.employers.region'), children: <RegionName code={e.region} fullName={e.regionName} /> },
        { key: 'created', label: t('console.employers.createdAt'), children: formatDateTime(e.createdAt) },
        { key: 'updated', label: t('console.employers.updatedAt'), children: formatDateTime(e.updatedAt) },
      ]}
    />
  );
}

/** One employer: its facts, a change of name, industry or status, and who works there now. */
export function EmployerDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const screens = Grid.useBreakpoint();
  const canWrite = allowed(me?.roles ?? [], EMPLOYER_WRITE_ROLES);
  const canOpenPersons = allowed(me?.roles ?? [], REGISTRY_ROLES);
  const [page, setPage] = useState(1);
  const [changing, setChanging] = useState(false);
  const employer = useQuery({
    queryKey: [...employersKeys.one(id ?? ''), page],
    queryFn: () => employersApi.get(id ?? '', { page, pageSize: EMPLOYEES_PAGE }),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
  const e = employer.data?.id === id ? employer.data : undefined;
  const columns: ColumnsType<Employee> = [
    {
      title: t('console.employers.employeeName'),
      dataIndex: 'name',
      render: (v: string, r) => (canOpenPersons ? <Link to={`/console/registry?person=${encodeURIComponent(r.personId)}`}>{v}</Link> : v),
    },
    { title: t('console.employers.idNumber'), dataIndex: 'idNumberMasked', render: (v: string) => <span style={mono}>{v}</span> },
    { title: t('console.employers.startedOn'), dataIndex: 'startedOn', render: (v: string) => formatDate(v) },
  ];
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md === false ? '100%' : 720}
      title={
        <Flex wrap gap={8} align="center">
          <span>{e ? e.name : t('console.employers.detailTitle')}</span>
          {e && <EmployerStatusTag status={e.status} />}
        </Flex>
      }
      afterOpenChange={(visible) => {
        if (!visible) setPage(1);
      }}
      destroyOnHidden
    >
      <div data-testid="employer-detail">
        {!id ? null : !e && employer.isFetching ? (
          <Skeleton active />
        ) : !e ? (
          <Result status="error" title={t('console.employers.loadFailed')} extra={<Button onClick={() => void employer.refetch()}>{t('common.retry')}</Button>}>
            <ErrorAlert error={employer.error} />
          </Result>
        ) : (
          <>
            <ErrorAlert error={employer.error} />
            {canWrite ? (
              <Flex wrap gap={8} style={{ marginBottom: 16 }}>
                <Button icon={<EditOutlined />} onClick={() => setChanging(true)} data-testid="employer-change">
                  {t('console.employers.change')}
                </Button>
              </Flex>
            ) : (
              <Alert type="info" showIcon title={t('console.employers.readOnly')} style={{ marginBottom: 16 }} />
            )}
            <Facts employer={e} />
            <Divider titlePlacement="start">
              {t('console.employers.employees')} · {t('common.total', { total: e.employees.total })}
            </Divider>
            <Table<Employee>
              rowKey="personId"
              size="small"
              columns={columns}
              dataSource={e.employees.items}
              loading={employer.isFetching}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('console.employers.employeesEmpty') }}
              pagination={
                e.employees.total > EMPLOYEES_PAGE ? { current: page, pageSize: EMPLOYEES_PAGE, total: e.employees.total, onChange: setPage, showSizeChanger: false, size: 'small' } : false
              }
              data-testid="employer-employees"
            />
            <EmployerFindings employer={e} />
            {canWrite && <ChangeModal employer={e} open={changing} onClose={() => setChanging(false)} />}
          </>
        )}
      </div>
    </Drawer>
  );
}
