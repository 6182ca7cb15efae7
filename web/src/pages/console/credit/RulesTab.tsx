import { useState } from 'react';
import { Alert, App, Button, Card, Collapse, Empty, Flex, Form, Input, Modal, Skeleton, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { creditApi, creditKeys, type CreditRules, type RuleSet } from '../../../api/credit';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useFundsLabels } from '../../../components/funds/labels';
import { allowed, CREDIT_MANAGE_ROLES } from '../../../layouts/consoleNav';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { useIdempotencyKey } from '../../../lib/useIdempotencyKey';
import { VersionTag } from './parts';

/** A rule set in sentences: what each deduction takes, the grades, and when a party is listed and repaired. */
export function RulesView({ rules: r }: { rules: CreditRules }) {
  const { t } = useTranslation();
  const funds = useFundsLabels();
  const cap = (c: number | null) => (c === null ? t('credit.rules.noCap') : t('credit.rules.capAt', { cap: c }));
  const section = (title: string, lines: string[], testId: string) => (
    <Flex vertical gap={4} data-testid={testId}>
      <Typography.Text strong>{title}</Typography.Text>
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </Flex>
  );
  const e = r.employer;
  const p = r.person;
  const d = r.dishonesty;
  return (
    <Flex vertical gap={12}>
      <Typography.Text>
        {t('credit.rules.start', { score: r.startScore })}；{t('credit.rules.gradesLine', r.grades)}
      </Typography.Text>
      {section(
        t('credit.rules.employerTitle'),
        [
          t('credit.rules.arrears', { points: e.arrears.pointsPerMonth, days: e.arrears.graceDays, cap: cap(e.arrears.cap) }),
          t('credit.rules.underDeclared', { points: e.underDeclared.pointsPerEmployeeMonth, tolerance: `${e.underDeclared.toleranceBp / 100}%`, months: e.underDeclared.lookbackMonths, cap: cap(e.underDeclared.cap) }),
          t('credit.rules.fraud', { points: e.fraud.pointsPerFinding, cap: cap(e.fraud.cap) }),
        ],
        'credit-rules-employer',
      )}
      {section(
        t('credit.rules.personTitle'),
        [
          t('credit.rules.drawnFinding', { points: p.drawnFinding.pointsPerFinding, kinds: p.drawnFinding.kinds.map((k) => funds.flagKind(k)).join('、'), cap: cap(p.drawnFinding.cap) }),
          t('credit.rules.unrepaid', { points: p.unrepaidRecovery.pointsPerOrder, days: p.unrepaidRecovery.afterDays, cap: cap(p.unrepaidRecovery.cap) }),
        ],
        'credit-rules-person',
      )}
      {section(
        t('credit.rules.dishonestyTitle'),
        [
          t('credit.rules.personCriterion', { days: d.personOverdrawn.unrepaidAfterDays, months: d.personOverdrawn.moreThanMonths, amount: formatFen(d.personOverdrawn.moreThanFen) }),
          t('credit.rules.employerCriterion', { days: d.employerArrears.afterDemandDays, months: d.employerArrears.moreThanMonths, amount: formatFen(d.employerArrears.moreThanFen) }),
          t('credit.rules.repair', { days: d.repairAfterDays }),
        ],
        'credit-rules-dishonesty',
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('credit.rules.basis')}
      </Typography.Text>
    </Flex>
  );
}

/** Publishes the next version: the whole set as JSON, starting from the current one. */
function PublishModal({ open, current, onClose }: { open: boolean; current: CreditRules | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ json: string; note: string }>();
  const idem = useIdempotencyKey();
  const publish = useMutation({
    mutationFn: (v: { json: string; note: string }) => {
      const body = { rules: JSON.parse(v.json) as CreditRules, note: v.note.trim() };
      return creditApi.publish(body, idem.keyFor(body));
    },
    onSuccess: (set) => {
      void queryClient.invalidateQueries({ queryKey: creditKeys.rules });
      void message.success(t('credit.rules.published', { version: set.version }));
      close();
    },
  });
  function close() {
    idem.reset();
    publish.reset();
    onClose();
  }
  return (
    <Modal
      open={open}
      title={t('credit.rules.publishTitle')}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('credit.rules.publish')}
      okButtonProps={{ 'data-testid': 'credit-publish-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={publish.isPending}
      destroyOnHidden
      width={720}
    >
      <Alert type="info" showIcon title={t('credit.rules.publishHint')} style={{ marginBottom: 16 }} />
      <ErrorAlert error={publish.error} />
      <Form form={form} name="credit-publish" layout="vertical" initialValues={{ json: current ? JSON.stringify(current, null, 2) : '', note: '' }} onFinish={publish.mutate}>
        <Form.Item
          name="json"
          label={t('credit.rules.json')}
          rules={[
            { required: true, message: t('credit.rules.jsonInvalid') },
            {
              validator: async (_, value: string) => {
                JSON.parse(value);
              },
              message: t('credit.rules.jsonInvalid'),
            },
          ]}
        >
          <Input.TextArea name="json" autoSize={{ minRows: 12, maxRows: 24 }} style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 12 }} data-testid="credit-rules-json" />
        </Form.Item>
        <Form.Item name="note" label={t('credit.rules.note')} rules={[{ required: true, whitespace: true, message: t('credit.actions.noteRequired') }]}>
          <Input name="note" maxLength={1000} data-testid="credit-rules-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The versions of the rules, newest first, each readable; the current one open. */
export function RulesTab() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canManage = allowed(me?.roles ?? [], CREDIT_MANAGE_ROLES);
  const [publishing, setPublishing] = useState(false);
  const rules = useQuery({ queryKey: creditKeys.rules, queryFn: creditApi.rules });
  const current = rules.data?.find((r) => r.current);
  const header = (r: RuleSet) => (
    <Flex wrap gap={8} align="center">
      <VersionTag version={r.version} />
      {r.current && <Tag color="success">{t('credit.rules.current')}</Tag>}
      <Typography.Text>{r.note}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDateTime(r.createdAt)}
      </Typography.Text>
    </Flex>
  );
  return (
    <Card
      title={t('credit.rules.versions')}
      extra={
        canManage && (
          <Button icon={<PlusOutlined />} onClick={() => setPublishing(true)} disabled={!current} data-testid="credit-publish">
            {t('credit.rules.publish')}
          </Button>
        )
      }
      data-testid="credit-rules"
    >
      <ErrorAlert error={rules.error} />
      {!rules.data ? (
        rules.isPending ? <Skeleton active /> : null
      ) : rules.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Collapse defaultActiveKey={current ? [String(current.version)] : []} items={rules.data.map((r) => ({ key: String(r.version), label: header(r), children: <RulesView rules={r.rules} /> }))} />
      )}
      {canManage && <PublishModal open={publishing} current={current?.rules} onClose={() => setPublishing(false)} />}
    </Card>
  );
}
