import { useState, type ReactNode } from 'react';
import { App, Collapse, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { fundsApi, fundsKeys, type NewPension, type Pension } from '../../../api/funds';
import { registryApi, registryKeys, type Person } from '../../../api/registry';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { mono } from '../../../components/registry/parts';
import { yuanToFen } from '../../../lib/money';
import { useDebounced } from '../../../lib/useDebounced';
import { useIdempotencyKey } from '../../../lib/useIdempotencyKey';
import { todayInChina } from '../person/fields';

function PersonLabel({ person }: { person: Pick<Person, 'name' | 'idNumberMasked' | 'householdRegionName' | 'birthDate'> }) {
  return (
    <Flex justify="space-between" gap={8}>
      <Typography.Text ellipsis>
        {person.name}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {person.birthDate}
        </Typography.Text>
      </Typography.Text>
      <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }}>
        {person.idNumberMasked}
      </Typography.Text>
    </Flex>
  );
}

/** Picks a living person of my region by searching the registry (a name, or a full ID number); the value is the person's id. */
export function PersonSelect(props: { value?: string; onChange?: (id: string | undefined) => void; id?: string; placeholder?: string }) {
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const found = useQuery({
    queryKey: [...registryKeys.list, 'pick', q],
    queryFn: () => registryApi.list({ q: q || undefined, page: 1, pageSize: 20 }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  // The chosen person stays an option after the search text is cleared, so the field keeps showing them.
  const [picked, setPicked] = useState<{ value: string; label: ReactNode; title: string }>();
  const matches = (q ? (found.data?.items ?? []) : [])
    .filter((p) => p.status === 'alive')
    .map((p) => ({ value: p.id, label: <PersonLabel person={p} />, title: `${p.name} ${p.idNumberMasked}` }));
  const options = picked && picked.value === props.value && !matches.some((o) => o.value === picked.value) ? [picked, ...matches] : matches;
  return (
    <Select<string>
      id={props.id}
      value={props.value}
      onChange={(v) => {
        setPicked(options.find((o) => o.value === v));
        props.onChange?.(v);
      }}
      showSearch={{ filterOption: false, onSearch: setText }}
      options={options}
      loading={found.isFetching}
      placeholder={props.placeholder}
      optionLabelProp="title"
      notFoundContent={q ? undefined : null}
      style={{ width: '100%' }}
      data-testid="person-select"
    />
  );
}

interface Values {
  personId: string;
  retirementAge: number;
  startPeriod: Dayjs;
  /** Yuan as typed. */
  averageWage?: string;
  /** e.g. 1.2345 */
  index?: number | null;
  contributionMonths?: number | null;
}

/** 核定养老金: the server computes the amount by 国发〔2005〕38号 from what it knows and what is entered here. */
export function GrantPensionModal({ open, onClose, onGranted }: { open: boolean; onClose: () => void; onGranted: (p: Pension) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const idem = useIdempotencyKey();
  const thisMonth = todayInChina().slice(0, 7);
  const run = useMutation({
    mutationFn: (v: Values) => {
      const body: NewPension = { personId: v.personId, retirementAge: v.retirementAge, startPeriod: v.startPeriod.format('YYYY-MM') };
      const wage = v.averageWage?.trim() ? yuanToFen(v.averageWage) : null;
      if (wage) body.averageWageFen = wage;
      if (v.index !== undefined && v.index !== null) body.indexBp4 = Math.round(v.index * 10_000);
      if (v.contributionMonths !== undefined && v.contributionMonths !== null) body.contributionMonths = v.contributionMonths;
      return fundsApi.grant(body, idem.keyFor(body));
    },
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: fundsKeys.pensions });
      void message.success(t('funds.pensions.granted', { name: p.name }));
      close();
      onGranted(p);
    },
  });
  function close() {
    idem.reset();
    run.reset();
    form.resetFields();
    onClose();
  }
  return (
    <Modal
      open={open}
      title={t('funds.pensions.grantTitle')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('funds.pensions.grantOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'pension-grant-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={600}
    >
      <Typography.Paragraph type="secondary">{t('funds.pensions.grantIntro')}</Typography.Paragraph>
      <ErrorAlert error={run.error} />
      <Form<Values>
        form={form}
        name="pension-grant"
        layout="vertical"
        initialValues={{ retirementAge: 60, startPeriod: dayjs(`${thisMonth}-01`) }}
        onFinish={run.mutate}
        data-testid="pension-grant-form"
      >
        <Form.Item name="personId" label={t('funds.pensions.person')} rules={[{ required: true, message: t('funds.pensions.personRequired') }]} extra={t('funds.pensions.personHint')}>
          <PersonSelect placeholder={t('funds.pensions.personPlaceholder')} />
        </Form.Item>
        <Flex wrap gap={16}>
          <Form.Item name="retirementAge" label={t('funds.pensions.retirementAge')} rules={[{ required: true, message: t('funds.pensions.retirementAgeRequired') }]}>
            <InputNumber min={40} max={70} precision={0} suffix={t('funds.pensions.yearsOld')} style={{ width: 140 }} data-testid="pension-age" />
          </Form.Item>
          <Form.Item name="startPeriod" label={t('funds.pensions.startPeriod')} rules={[{ required: true, message: t('funds.pensions.startPeriodRequired') }]}>
            <DatePicker picker="month" allowClear={false} style={{ width: 160 }} />
          </Form.Item>
        </Flex>
        <Collapse
          size="small"
          items={[
            {
              key: 'entered',
              label: t('funds.pensions.enteredTitle'),
              forceRender: true,
              children: (
                <>
                  <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                    {t('funds.pensions.enteredHint')}
                  </Typography.Paragraph>
                  <Form.Item
                    name="averageWage"
                    label={t('funds.pensions.averageWageYuan')}
                    rules={[{ validator: (_, v?: string) => (!v?.trim() || (yuanToFen(v) ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('funds.pensions.amountInvalid')))) }]}
                  >
                    <Input name="averageWage" inputMode="decimal" prefix="¥" placeholder={t('funds.pensions.averageWagePlaceholder')} style={{ width: 220 }} data-testid="pension-average-wage" />
                  </Form.Item>
                  <Flex wrap gap={16}>
                    <Form.Item name="index" label={t('funds.pensions.index')} extra={t('funds.pensions.indexHint')}>
                      <InputNumber min={0} max={3} step={0.0001} precision={4} style={{ width: 160 }} data-testid="pension-index" />
                    </Form.Item>
                    <Form.Item name="contributionMonths" label={t('funds.pensions.contributionMonths')} extra={t('funds.pensions.monthsHint')}>
                      <InputNumber min={0} max={720} precision={0} suffix={t('funds.pensions.monthsUnit')} style={{ width: 160 }} data-testid="pension-months" />
                    </Form.Item>
                  </Flex>
                </>
              ),
            },
          ]}
        />
      </Form>
    </Modal>
  );
}
