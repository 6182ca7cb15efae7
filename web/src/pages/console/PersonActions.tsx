import { useState } from 'react';
import { Alert, App, Button, Checkbox, DatePicker, Flex, Form, Input, Modal } from 'antd';
import { EditOutlined, EyeOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { isApiError } from '../../api/client';
import { registryApi, registryKeys, type Person, type PersonCorrection } from '../../api/registry';
import { RegionCascader, regionPath } from '../../components/appeals/RegionCascader';
import { ErrorAlert } from '../../components/ErrorAlert';
import { allowed, EXCHANGE_QUERY_ROLES } from '../../layouts/consoleNav';
import { DISPLAY_TIME_ZONE } from '../../lib/format';
import { AskPartnerModal } from './person/AskPartnerModal';
import { normalizePhone, phoneRules } from './RegisterPersonModal';
import { UnmaskModal } from './UnmaskModal';

interface CorrectionValues {
  name: string;
  region: string[];
  phone?: string;
  removePhone: boolean;
  reason: string;
}

/** After a write: the list and the person are stale; a 409 person_changed means someone else wrote first. */
function useRefresh(person: Person) {
  const queryClient = useQueryClient();
  return {
    all: () => queryClient.invalidateQueries({ queryKey: registryKeys.all }),
    onConflict: (error: unknown) => {
      if (isApiError(error) && error.status === 409) void queryClient.invalidateQueries({ queryKey: registryKeys.person(person.id) });
    },
  };
}

/** 更正: name, household region or phone, with a required reason; only changed fields are sent. */
function CorrectModal({ person, open, onClose }: { person: Person; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const refresh = useRefresh(person);
  const [form] = Form.useForm<CorrectionValues>();
  const removePhone = Form.useWatch('removePhone', form);
  const run = useMutation({
    mutationFn: (v: CorrectionValues) => {
      const body: PersonCorrection = { reason: v.reason.trim() };
      const name = v.name.trim();
      if (name !== person.name) body.name = name;
      const region = v.region[v.region.length - 1];
      if (region && region !== person.householdRegion) body.householdRegion = region;
      if (v.removePhone) body.phone = '';
      else if (v.phone) body.phone = v.phone;
      return registryApi.correct(person.id, body);
    },
    onSuccess: () => {
      void refresh.all();
      void message.success(t('console.registry.corrected'));
      close();
    },
    onError: refresh.onConflict,
  });
  function close() {
    run.reset();
    form.resetFields();
    onClose();
  }
  return (
    <Modal
      open={open}
      title={t('console.registry.correctTitle', { name: person.name })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'correct-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={560}
    >
      <Alert type="info" showIcon title={t('console.registry.correctHint')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={run.error} />
      <Form<CorrectionValues>
        form={form}
        name="correct-person"
        layout="vertical"
        initialValues={{ name: person.name, region: regionPath(person.householdRegion), phone: '', removePhone: false, reason: '' }}
        onFinish={run.mutate}
      >
        <Form.Item name="name" label={t('console.registry.name')} rules={[{ required: true, whitespace: true, message: t('console.registry.nameRequired') }]}>
          <Input name="name" maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item name="region" label={t('console.registry.householdRegion')} rules={[{ required: true, type: 'array', min: 1, message: t('console.registry.regionRequired') }]}>
          <RegionCascader within={me?.department?.regionCode} placeholder={t('console.registry.regionPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('console.registry.newPhone')}
          extra={[person.phoneMasked && t('console.registry.currentPhone', { phone: person.phoneMasked }), t('console.registry.newPhoneHint')].filter(Boolean).join(' ')}
          rules={phoneRules(t('console.registry.phoneFormat'))}
          normalize={normalizePhone}
        >
          <Input name="phone" inputMode="tel" maxLength={11} autoComplete="off" disabled={!!removePhone} />
        </Form.Item>
        {person.phoneMasked && (
          <Form.Item name="removePhone" valuePropName="checked" style={{ marginTop: -8 }}>
            <Checkbox data-testid="remove-phone">{t('console.registry.removePhone')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('console.registry.reason')} rules={[{ required: true, whitespace: true, message: t('console.registry.reasonRequired') }]}>
          <Input.TextArea name="reason" maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('console.registry.correctReasonPlaceholder')} data-testid="correct-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 登记死亡: the date (between birth and today, China time) and a reason, behind a confirmation. */
function DeathModal({ person, open, onClose }: { person: Person; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const refresh = useRefresh(person);
  const [form] = Form.useForm<{ diedOn: Dayjs; reason: string }>();
  const today = dayjs().tz(DISPLAY_TIME_ZONE).format('YYYY-MM-DD');
  const run = useMutation({
    mutationFn: (v: { diedOn: string; reason: string }) => registryApi.recordDeath(person.id, v),
    onSuccess: () => {
      void refresh.all();
      void message.success(t('console.registry.deathRecorded'));
      close();
    },
    onError: refresh.onConflict,
  });
  function close() {
    run.reset();
    form.resetFields();
    onClose();
  }
  const confirm = (v: { diedOn: Dayjs; reason: string }) => {
    const diedOn = v.diedOn.format('YYYY-MM-DD');
    modal.confirm({
      title: t('console.registry.deathConfirm', { name: person.name, date: diedOn }),
      content: t('console.registry.deathConfirmHint'),
      okText: t('console.registry.recordDeath'),
      okButtonProps: { danger: true, 'data-testid': 'death-confirm' },
      cancelText: t('common.cancel'),
      onOk: () => run.mutate({ diedOn, reason: v.reason.trim() }),
    });
  };
  return (
    <Modal
      open={open}
      title={t('console.registry.deathTitle', { name: person.name })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('console.registry.recordDeath')}
      okButtonProps={{ danger: true, 'data-testid': 'death-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={520}
    >
      <Alert type="warning" showIcon title={t('console.registry.deathHint')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={run.error} />
      <Form form={form} name="person-death" layout="vertical" onFinish={confirm}>
        <Form.Item name="diedOn" label={t('console.registry.diedOn')} rules={[{ required: true, message: t('console.registry.diedOnRequired') }]}>
          <DatePicker
            style={{ width: 200 }}
            disabledDate={(d) => {
              const day = d.format('YYYY-MM-DD');
              return day < person.birthDate || day > today;
            }}
            data-testid="died-on"
          />
        </Form.Item>
        <Form.Item name="reason" label={t('console.registry.reason')} rules={[{ required: true, whitespace: true, message: t('console.registry.reasonRequired') }]}>
          <Input.TextArea name="reason" maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('console.registry.deathReasonPlaceholder')} data-testid="death-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 更正 · 登记死亡 · 查看完整信息 · 向合作部门核实, for the roles that may write; the caller hides this for others. */
export function PersonActions({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canAsk = allowed(me?.roles ?? [], EXCHANGE_QUERY_ROLES);
  const [open, setOpen] = useState<'correct' | 'death' | 'unmask' | 'ask' | null>(null);
  const close = () => setOpen(null);
  return (
    <>
      <Flex wrap gap={8} data-testid="person-actions">
        <Button icon={<EditOutlined />} onClick={() => setOpen('correct')} data-testid="person-correct">
          {t('console.registry.correct')}
        </Button>
        {person.status === 'alive' && (
          <Button danger icon={<StopOutlined />} onClick={() => setOpen('death')} data-testid="person-death">
            {t('console.registry.recordDeath')}
          </Button>
        )}
        <Button icon={<EyeOutlined />} onClick={() => setOpen('unmask')} data-testid="person-unmask">
          {t('console.registry.unmask')}
        </Button>
        {canAsk && (
          <Button icon={<SwapOutlined />} onClick={() => setOpen('ask')} data-testid="person-ask-partner">
            {t('console.person.ask.action')}
          </Button>
        )}
      </Flex>
      <CorrectModal person={person} open={open === 'correct'} onClose={close} />
      <DeathModal person={person} open={open === 'death'} onClose={close} />
      <UnmaskModal
        subject={open === 'unmask' ? person : null}
        unmask={registryApi.unmask}
        onClose={close}
        intro={t('console.registry.unmaskIntro')}
        recorded={t('console.registry.recorded')}
      />
      {canAsk && <AskPartnerModal person={person} open={open === 'ask'} onClose={close} />}
    </>
  );
}
