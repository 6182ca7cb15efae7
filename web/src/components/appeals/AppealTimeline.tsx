import type { ReactNode } from 'react';
import { Empty, Flex, Rate, Tag, Timeline, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AppealEvent } from '../../api/appeals';
import { formatDateTime } from '../../lib/format';
import { useAppealLabels } from './labels';

const colors: Record<string, string> = {
  filed: 'blue',
  acknowledged: 'blue',
  replied: 'green',
  closed: 'green',
  rated: 'green',
  redo: 'red',
  escalated: 'red',
  reminder: 'orange',
  notice: 'red',
  returned: 'orange',
  transferred: 'orange',
  note: 'gray',
  callback: 'gray',
  routed: 'gray',
  merged: 'gray',
  extension_requested: 'orange',
  extension_approved: 'blue',
  extension_refused: 'red',
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** The extra line an event carries: where it went, whether it was resolved, the rating. */
function Detail({ event }: { event: AppealEvent }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  const d = event.details ?? {};
  const parts: ReactNode[] = [];
  if (event.type === 'filed' && str(d.channel)) parts.push(labels.channel(str(d.channel)!));
  // A filing names the department it was routed to (older appeals have a separate routing event).
  if ((event.type === 'routed' || event.type === 'filed') && event.departmentName) parts.push(t('appeals.eventDetail.routedTo', { name: event.departmentName }));
  if (event.type === 'transferred' && str(d.toName)) parts.push(t('appeals.eventDetail.transferredTo', { name: str(d.toName) }));
  if (event.type === 'merged' && str(d.trackingNo)) parts.push(t(d.into ? 'appeals.eventDetail.mergedInto' : 'appeals.eventDetail.mergedFrom', { no: str(d.trackingNo) }));
  if (event.type === 'replied' && typeof d.resolved === 'boolean') {
    parts.push(
      <Tag key="resolved" color={d.resolved ? 'success' : 'warning'}>
        {t(d.resolved ? 'appeals.eventDetail.resolved' : 'appeals.eventDetail.unresolved')}
      </Tag>,
    );
  }
  if (event.type === 'rated' && typeof d.rating === 'number') {
    parts.push(
      <span key="rating">
        <Rate disabled value={d.rating} style={{ fontSize: 14 }} /> {labels.rating(d.rating)}
      </span>,
    );
  }
  if (event.type === 'escalated' && str(d.reason)) parts.push(t(`appeals.eventDetail.escalationReasons.${str(d.reason)}`, { defaultValue: str(d.reason) }));
  if (event.type === 'closed' && d.reason === 'unrated_after_7_days') parts.push(t('appeals.eventDetail.autoClose'));
  if (event.type.startsWith('extension_') && typeof d.days === 'number') parts.push(t('appeals.eventDetail.extensionDays', { days: d.days }));
  if (parts.length === 0) return null;
  return <div style={{ marginTop: 2 }}>{parts.map((p, i) => (typeof p === 'string' ? <span key={i}>{p} </span> : p))}</div>;
}

/** An appeal's history, oldest first; internal events (staff only) are marked. */
export function AppealTimeline({ events }: { events: AppealEvent[] }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="appeal-timeline"
      items={events.map((e) => {
        // Filing and routing events name their department in the detail line already.
        const routing = e.type === 'routed' || e.type === 'filed';
        const who = [routing ? null : e.departmentName, e.actorKind === 'staff' ? e.actorName : null].filter(Boolean).join(' · ');
        const internal = e.visibility === 'internal';
        return {
          key: e.id,
          color: colors[e.type] ?? 'gray',
          content: (
            <div data-testid={`event-${e.type}`} style={internal ? { background: '#fffbe6', padding: '4px 8px', borderRadius: 4 } : undefined}>
              <Flex wrap gap={4} align="center" style={{ columnGap: 8 }}>
                <Typography.Text strong>{labels.event(e.type)}</Typography.Text>
                {internal && (
                  <Tag icon={<LockOutlined />} color="orange" style={{ margin: 0 }}>
                    {t('appeals.internal')}
                  </Tag>
                )}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(e.at)}
                </Typography.Text>
              </Flex>
              {who && (
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {who}
                </Typography.Text>
              )}
              <Detail event={e} />
              {e.body && (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }} ellipsis={{ rows: 6, expandable: true }}>
                  {e.body}
                </Typography.Paragraph>
              )}
            </div>
          ),
        };
      })}
    />
  );
}
