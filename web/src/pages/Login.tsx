import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { authApi, useMe } from '../api/auth';
import type { LoginStep, SecondFactorMethod, WithMe } from '../api/types';
import { EnrolSecondFactor } from '../components/EnrolSecondFactor';
import { ErrorAlert } from '../components/ErrorAlert';
import { RecoveryCodesModal } from '../components/RecoveryCodesModal';
import { SecondFactorStep } from '../components/SecondFactorStep';
import { useAcceptMe } from '../components/useAcceptMe';

type Step = { kind: 'password' } | { kind: 'second_factor'; methods: SecondFactorMethod[] } | { kind: 'enrol' };

function PasswordForm({ onStep }: { onStep: (step: LoginStep) => void }) {
  const { t } = useTranslation();
  const login = useMutation({
    mutationFn: (v: { username: string; password: string }) => authApi.staffLogin(v.username.trim(), v.password),
    onSuccess: onStep,
  });
  return (
    <>
      <ErrorAlert error={login.error} />
      <Form layout="vertical" requiredMark={false} onFinish={login.mutate}>
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
          <Input name="username" prefix={<UserOutlined />} size="large" autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password name="password" prefix={<LockOutlined />} size="large" autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
          {t('login.submit')}
        </Button>
      </Form>
    </>
  );
}

/** Staff login: password, then a second factor (or enrolment of one at first login). */
export default function Login() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const acceptMe = useAcceptMe();
  const { data: me } = useMe();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [codes, setCodes] = useState<string[] | null>(null);

  const from = (location.state as { from?: string } | null)?.from;
  const target = from?.startsWith('/console') ? from : '/console';

  if (me?.kind === 'staff' && step.kind === 'password' && !codes) return <Navigate to={target} replace />;

  const onStep = (next: LoginStep) => {
    if (next.next === 'second_factor') setStep({ kind: 'second_factor', methods: next.methods });
    else if (next.next === 'enrol') setStep({ kind: 'enrol' });
    else finish({ me: next.me });
  };

  function finish(result: WithMe) {
    acceptMe(result.me);
    if (result.recoveryCodes?.length) setCodes(result.recoveryCodes);
    else void navigate(target, { replace: true });
  }

  const title = step.kind === 'password' ? t('login.title') : step.kind === 'enrol' ? t('login.enrolTitle') : t('login.secondFactorTitle');

  return (
    <div style={{ maxWidth: step.kind === 'enrol' ? 640 : 420, margin: '0 auto' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {title}
        </Typography.Title>
        {step.kind === 'password' && (
          <>
            <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
            <PasswordForm onStep={onStep} />
          </>
        )}
        {step.kind === 'second_factor' && <SecondFactorStep methods={step.methods} onSuccess={finish} />}
        {step.kind === 'enrol' && (
          <>
            <Typography.Paragraph type="secondary">{t('login.enrolIntro')}</Typography.Paragraph>
            <EnrolSecondFactor onEnrolled={finish} />
          </>
        )}
        {step.kind !== 'password' && (
          <Button type="link" style={{ paddingInline: 0, marginTop: 12 }} onClick={() => setStep({ kind: 'password' })}>
            {t('login.startOver')}
          </Button>
        )}
      </Card>
      {step.kind === 'password' && (
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 16 }}>
          {t('login.citizenHint')} <Link to="/portal">{t('portal.title')}</Link>
        </Typography.Paragraph>
      )}
      <RecoveryCodesModal
        codes={codes}
        onDone={() => {
          setCodes(null);
          void navigate(target, { replace: true });
        }}
      />
    </div>
  );
}
