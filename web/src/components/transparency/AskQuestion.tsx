import { useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Result, Space } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { isFundKind, transparencyApi, type FundKind, type FundQuestion } from '../../api/transparency';
import { useIdempotencyKey } from '../../lib/useIdempotencyKey';
import { ErrorAlert } from '../ErrorAlert';

/** What a question is about: a published figure or one's own contribution record, as seen on screen. */
export interface AskTarget {
  about: 'disclosure' | 'statement';
  period: string;
  fund?: FundKind;
  figure: string;
}

/** The search parameter that carries a pending question through the portal login and back. */
export const ASK_PARAM = 'ask';
const FIGURE_MAX = 200;

const clip = (text: string) => (text.length > FIGURE_MAX ? `${text.slice(0, FIGURE_MAX - 1)}…` : text);

export function decodeAsk(raw: string | null): AskTarget | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<AskTarget>;
    if ((v.about !== 'disclosure' && v.about !== 'statement') || typeof v.period !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(v.period) || typeof v.figure !== 'string' || !v.figure) return null;
    return { about: v.about, period: v.period, figure: clip(v.figure), ...(isFundKind(v.fund) ? { fund: v.fund } : {}) };
  } catch {
    return null;
  }
}

/** Only a path of this site: never another origin, whatever the link says. */
export function safeNext(raw: string | null, fallback = '/portal'): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  return raw;
}

interface FormValues {
  figure: string;
  question: string;
  isPublic: boolean;
}

function AskModal({ target, onClose }: { target: AskTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const idem = useIdempotencyKey();
  const submit = useMutation({
    mutationFn: (body: FundQuestion) => transparencyApi.ask(body, idem.keyFor(body)),
    onSuccess: () => idem.reset(),
  });
  const done = submit.data;
  const close = () => {
    submit.reset();
    onClose();
  };
  return (
    <Modal
      open={!!target}
      title={
        <Space>
          <QuestionCircleOutlined />
          {t('transparency.ask.title')}
        </Space>
      }
      onCancel={close}
      destroyOnHidden
      width={560}
      footer={
        done
          ? [
              <Button key="close" type="primary" onClick={close} data-testid="ask-close">
                {t('transparency.ask.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={close}>
                {t('common.cancel')}
              </Button>,
              <Button key="submit" type="primary" loading={submit.isPending} onClick={() => form.submit()} data-testid="ask-submit">
                {t('transparency.ask.submit')}
              </Button>,
            ]
      }
    >
      {done ? (
        <Result
          status="success"
          title={t('transparency.ask.done')}
          subTitle={<span data-testid="ask-tracking-no" data-tracking-no={done.trackingNo}>{t('transparency.ask.doneDetail', { trackingNo: done.trackingNo })}</span>}
          extra={
            <Space size="large" wrap style={{ justifyContent: 'center' }}>
              <Link to={`/track/${encodeURIComponent(done.trackingNo)}`} onClick={close}>
                {t('transparency.ask.track')}
              </Link>
              <Link to={`/portal/appeals/${encodeURIComponent(done.appealId)}`} onClick={close}>
                {t('transparency.ask.myAppeal')}
              </Link>
            </Space>
          }
          style={{ padding: '16px 0' }}
        />
      ) : (
        target && (
          <>
            <Alert type="info" showIcon title={t('transparency.ask.intro')} style={{ marginBottom: 16 }} />
            <ErrorAlert error={submit.error} />
            <Form<FormValues>
              form={form}
              name="fund-question"
              layout="vertical"
              initialValues={{ figure: target.figure, question: '', isPublic: false }}
              onFinish={(v) =>
                submit.mutate({
                  about: target.about,
                  period: target.period,
                  ...(target.fund ? { fund: target.fund } : {}),
                  figure: clip(v.figure.trim() || target.figure),
                  question: v.question.trim(),
                  isPublic: v.isPublic,
                })
              }
              data-testid="ask-form"
            >
              <Form.Item name="figure" label={t('transparency.ask.figure')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={FIGURE_MAX} data-testid="ask-figure" />
              </Form.Item>
              <Form.Item
                name="question"
                label={t('transparency.ask.question')}
                rules={[{ required: true, whitespace: true, min: 5, message: t('transparency.ask.questionRequired') }]}
              >
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount placeholder={t('transparency.ask.questionPlaceholder')} data-testid="ask-question" />
              </Form.Item>
              <Form.Item name="isPublic" valuePropName="checked" style={{ marginBottom: 0 }}>
                <Checkbox>{t('transparency.ask.isPublic')}</Checkbox>
              </Form.Item>
            </Form>
          </>
        )
      )}
    </Modal>
  );
}

/**
 * The “对此有疑问” action of a page: a logged-in citizen gets the question form with the figure
 * filled in; anyone else goes to the portal login and comes back to the same page, where the
 * form opens by itself. Render `modal` once on the page.
 */
export function useAsk(): { ask: (target: AskTarget) => void; modal: ReactNode } {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const [target, setTarget] = useState<AskTarget | null>(null);
  const pending = params.get(ASK_PARAM);

  // Back from the login with a question pending: open it once, and drop it from the address.
  useEffect(() => {
    if (!pending || me === undefined) return;
    const next = new URLSearchParams(params);
    next.delete(ASK_PARAM);
    setParams(next, { replace: true });
    const wanted = decodeAsk(pending);
    if (wanted && me?.kind === 'citizen') setTarget(wanted);
  }, [pending, me, params, setParams]);

  const ask = (wanted: AskTarget) => {
    const clipped = { ...wanted, figure: clip(wanted.figure) };
    if (me?.kind === 'citizen') {
      setTarget(clipped);
      return;
    }
    if (me?.kind === 'staff') {
      void message.info(t('transparency.ask.staff'));
      return;
    }
    const back = new URLSearchParams(location.search);
    back.set(ASK_PARAM, JSON.stringify(clipped));
    void navigate(`/portal/signin?next=${encodeURIComponent(`${location.pathname}?${back.toString()}`)}`);
  };
  return { ask, modal: <AskModal target={target} onClose={() => setTarget(null)} /> };
}

/** A small “对此有疑问” link-button. */
export function AskButton({ onClick, testId, size = 'small' }: { onClick: () => void; testId?: string; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  return (
    <Button type="link" size={size} icon={<QuestionCircleOutlined />} onClick={onClick} style={{ paddingInline: 0 }} data-testid={testId}>
      {t('transparency.ask.action')}
    </Button>
  );
}
