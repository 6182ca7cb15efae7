import { useState } from 'react';
import { Alert, App, Button, Descriptions, Divider, Drawer, Flex, Form, Grid, Input, Modal, Result, Skeleton, Typography } from 'antd';
import { CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { fundsKeys } from '../../../api/funds';
import { integrityApi, integrityKeys, type Flag, type FlagDecision } from '../../../api/integrity';
import { isCardFlagKind } from '../../../api/cards';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Evidence, FlagSource, PersonRef } from '../../../components/funds/Evidence';
import { CardTrajectory } from '../../../components/integrity/CardTrajectory';
import { FlagKindTag, FlagStatusTag, Money } from '../../../components/funds/parts';
import { RegionName } from '../../../components/registry/parts';
import { allowed, INTEGRITY_REVIEW_ROLES } from '../../../layouts/consoleNav';
import { formatDateTime } from '../../../lib/format';
import { formatFen } from '../../../lib/money';
import { useIdempotencyKey } from '../../../lib/useIdempotencyKey';

/** 放行 or 停发, with the note that goes into the audit trail; the server's refusal (e.g. already decided) is shown. */
function DecisionModal({ flag, decision, onClose }: { flag: Flag; decision: FlagDecision | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const idem = useIdempotencyKey();
  const run = useMutation({
    mutationFn: (v: { note: string }) => {
      const body = { decision: decision ?? 'release', note: v.note.trim() };
      return integrityApi.decide(flag.id, body, idem.keyFor(body));
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(integrityKeys.flag(flag.id), updated);
      void queryClient.invalidateQueries({ queryKey: integrityKeys.all });
      // Held payments follow the decision.
      void queryClient.invalidateQueries({ queryKey: fundsKeys.runs });
      void message.success(t(updated.status === 'released' ? 'funds.integrity.releasedDone' : 'funds.integrity.stoppedDone', { name: flag.name }));
      close();
    },
    // A finding decided meanwhile: show the new state under the server's message.
    onError: () => void queryClient.invalidateQueries({ queryKey: integrityKeys.flag(flag.id) }),
  });
  function close() {
    idem.reset();
    run.reset();
    onClose();
  }
  const release = decision === 'release';
  return (
    <Modal
      open={decision !== null}
      title={t(release ? 'funds.integrity.releaseTitle' : 'funds.integrity.stopTitle', { name: flag.name })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t(release ? 'funds.integrity.release' : 'funds.integrity.stop')}
      okButtonProps={{ danger: !release, 'data-testid': 'flag-decision-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={560}
    >
      <Alert type={release ? 'info' : 'warning'} showIcon title={t(release ? 'funds.integrity.releaseHint' : 'funds.integrity.stopHint', { amount: formatFen(flag.heldFen) })} style={{ marginBottom: 16 }} />
      <ErrorAlert error={run.error} />
      <Form form={form} name="flag-decision" layout="vertical" initialValues={{ note: '' }} onFinish={run.mutate}>
        <Form.Item name="note" label={t('funds.integrity.note')} rules={[{ required: true, whitespace: true, message: t('funds.integrity.noteRequired') }]}>
          <Input.TextArea
            name="note"
            maxLength={1000}
            showCount
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder={t(release ? 'funds.integrity.notePlaceholderRelease' : 'funds.integrity.notePlaceholderStop')}
            data-testid="flag-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Facts({ flag: f }: { flag: Flag }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      column={{ xs: 1, sm: 2 }}
      size="small"
      bordered
      data-testid="flag-facts"
      items={[
        { key: 'person', label: t('funds.integrity.person'), children: <PersonRef person={f} />, span: 2 },
        { key: 'kind', label: t('funds.integrity.kind'), children: <FlagKindTag kind={f.kind} /> },
        { key: 'status', label: t('funds.integrity.status'), children: <FlagStatusTag status={f.status} /> },
        { key: 'held', label: t('funds.integrity.heldAmount'), children: <Money fen={f.heldFen} strong /> },
        { key: 'region', label: t('funds.integrity.region'), children: <RegionName code={f.region} fullName={f.regionName} /> },
        { key: 'source', label: t('funds.integrity.source'), children: <FlagSource source={f.source} /> },
        { key: 'created', label: t('funds.integrity.createdAt'), children: formatDateTime(f.createdAt) },
      ]}
    />
  );
}

/** Who decided, when and why; the system releases an overdue certification once the pensioner certifies. */
function Decided({ flag: f }: { flag: Flag }) {
  const { t } = useTranslation();
  if (f.status === 'open') return null;
  const bySystem = f.reviewedBy === 'system';
  return (
    <Alert
      type={f.status === 'released' ? 'success' : 'error'}
      showIcon
      title={t(f.status === 'released' ? 'funds.integrity.decidedReleased' : 'funds.integrity.decidedStopped', { at: formatDateTime(f.reviewedAt) })}
      description={
        <Flex vertical gap={4}>
          <span>
            {t('funds.integrity.reviewedBy')}：{bySystem ? t('funds.integrity.reviewedBySystem') : <span title={f.reviewedBy ?? undefined}>{t('funds.integrity.reviewedByStaff')}</span>}
          </span>
          {f.reviewNote && (
            <span style={{ whiteSpace: 'pre-wrap' }} data-testid="flag-review-note">
              {t('funds.integrity.note')}：{f.reviewNote}
            </span>
          )}
        </Flex>
      }
      data-testid="flag-decided"
    />
  );
}

/** One finding: the payee, what matched, and (for reviewers) release or stop with a note. */
export function FlagDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const screens = Grid.useBreakpoint();
  const canReview = allowed(me?.roles ?? [], INTEGRITY_REVIEW_ROLES);
  const [decision, setDecision] = useState<FlagDecision | null>(null);
  const flag = useQuery({ queryKey: integrityKeys.flag(id ?? 0), queryFn: () => integrityApi.flag(id ?? 0), enabled: id !== null });
  const f = flag.data?.id === id ? flag.data : undefined;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={screens.md === false ? '100%' : 720}
      title={
        <Flex wrap gap={8} align="center">
          <span>{f ? t('funds.integrity.detailTitle', { name: f.name }) : t('funds.integrity.detailTitleEmpty')}</span>
          {f && <FlagKindTag kind={f.kind} />}
          {f && <FlagStatusTag status={f.status} />}
        </Flex>
      }
      destroyOnHidden
    >
      <div data-testid="flag-detail" data-status={f?.status}>
        {id === null ? null : !f && flag.isFetching ? (
          <Skeleton active />
        ) : !f ? (
          <Result status="error" title={t('funds.integrity.loadFailed')} extra={<Button onClick={() => void flag.refetch()}>{t('common.retry')}</Button>}>
            <ErrorAlert error={flag.error} />
          </Result>
        ) : (
          <Flex vertical gap={16}>
            <ErrorAlert error={flag.error} style={{ marginBottom: 0 }} />
            {f.status === 'open' &&
              (canReview ? (
                <Flex wrap gap={8} align="center">
                  <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setDecision('release')} data-testid="flag-release">
                    {t('funds.integrity.release')}
                  </Button>
                  <Button danger icon={<StopOutlined />} onClick={() => setDecision('stop')} data-testid="flag-stop">
                    {t('funds.integrity.stop')}
                  </Button>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {t('funds.integrity.decisionHint')}
                  </Typography.Text>
                </Flex>
              ) : (
                <Alert type="info" showIcon title={t('funds.integrity.readOnly')} style={{ marginBottom: 0 }} />
              ))}
            <Decided flag={f} />
            <Facts flag={f} />
            <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
              {t('funds.integrity.evidenceTitle')}
            </Divider>
            {/* Card findings: the finding in words, and where and when the card was used, its uses marked. */}
            {isCardFlagKind(f.kind) ? <CardTrajectory personId={f.personId} flagId={f.id} /> : <Evidence flag={f} />}
            {canReview && <DecisionModal flag={f} decision={decision} onClose={() => setDecision(null)} />}
          </Flex>
        )}
      </div>
    </Drawer>
  );
}
