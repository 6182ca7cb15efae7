import { useState } from 'react';
import { Button, Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LoginStep, SecondFactorMethod, WithMe } from '../../api/types';
import { EnrolSecondFactor } from '../../components/EnrolSecondFactor';
import { RecoveryCodesModal } from '../../components/RecoveryCodesModal';
import { SecondFactorStep } from '../../components/SecondFactorStep';
import { useAcceptMe } from '../../components/useAcceptMe';
import { PortalLoginForm } from './LoginForm';
import { PortalSignupForm } from './SignupForm';

type Step = { kind: 'forms' } | { kind: 'second_factor'; methods: SecondFactorMethod[] } | { kind: 'enrol' };

/** Not logged in: log in or sign up with a resident ID number. */
export function PortalAuth() {
  const { t } = useTranslation();
  const acceptMe = useAcceptMe();
  const [step, setStep] = useState<Step>({ kind: 'forms' });
  const [pending, setPending] = useState<WithMe | null>(null);

  const finish = (result: WithMe) => {
    if (result.recoveryCodes?.length) setPending(result);
    else acceptMe(result.me);
  };
  const onStep = (next: LoginStep) => {
    if (next.next === 'second_factor') setStep({ kind: 'second_factor', methods: next.methods });
    else if (next.next === 'enrol') setStep({ kind: 'enrol' });
    else finish({ me: next.me });
  };

  return (
    <Card style={{ maxWidth: 480, margin: '0 auto' }} styles={{ body: { padding: 20 } }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {step.kind === 'forms' ? t('portal.title') : t('portal.secondFactorTitle')}
      </Typography.Title>
      {step.kind === 'forms' && (
        <>
          <Tabs
            items={[
              { key: 'login', label: t('portal.login'), children: <PortalLoginForm onStep={onStep} /> },
              { key: 'signup', label: t('portal.signup'), children: <PortalSignupForm onDone={finish} /> },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
            {t('portal.privacy')}
          </Typography.Paragraph>
        </>
      )}
      {step.kind === 'second_factor' && <SecondFactorStep methods={step.methods} onSuccess={finish} />}
      {step.kind === 'enrol' && <EnrolSecondFactor onEnrolled={finish} />}
      {step.kind !== 'forms' && (
        <Button type="link" style={{ paddingInline: 0, marginTop: 12 }} onClick={() => setStep({ kind: 'forms' })}>
          {t('login.startOver')}
        </Button>
      )}
      <RecoveryCodesModal
        codes={pending?.recoveryCodes}
        onDone={() => {
          acceptMe(pending?.me);
          setPending(null);
        }}
      />
    </Card>
  );
}
