import { Alert, App, Form, Input, InputNumber, Modal, Select, Typography, type FormInstance } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { useRegion } from '../../../api/appeals';
import { isApiError } from '../../../api/client';
import {
  DEPARTMENT_KINDS,
  exchangeApi,
  exchangeKeys,
  OUTBOUND_QUERY_KINDS,
  useExchangeCatalogue,
  type DepartmentKind,
  type NewPartner,
  type Partner,
  type PartnerGrants,
  type PartnerSettings,
  type PartnerWithCredential,
} from '../../../api/exchange';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useExchangeLabels } from '../../../components/exchange/labels';
import { mono } from '../../../components/exchange/parts';
import { checkPublicKeyPem } from '../../../lib/publicKeyPem';

const isOutbound = (kind: string) => (OUTBOUND_QUERY_KINDS as readonly string[]).includes(kind);

/** Server refusals that concern one field of the registration form. */
const fieldOf: Record<string, 'code' | 'publicKeyPem' | undefined> = { partner_code_taken: 'code', public_key_invalid: 'publicKeyPem' };

/** A PEM textarea whose value is checked here before the server reads it. */
function PublicKeyField({ label, extra }: { label: string; extra?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="publicKeyPem"
      label={label}
      extra={extra ?? t('console.exchange.partners.publicKeyHint')}
      rules={[
        { required: true, whitespace: true, message: t('console.exchange.partners.publicKeyRequired') },
        {
          validator: (_, value: string | undefined) => {
            if (!value?.trim()) return Promise.resolve();
            const problem = checkPublicKeyPem(value);
            return problem ? Promise.reject(new Error(t(`console.exchange.partners.publicKeyProblems.${problem}`))) : Promise.resolve();
          },
        },
      ]}
    >
      <Input.TextArea
        name="publicKeyPem"
        autoSize={{ minRows: 3, maxRows: 6 }}
        maxLength={2000}
        spellCheck={false}
        placeholder={'-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----'}
        style={{ ...mono, fontSize: 12 }}
        data-testid="partner-public-key"
      />
    </Form.Item>
  );
}

/** The grants and the adapter, as both partner forms hold them (a cleared Select leaves `undefined`). */
interface SettingsValues extends PartnerGrants {
  adapter?: string;
}

/**
 * What a partner may do: the datasets of its own department it may send, the adapter the
 * platform asks it through, the query kinds, and the purposes it may state. The kinds the
 * platform asks need the adapter chosen here: without one they are offered greyed out, and
 * clearing it takes back those already chosen (the server would refuse them).
 */
