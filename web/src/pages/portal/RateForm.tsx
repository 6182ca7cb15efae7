import { Alert, Button, Card, Form, Input, Rate, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { appealsApi, type Appeal } from '../../api/appeals';
import { useAppealLabels } from '../../components/appeals/labels';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useIdempotencyKey } from '../../lib/useIdempotencyKey';
import { myAppealsKey } from './MyAppeals';

interface Values {
  rating: number;
  comment?: string;
}

/** 满意度评价 of a reply: 5 非常满意 … 1 非常不满意; 1–2 send the appeal back for redoing. */
export function RateForm({ appeal }: { appeal: Appeal }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rating = Form.useWatch('rating', form);
  const idem = useIdempotencyKey();
  const rate = useMutation({
    mutationFn: (v: Values) => {
      const body = { rating: v.rating, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) };
      return appealsApi.rate(appeal.id, body, idem.keyFor(body));
    },
    onSuccess: () => {
      idem.reset();
      void queryClient.invalidateQueries({ queryKey: myAppealsKey });
    },
  });
  return (
    <Card size="small" title={t('appeals.rate.title')} data-testid="appeal-rate" style={{ borderColor: '#ffd591' }}>
      <ErrorAlert error={rate.error} />
      <Form<Values> form={form} name="rate" layout="vertical" requiredMark={false} onFinish={rate.mutate}>
        <Form.Item name="rating" label={t('appeals.rate.label')} rules={[{ required: true, message: t('appeals.rate.required') }]}>
          <Rate tooltips={[1, 2, 3, 4, 5].map((r) => labels.rating(r))} style={{ fontSize: 28 }} />
        </Form.Item>
        {rating ? (
          <Typography.Paragraph strong style={{ marginTop: -12 }} data-testid="rating-label">
            {labels.rating(rating)}
          </Typography.Paragraph>
        ) : null}
        {rating !== undefined && rating > 0 && rating <= 2 && <Alert type="warning" showIcon title={t('appeals.rate.badHint')} style={{ marginBottom: 16 }} />}
        <Form.Item name="comment" label={t('appeals.rate.comment')}>
          <Input.TextArea name="comment" maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={rate.isPending} data-testid="appeal-rate-submit">
          {t('appeals.rate.submit')}
        </Button>
      </Form>
    </Card>
  );
}
