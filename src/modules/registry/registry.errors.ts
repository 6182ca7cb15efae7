import { errorFactory } from '@core/http/errors.ts';

/** Errors of the registry: stable codes with Chinese and English messages. */
export const registryErrors = {
  person_not_found: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  person_exists: { status: 409, zh: '该身份证号码已登记', en: 'A person with this ID number is already registered' },
  id_mismatch: { status: 422, zh: '性别或出生日期与身份证号码不符', en: 'Sex or birth date does not match the ID number' },
  region_not_local: { status: 422, zh: '户籍地须选到区县或乡镇（街道）', en: 'Choose a county or a town/street as the household region' },
  nothing_to_correct: { status: 422, zh: '没有需要更正的内容', en: 'Nothing to correct' },
  person_deceased: { status: 409, zh: '该人员已登记死亡', en: 'This person is already recorded as deceased' },
  person_changed: { status: 409, zh: '该人员信息已被他人修改，请刷新后重试', en: 'The person changed meanwhile; reload and try again' },
  invalid_phone: { status: 422, zh: '手机号码应为以 1 开头的 11 位数字', en: 'A mobile number has 11 digits and starts with 1' },
  name_required: { status: 422, zh: '请填写姓名', en: 'A name is required' },
  death_date_invalid: { status: 422, zh: '死亡日期不能早于出生日期或晚于今天', en: 'The date of death must fall between birth and today' },
} as const;

export const registryError = errorFactory(registryErrors);
