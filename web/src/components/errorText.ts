import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';

export interface ErrorText {
  title: string;
  details: string[];
  requestId?: string;
}

/** Turns any thrown value into text for the user, in the current language. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (error: unknown): ErrorText => {
    if (isApiError(error)) {
      if (error.code === 'network') return { title: t('errors.network'), details: [] };
      const p = error.problem;
      const details: string[] = [];
      for (const e of p.errors ?? []) details.push(`${e.path}: ${e.message}`);
      if (p.retryAfterSeconds && p.retryAfterSeconds > 0) {
        const s = p.retryAfterSeconds;
        details.push(t('errors.retryAt', { time: dayjs().add(s, 'second').format('HH:mm:ss'), minutes: Math.max(1, Math.ceil(s / 60)) }));
      }
      return { title: error.localized(i18n.language) ?? t('errors.generic'), details, requestId: p.requestId };
    }
    if (error instanceof Error) {
      if (error.name === 'NotAllowedError' || error.name === 'AbortError') return { title: t('errors.passkeyCancelled'), details: [] };
      if (/WebAuthn is not supported/.test(error.message)) return { title: t('errors.passkeyUnsupported'), details: [] };
      return { title: error.message || t('errors.generic'), details: [] };
    }
    return { title: t('errors.generic'), details: [] };
  };
}
