import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Result, Row, Skeleton, Tag, Typography } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, HeartOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { integrityApi, integrityKeys, type Certification, type MyCertification as Mine, type RelativeCertification } from '../../api/integrity';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFundsLabels } from '../../components/funds/labels';
import { mono } from '../../components/registry/parts';
import { formatDate } from '../../lib/format';
import { useIdempotencyKey } from '../../lib/useIdempotencyKey';
import { LoadFailed } from './myDataParts';
import { PortalPage } from './PortalNav';

/** 认证有效 until …, or 需要认证 when never certified or lapsed. */
function DueTag({ c }: { c: Certification }) {
  const { t } = useTranslation();
  return c.due ? (
    <Tag color="warning" icon={<ClockCircleOutlined />} style={{ margin: 0 }} data-testid="certification-due">
      {t('funds.certification.due')}
    </Tag>
  ) : (
    <Tag color="success" icon={<CheckCircleFilled />} style={{ margin: 0 }} data-testid="certification-valid">
      {t('funds.certification.valid')}
    </Tag>
  );
}

function Status({ c }: { c: Certification }) {
  const { t } = useTranslation();
  const labels = useFundsLabels();
  return (
    <Descriptions
      layout="vertical"
      colon={false}
      column={3}
      size="small"
      items={[
        { key: 'last', label: t('funds.certification.lastCertifiedOn'), children: c.lastCertifiedOn ? formatDate(c.lastCertifiedOn) : t('funds.certification.never') },
        { key: 'method', label: t('funds.certification.method'), children: labels.certificationMethod(c.method) },
        { key: 'until', label: t('funds.certification.validUntil'), children: c.validUntil ? formatDate(c.validUntil) : '—' },
      ]}
    />
  );
}

/** 本人认证: the pensioner confirms they are alive (a face check in production). */
function SelfCertification({ mine }: { mine: Mine }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const idem = useIdempotencyKey();
  const certify = useMutation({
    mutationFn: () => integrityApi.certifyMe(idem.keyFor({ self: true })),
    onSuccess: (updated) => {
      idem.reset();
      queryClient.setQueryData(integrityKeys.mine, updated);
      void message.success(t('funds.certification.done', { until: updated.validUntil ?? '—' }));
    },
  });
  if (!mine.pensioner) {
    return (
      <Card size="small" data-testid="my-certification">
        <Result status="info" icon={<SafetyCertificateOutlined />} title={t('funds.certification.notPensionerTitle')} subTitle={t('funds.certification.notPensioner')} data-testid="not-pensioner" />
      </Card>
    );
  }
  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center" wrap>
          <SafetyCertificateOutlined />
          <span>{t('funds.certification.mine')}</span>
          <DueTag c={mine} />
        </Flex>
      }
      data-testid="my-certification"
      data-due={mine.due}
    >
      <Status c={mine} />
      {mine.due ? (
        <Alert type="warning" showIcon title={t('funds.certification.dueNotice')} style={{ margin: '8px 0 16px' }} />
      ) : (
        <Alert type="success" showIcon title={t('funds.certification.validNotice', { until: formatDate(mine.validUntil) })} style={{ margin: '8px 0 16px' }} />
      )}
      <ErrorAlert error={certify.error} />
      <Button
        type={mine.due ? 'primary' : 'default'}
        size="large"
        block
        icon={<HeartOutlined />}
        loading={certify.isPending}
        onClick={() => certify.mutate()}
        style={{ height: 'auto', minHeight: 56, whiteSpace: 'normal', fontSize: 18 }}
        data-testid="certify-me"
      >
        {t('funds.certification.certifyMe')}
      </Button>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {t('funds.certification.certifyMeNote')}
      </Typography.Paragraph>
    </Card>
  );
}

/** 亲情服务: a pensioner who registered me as a relative, with a button to certify for them. */
function Relative({ r }: { r: RelativeCertification }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const idem = useIdempotencyKey();
  const certify = useMutation({
    mutationFn: () => integrityApi.certifyRelative(r.pensionerId, idem.keyFor({ pensionerId: r.pensionerId })),
    onSuccess: (updated) => {
      idem.reset();
      queryClient.setQueryData<Mine>(integrityKeys.mine, (old) => (old ? { ...old, relatives: old.relatives.map((x) => (x.pensionerId === updated.pensionerId ? updated : x)) } : old));
      void message.success(t('funds.certification.doneFor', { name: updated.name, until: updated.validUntil ?? '—' }));
    },
  });
  return (
    <Card size="small" data-testid="relative" data-due={r.due}>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text strong>{r.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }}>
            {r.idNumberMasked}
          </Typography.Text>
          <Tag style={{ margin: 0 }}>{r.relation}</Tag>
        </Flex>
        <DueTag c={r} />
      </Flex>
      <Status c={r} />
      <ErrorAlert error={certify.error} style={{ marginTop: 8 }} />
      <Button type={r.due ? 'primary' : 'default'} icon={<TeamOutlined />} loading={certify.isPending} onClick={() => certify.mutate()} block style={{ marginTop: 8 }} data-testid="certify-relative">
        {t('funds.certification.certifyFor', { name: r.name })}
      </Button>
    </Card>
  );
}

function Relatives({ mine }: { mine: Mine }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('funds.certification.relativesTitle')} data-testid="relatives">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('funds.certification.relativesIntro')}
      </Typography.Paragraph>
      {mine.relatives.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('funds.certification.noRelatives')} data-testid="no-relatives" />
      ) : (
        <Flex vertical gap={8}>
          {mine.relatives.map((r) => (
            <Relative key={r.pensionerId} r={r} />
          ))}
        </Flex>
      )}
    </Card>
  );
}

function Content() {
  const mine = useQuery({ queryKey: integrityKeys.mine, queryFn: integrityApi.mine });
  if (mine.isPending) return <Skeleton active />;
  if (mine.error) return <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <SelfCertification mine={mine.data} />
      </Col>
      <Col xs={24} md={12}>
        <Relatives mine={mine.data} />
      </Col>
    </Row>
  );
}

/** /portal/certification: 待遇资格认证 — certify that I am alive, and for the pensioners who named me their relative. */
export default function MyCertification() {
  const { t } = useTranslation();
  return (
    <PortalPage>
      {() => (
        <>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('funds.certification.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('funds.certification.intro')}</Typography.Paragraph>
          <Content />
        </>
      )}
    </PortalPage>
  );
}
