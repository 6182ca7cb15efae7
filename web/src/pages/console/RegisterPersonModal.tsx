import { Alert, App, Form, Input, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { registryApi, registryKeys, type NewPerson, type Person } from '../../api/registry';
import { RegionCascader, regionPath } from '../../components/appeals/RegionCascader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { idNumberFacts } from '../../lib/idNumber';
import { useIdempotencyKey } from '../../lib/useIdempotencyKey';
import { idNumberRules, normalizeId } from '../portal/idRules';
import { mono } from '../../components/registry/parts';

interface Values {
  idNumber: string;
  name: string;
  region: string[];
  phone?: string;
}

export const phoneRules = (message: string) => [{ pattern: /^1\d{10}$/, message }];
export const normalizePhone = (v: string | undefined) => (v ?? '').replace(/\D/g, '').slice(0, 11);

/** 登记人员: ID number (sex and birth date follow from it), name, household region, phone. */
export function RegisterPersonModal({ open, onClose, onRegistered }: { open: boolean; onClose: () => void; onRegistered: (person: Person) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const idNumber = Form.useWatch('idNumber', form);
  const facts = idNumber ? idNumberFacts(idNumber) : null;
  const idem = useIdempotencyKey();
  const scope = me?.department?.regionCode;
  const register = useMutation({
    mutationFn: (v: Values) => {
      const body: NewPerson = {
        idNumber: v.idNumber,
        name: v.name.trim(),
        householdRegion: v.region[v.region.length - 1] ?? '',
        ...(v.phone ? { phone: v.phone } : {}),
      };
      return registryApi.register(body, idem.keyFor(body));
    },
    onSuccess: (person) => {
      idem.reset();
      void message.success(t('console.registry.registered', { name: person.name }));
      void queryClient.invalidateQueries({ queryKey: registryKeys.list });
      close();
      onRegistered(person);
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
      title={t('console.registry.register')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'register-submit' }}
      confirmLoading={register.isPending}
      destroyOnHidden
      width={560}
    >
      <Alert type="info" showIcon title={t('console.registry.registerIntro')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={register.error} />
      <Form<Values> form={form} name="register-person" layout="vertical" initialValues={{ region: regionPath(scope) }} onFinish={register.mutate} data-testid="register-form">
        <Form.Item
          name="idNumber"
          label={t('console.registry.idNumber')}
          rules={idNumberRules(t)}
          normalize={normalizeId}
          validateTrigger="onBlur"
          extra={facts && t('console.registry.idDerived', { sex: t(`sex.${facts.sex}`), birthDate: facts.birthDate })}
        >
          <Input name="idNumber" maxLength={18} autoComplete="off" placeholder={t('portal.idNumberPlaceholder')} style={mono} />
        </Form.Item>
        <Form.Item name="name" label={t('console.registry.name')} rules={[{ required: true, whitespace: true, message: t('console.registry.nameRequired') }]}>
          <Input name="name" maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="region"
          label={t('console.registry.householdRegion')}
          extra={t('console.registry.regionHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('console.registry.regionRequired') }]}
        >
          <RegionCascader within={scope} placeholder={t('console.registry.regionPlaceholder')} />
        </Form.Item>
        <Form.Item name="phone" label={t('console.registry.phoneOptional')} rules={phoneRules(t('console.registry.phoneFormat'))} normalize={normalizePhone}>
          <Input name="phone" inputMode="tel" maxLength={11} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
