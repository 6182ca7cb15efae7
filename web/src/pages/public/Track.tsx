import { Button, Card, Empty, Flex } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { appealsApi } from '../../api/appeals';
import { isApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpin } from '../../components/PageSpin';
import { PublicAppealCard } from './PublicAppealCard';
import { TRACKING_NO, TrackBox } from './TrackBox';

/** /track/:trackingNo: the public status of one appeal, for anyone who has its number. */
export default function Track() {
  const { t } = useTranslation();
  const { trackingNo = '' } = useParams();
  const no = trackingNo.trim().toUpperCase();
  const valid = TRACKING_NO.test(no);
  const one = useQuery({ queryKey: ['public-appeals', 'one', no], queryFn: () => appealsApi.track(no), enabled: valid });
  const notFound = !valid || (isApiError(one.error) && (one.error.status === 404 || one.error.status === 400));
  return (
    <Flex vertical gap={16} style={{ maxWidth: 760, margin: '0 auto' }} data-testid="track-page">
      <Link to="/public">
        <ArrowLeftOutlined /> {t('appeals.wall.backToWall')}
      </Link>
      <Card size="small">
        <TrackBox initial={no} key={no} />
      </Card>
      {notFound ? (
        <Card>
          <Empty description={t('appeals.wall.notFound', { no: trackingNo })} data-testid="track-not-found">
            <Link to="/public">
              <Button>{t('appeals.wall.backToWall')}</Button>
            </Link>
          </Empty>
        </Card>
      ) : one.error ? (
        <ErrorAlert error={one.error} />
      ) : one.isPending ? (
        <PageSpin />
      ) : (
        <PublicAppealCard appeal={one.data} />
      )}
    </Flex>
  );
}
