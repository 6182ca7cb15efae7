import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import { checkCreditCode } from '../../lib/creditCode';

/** Client-side GB 32100 check with a friendly message; the server decides in the end. */
export function creditCodeRules(t: TFunction, requiredKey = 'console.employers.creditCodeRequired'): Rule[] {
  return [
    { required: true, whitespace: true, message: t(requiredKey) },
    {
      validator: async (_rule, value: string | undefined) => {
        if (!value) return;
        const problem = checkCreditCode(value);
        if (problem === 'format') throw new Error(t('console.employers.creditCodeFormat'));
        if (problem === 'check_character') throw new Error(t('console.employers.creditCodeCheck'));
      },
    },
  ];
}
