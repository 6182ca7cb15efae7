import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { checkIdNumber } from '../../lib/idNumber';

/** Client-side GB 11643 check with a friendly message; the server decides in the end. */
export function idNumberRules(t: TFunction): Rule[] {
  return [
    { required: true, whitespace: true, message: t('portal.idRequired') },
    {
      validator: async (_rule, value: string | undefined) => {
        if (!value) return;
        const problem = checkIdNumber(value);
        if (problem === 'format') throw new Error(t('portal.idFormat'));
        if (problem === 'birth_date') throw new Error(t('portal.idBirthDate'));
        if (problem === 'check_digit') throw new Error(t('portal.idCheckDigit'));
      },
    },
  ];
}

export const normalizeId = (v: string | undefined) => (v ?? '').replace(/\s/g, '').toUpperCase().slice(0, 18);
