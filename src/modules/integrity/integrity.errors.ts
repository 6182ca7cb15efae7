import { errorFactory } from '@core/http/errors.ts';

/** Errors of the integrity checks: stable codes with Chinese and English messages. */
export const integrityErrors = {
  flag_not_found: { status: 404, zh: '找不到该疑点', en: 'Finding not found' },
  flag_decided: { status: 409, zh: '该疑点已处理', en: 'This finding has already been decided' },
  person_not_found: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  not_a_pensioner: { status: 409, zh: '该人员没有在领的养老金，无需资格认证', en: 'This person draws no pension and needs no certification' },
  not_your_relative: { status: 403, zh: '您不是该领取人登记的亲属，不能代为认证', en: 'You are not registered as a relative of this pensioner' },
  relative_exists: { status: 409, zh: '该亲属已登记', en: 'This relative is already registered' },
  relative_is_self: { status: 422, zh: '不能登记本人为亲属', en: 'A pensioner cannot be their own relative' },
  citizen_not_found: { status: 404, zh: '该身份证号码没有注册的公民账户', en: 'No citizen account is registered with this ID number' },
  not_in_registry: { status: 404, zh: '人社部门尚无您的登记信息', en: 'You are not in the registry yet' },
} as const;

export const integrityError = errorFactory(integrityErrors);
