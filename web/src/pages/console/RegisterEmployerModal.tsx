import { App, Form, Input, Modal, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { employersApi, employersKeys, INDUSTRY_SECTIONS, type Employer, type IndustrySection, type NewEmployer } from '../../api/employers';
import { RegionCascader, regionPath } from '../../components/appeals/RegionCascader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useRegistryLabels } from '../../components/registry/labels';
import { mono } from '../../components/registry/parts';
import { normalizeCreditCode } from '../../lib/creditCode';
import { useIdempotencyKey } from '../../lib/useIdempotencyKey';
import { creditCodeRules } from './employerRules';

interface Values {
  creditCode: string;
  name: string;
  industry: IndustrySection;
  region: string[];
}

/** The industry sections as options: "C 制造业". */
export function useIndustryOptions() {
  const labels = useRegistryLabels();
  return INDUSTRY_SECTIONS.map((s) => ({ value: s, label: `${s} ${labels.industry(s)}` }));
}

/** 登记单位: credit code (checked here as the server does), name, industry section, region. */
export function RegisterEmployerModal({ open, onClose, onRegistered }: { open: boolean; onClose: () => void; onRegistered: (employer: Employer) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const industries = useIndustryOptions();
  const idem = useIdempotencyKey();
  const scope = me?.department?.regionCode;
  const register = useMutation({
    mutationFn: (v: Values) => {
      const body: NewEmployer = { creditCode: normalizeCreditCode(v.creditCode), name: v.name.trim(), industry: v.industry, region: v.region[v.region.length - 1] ?? '' };
      return employersApi.register(body, idem.keyFor(body));
    },
    onSuccess: (employer) => {
      idem.reset();
      void message.success(t('console.employers.registered', { name: employer.name }));
      void queryClient.invalidateQueries({ queryKey: employersKeys.list });
      close();
      onRegistered(employer);
    },
  });

  function close() {
    register.reset();
    form.resetFields();
    onClose();
  }

  return (
    <Modal
      open={open}
      title={t('console.employers.register')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'employer-register-submit' }}
      confirmLoading={register.isPending}
      destroyOnHidden
      width={560}
    >
      <ErrorAlert error={register.error} />
      <Form<Values>
        form={form}
        name="register-employer"
        layout="vertical"
        initialValues={{ region: regionPath(scope && scope.length >= 6 ? scope : undefined) }}
        onFinish={register.mutate}
        data-testid="employer-register-form"
      >
        <Form.Item name="creditCode" label={t('console.employers.creditCode')} rules={creditCodeRules(t)} normalize={normalizeCreditCode} validateTrigger="onBlur">
          <Input name="creditCode" maxLength={18} autoComplete="off" style={mono} placeholder="91640104XXXXXXXXXX" />
        </Form.Item>
        <Form.Item name="name" label={t('console.employers.name')} rules={[{ required: true, whitespace: true, message: t('console.employers.nameRequired') }]}>
          <Input name="name" maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item name="industry" label={t('console.employers.industry')} rules={[{ required: true, message: t('console.employers.industryRequired') }]}>
          <Select<IndustrySection> showSearch={{ optionFilterProp: 'label' }} options={industries} data-testid="employer-industry" />
        </Form.Item>
        <Form.Item name="region" label={t('console.employers.region')} rules={[{ required: true, type: 'array', min: 1, message: t('console.employers.regionRequired') }]}>
          <RegionCascader within={scope} placeholder={t('console.employers.regionPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