function GrantFields({ department, currentAdapter }: { department: string | undefined; currentAdapter?: string | null }) {
  const { t } = useTranslation();
  const labels = useExchangeLabels();
  const catalogue = useExchangeCatalogue();
  const form = Form.useFormInstance<SettingsValues>();
  const canAsk = !!Form.useWatch('adapter', form);
  const datasets = (catalogue.data?.datasets ?? []).filter((d) => d.department === department);
  const kinds = catalogue.data?.queryKinds;
  const kindOption = (k: string) => ({ value: k, label: labels.queryKind(k), disabled: isOutbound(k) && !canAsk });
  const adapters = catalogue.data?.adapters ?? [];
  // A partner may still name an adapter this deployment no longer offers: shown, not offered.
  const stale = currentAdapter && catalogue.data && !adapters.includes(currentAdapter) ? [currentAdapter] : [];
  const onAdapterChange = (adapter: string | undefined) => {
    if (adapter) return;
    const kept = (form.getFieldValue('queryKinds') as string[] | undefined)?.filter((k) => !isOutbound(k)) ?? [];
    form.setFieldValue('queryKinds', kept);
  };
  return (
    <>
      <Form.Item
        name="datasets"
        label={t('console.exchange.partners.datasets')}
        extra={department ? t('console.exchange.partners.datasetsHint', { department: labels.department(department) }) : t('console.exchange.partners.datasetsPickDepartment')}
      >
        <Select<string[]>
          mode="multiple"
          allowClear
          disabled={!department}
          loading={catalogue.isPending}
          placeholder={t('console.exchange.partners.datasetsPlaceholder')}
          notFoundContent={t('console.exchange.partners.noDatasets')}
          options={datasets.map((d) => ({ value: d.dataset, label: `${labels.dataset(d.dataset)} · ${d.dataset}` }))}
          data-testid="partner-datasets"
        />
      </Form.Item>
      <Form.Item name="adapter" label={t('console.exchange.partners.adapter')} extra={t('console.exchange.partners.adapterHint')}>
        <Select<string>
          allowClear
          loading={catalogue.isPending}
          placeholder={t('console.exchange.partners.adapterPlaceholder')}
          notFoundContent={t('console.exchange.partners.noAdapters')}
          onChange={onAdapterChange}
          options={[
            ...adapters.map((name) => ({ value: name, label: <span style={mono}>{name}</span> })),
            ...stale.map((name) => ({ value: name, disabled: true, label: t('console.exchange.partners.adapterUnavailable', { name }) })),
          ]}
          data-testid="partner-adapter"
        />
      </Form.Item>
      <Form.Item name="queryKinds" label={t('console.exchange.partners.queryKinds')} extra={canAsk ? undefined : t('console.exchange.partners.noAdapter')}>
        <Select<string[]>
          mode="multiple"
          allowClear
          loading={catalogue.isPending}
          placeholder={t('console.exchange.partners.queryKindsPlaceholder')}
          options={
            kinds
              ? [
                  { label: t('console.exchange.partners.outbound'), options: kinds.outbound.map(kindOption) },
                  { label: t('console.exchange.partners.inbound'), options: kinds.inbound.map(kindOption) },
                ]
              : []
          }
          data-testid="partner-query-kinds"
        />
      </Form.Item>
      <Form.Item
        name="purposes"
        label={t('console.exchange.partners.purposes')}
        rules={[{ required: true, type: 'array', min: 1, message: t('console.exchange.partners.purposesRequired') }]}
      >
        <Select<string[]>
          mode="multiple"
          allowClear
          loading={catalogue.isPending}
          placeholder={t('console.exchange.partners.purposesPlaceholder')}
          options={(catalogue.data?.purposes ?? []).map((p) => ({ value: p.code, label: labels.purpose(p.code) }))}
          data-testid="partner-purposes"
        />
      </Form.Item>
    </>
  );
}

/** The caller's own region and the regions directly below it: where a partner may serve. */
function useJurisdictionOptions() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const root = me?.department?.regionCode;
  const region = useRegion(root);
  const data = region.data;
  const options = data
    ? [
        { value: data.region.code, label: t('console.exchange.partners.wholeRegion', { name: data.region.name }) },
        ...data.children.map((c) => ({ value: c.code, label: c.name })),
      ]
    : [];
  return { root, options, loading: region.isPending && !!root };
}

interface RegisterValues extends SettingsValues {
  code: string;
  name: string;
  department: DepartmentKind;
  jurisdiction: string;
  publicKeyPem: string;
}

/** Keeps the chosen datasets to those of the chosen department. */
function onDepartmentChange(form: FormInstance<RegisterValues>, department: string, datasetDepartment: (ref: string) => string | undefined) {
  const kept = (form.getFieldValue('datasets') as string[] | undefined)?.filter((ref) => datasetDepartment(ref) === department) ?? [];
  form.setFieldValue('datasets', kept);
}

/** 登记合作部门: who it is, where it serves, its public key and what it may do; the answer carries its credential once. */
export function RegisterPartnerModal({ open, onClose, onRegistered }: { open: boolean; onClose: () => void; onRegistered: (result: PartnerWithCredential) => void }) {
  const { t, i18n } = useTranslation();
  const labels = useExchangeLabels();
  const queryClient = useQueryClient();
  const catalogue = useExchangeCatalogue();
  const jurisdictions = useJurisdictionOptions();
  const [form] = Form.useForm<RegisterValues>();
  const department = Form.useWatch('department', form);
  const run = useMutation({
    mutationFn: (v: RegisterValues) => {
      const body: NewPartner = {
        code: v.code.trim(),
        name: v.name.trim(),
        department: v.department,
        jurisdiction: v.jurisdiction,
        publicKeyPem: v.publicKeyPem.trim(),
        datasets: v.datasets ?? [],
        queryKinds: v.queryKinds ?? [],
        purposes: v.purposes,
        ...(v.adapter ? { adapter: v.adapter } : {}),
      };
      return exchangeApi.register(body);
    },
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: exchangeKeys.partners });
      close();
      onRegistered(result);
    },
    // A taken code or an unreadable key belongs next to its field; the form is long.
    onError: (error) => {
      const field = isApiError(error) ? fieldOf[error.code] : undefined;
      if (field && isApiError(error)) form.setFields([{ name: field, errors: [error.localized(i18n.language) ?? error.code] }]);
    },
  });
  const fieldError = isApiError(run.error) && !!fieldOf[run.error.code];
  function close() {
    run.reset();
    form.resetFields();
    onClose();
  }
  const datasetDepartment = (ref: string) => catalogue.data?.datasets.find((d) => d.dataset === ref)?.department;
  return (
    <Modal
      open={open}
      title={t('console.exchange.partners.registerTitle')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('console.exchange.partners.registerSubmit')}
      okButtonProps={{ 'data-testid': 'partner-register-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={640}
    >
      <Alert type="info" showIcon title={t('console.exchange.partners.registerIntro')} style={{ marginBottom: 16 }} />
      <Form<RegisterValues>
        form={form}
        name="register-partner"
        layout="vertical"
        initialValues={{ jurisdiction: jurisdictions.root, datasets: [], queryKinds: [], purposes: [] }}
        onValuesChange={(changed: Partial<RegisterValues>) => {
          if (changed.department) onDepartmentChange(form, changed.department, datasetDepartment);
        }}
        onFinish={run.mutate}
        data-testid="register-partner-form"
      >
        <Form.Item
          name="code"
          label={t('console.exchange.partners.code')}
          extra={t('console.exchange.partners.codeHint')}
          normalize={(v: string | undefined) => (v ?? '').toLowerCase()}
          rules={[
            { required: true, message: t('console.exchange.partners.codeRequired') },
            { pattern: /^[a-z0-9][a-z0-9-]{1,39}$/, message: t('console.exchange.partners.codeFormat') },
          ]}
        >
          <Input name="code" maxLength={40} autoComplete="off" placeholder="yc-gongan" style={mono} />
        </Form.Item>
        <Form.Item name="name" label={t('console.exchange.partners.name')} rules={[{ required: true, whitespace: true, message: t('console.exchange.partners.nameRequired') }]}>
          <Input name="name" maxLength={100} autoComplete="off" placeholder={t('console.exchange.partners.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="department" label={t('console.exchange.partners.department')} rules={[{ required: true, message: t('console.exchange.partners.departmentRequired') }]}>
          <Select<DepartmentKind>
            placeholder={t('console.exchange.partners.departmentPlaceholder')}
            options={DEPARTMENT_KINDS.map((d) => ({ value: d, label: labels.department(d) }))}
            data-testid="partner-department-select"
          />
        </Form.Item>
        <Form.Item
          name="jurisdiction"
          label={t('console.exchange.partners.jurisdiction')}
          extra={t('console.exchange.partners.jurisdictionHint')}
          rules={[{ required: true, message: t('console.exchange.partners.jurisdictionRequired') }]}
        >
          <Select<string> showSearch={{ optionFilterProp: 'label' }} loading={jurisdictions.loading} options={jurisdictions.options} data-testid="partner-jurisdiction" />
        </Form.Item>
        <PublicKeyField label={t('console.exchange.partners.publicKey')} />
        <GrantFields department={department} />
      </Form>
      {!fieldError && <ErrorAlert error={run.error} style={{ marginBottom: 0 }} />}
    </Modal>
  );
}

/** 编辑授权: datasets, the adapter, query kinds and purposes; the department, key and credential stay. */
export function GrantsModal({ partner, onClose }: { partner: Partner | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingsValues>();
  const run = useMutation({
    mutationFn: (v: SettingsValues) => {
      const adapter = v.adapter ?? null;
      const body: PartnerSettings = {
        datasets: v.datasets ?? [],
        queryKinds: v.queryKinds ?? [],
        purposes: v.purposes,
        // Sent only when changed: an unchanged adapter the deployment no longer offers is kept, not refused.
        ...(adapter !== partner?.adapter ? { adapter } : {}),
      };
      return exchangeApi.changeSettings(partner?.id ?? '', body);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: exchangeKeys.partners });
      void message.success(t('console.exchange.partners.grantsChanged'));
      close();
    },
  });
  function close() {
    run.reset();
    onClose();
  }
  return (
    <Modal
      open={!!partner}
      title={t('console.exchange.partners.grantsTitle', { name: partner?.name ?? '' })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'partner-grants-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={600}
    >
      <Alert type="info" showIcon title={t('console.exchange.partners.grantsIntro')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={run.error} />
      {partner && (
        <Form<SettingsValues>
          form={form}
          name="partner-grants"
          layout="vertical"
          initialValues={{ datasets: partner.datasets, queryKinds: partner.queryKinds, purposes: partner.purposes, adapter: partner.adapter ?? undefined }}
          onFinish={run.mutate}
          data-testid="partner-grants-form"
        >
          <GrantFields department={partner.department} currentAdapter={partner.adapter} />
        </Form>
      )}
    </Modal>
  );
}

/** 轮换密钥: a new public key; the old one stays valid for the overlap so the partner can switch without a gap. */
export function RotateKeyModal({ partner, onClose }: { partner: Partner | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ publicKeyPem: string; overlapHours: number }>();
  const overlap = Form.useWatch('overlapHours', form);
  const run = useMutation({
    mutationFn: (v: { publicKeyPem: string; overlapHours: number }) => exchangeApi.rotateKey(partner?.id ?? '', { publicKeyPem: v.publicKeyPem.trim(), overlapHours: v.overlapHours }),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: exchangeKeys.partners });
      void message.success(t('console.exchange.partners.keyRotated', { keyId: p.keyId }));
      close();
    },
  });
  function close() {
    run.reset();
    onClose();
  }
  return (
    <Modal
      open={!!partner}
      title={t('console.exchange.partners.rotateTitle', { name: partner?.name ?? '' })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('console.exchange.partners.rotateSubmit')}
      okButtonProps={{ 'data-testid': 'partner-rotate-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={600}
    >
      {partner && (
        <Typography.Paragraph type="secondary">
          {t('console.exchange.partners.currentKey')} <Typography.Text style={mono}>{partner.keyId}</Typography.Text>
        </Typography.Paragraph>
      )}
      {overlap === 0 && <Alert type="warning" showIcon title={t('console.exchange.partners.overlapZero')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={run.error} />
      <Form form={form} name="rotate-key" layout="vertical" initialValues={{ overlapHours: 24 }} onFinish={run.mutate}>
        <PublicKeyField label={t('console.exchange.partners.newPublicKey')} />
        <Form.Item
          name="overlapHours"
          label={t('console.exchange.partners.overlapHours')}
          extra={t('console.exchange.partners.overlapHint')}
          rules={[{ required: true, type: 'integer', min: 0, max: 168, message: t('console.exchange.partners.overlapRange') }]}
        >
          <InputNumber min={0} max={168} precision={0} suffix={t('console.exchange.partners.hours')} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 暂停 · 恢复, with a reason: the form is the confirmation. */
export function StatusModal({ partner, onClose }: { partner: Partner | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const suspending = partner?.status === 'active';
  const run = useMutation({
    mutationFn: (v: { reason: string }) => (suspending ? exchangeApi.suspend : exchangeApi.reactivate)(partner?.id ?? '', v.reason.trim()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: exchangeKeys.partners });
      void message.success(t(suspending ? 'console.exchange.partners.suspended' : 'console.exchange.partners.reactivated'));
      close();
    },
  });
  function close() {
    run.reset();
    onClose();
  }
  const name = partner?.name ?? '';
  return (
    <Modal
      open={!!partner}
      title={t(suspending ? 'console.exchange.partners.suspendTitle' : 'console.exchange.partners.reactivateTitle', { name })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t(suspending ? 'console.exchange.partners.suspend' : 'console.exchange.partners.reactivate')}
      okButtonProps={{ danger: suspending, 'data-testid': 'partner-status-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={520}
    >
      <Alert
        type={suspending ? 'warning' : 'info'}
        showIcon
        title={t(suspending ? 'console.exchange.partners.suspendHint' : 'console.exchange.partners.reactivateHint')}
        style={{ marginBottom: 16 }}
      />
      <ErrorAlert error={run.error} />
      <Form form={form} name="partner-status" layout="vertical" onFinish={run.mutate}>
        <Form.Item name="reason" label={t('console.exchange.partners.reason')} rules={[{ required: true, whitespace: true, message: t('console.exchange.partners.reasonRequired') }]}>
          <Input.TextArea name="reason" maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} data-testid="partner-status-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
