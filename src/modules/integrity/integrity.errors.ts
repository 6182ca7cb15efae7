import { errorFactory } from '@core/http/errors.ts';

/** Errors of the integrity checks: stable codes with Chinese and English messages. */
export const integrityErrors = {
  flag_not_found: { status: 404, zh: '找不到该疑点', en: 'Finding not found' },
  flag_decided: { status: 409, zh: '该疑点已处理', en: 'This finding has already been decided' },
  person_not_found: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  not_a_pensioner: { status: 409, zh: '该人员没有在领的养老金，无需资格认证', en: 'This person draws no pension and needs no certification' },
  not_your_relative: { status: 403, zh: '您不是该领取人登记的亲属，不能代为认证', en: 'You are not registered as a relative of this pensioner' },
  relative_exists: { status: 409, zh: '该亲属已登记', en: 'This relative is already registered' },
  relative_not_found: { status: 404, zh: '找不到该亲属登记', en: 'No such relative is registered for this pensioner' },
  relative_is_self: { status: 422, zh: '不能登记本人为亲属', en: 'A pensioner cannot be their own relative' },
  citizen_not_found: { status: 404, zh: '该身份证号码没有注册的公民账户', en: 'No citizen account is registered with this ID number' },
  not_in_registry: { status: 404, zh: '人社部门尚无您的登记信息', en: 'You are not in the registry yet' },
  // Employers' fraud (用人单位骗保)
  employer_not_found: { status: 404, zh: '找不到该用人单位', en: 'Employer not found' },
  finding_not_found: { status: 404, zh: '找不到该违规线索', en: 'Finding not found' },
  finding_decided: { status: 409, zh: '该违规线索已处理', en: 'This finding has already been decided' },
  finding_own: { status: 409, zh: '登记线索的人员不能自己认定，请由其他科室负责人或督办人员处理', en: 'Whoever recorded a finding cannot decide it: another department head or supervisor must' },
  finding_description_empty: { status: 422, zh: '请写明查实或怀疑的违规事实', en: 'Describe what was found or is suspected' },
  finding_in_future: { status: 422, zh: '发生日期不能晚于今天', en: 'The date it happened cannot be later than today' },
  // 人社信用: credit ratings and the dishonesty list
  credit_rules_invalid: { status: 422, zh: '信用规则不符合要求', en: 'The credit rules are not valid' },
  credit_rules_level: { status: 403, zh: '信用规则由地市级及以上人社部门发布', en: 'Credit rules are published by a city-level or higher department' },
  credit_party_not_found: { status: 404, zh: '找不到该信用主体的评级或失信记录', en: 'No rating or dishonesty entry was found for this party' },
  credit_entry_not_found: { status: 404, zh: '找不到该失信名单记录', en: 'Dishonesty entry not found' },
  credit_entry_decided: { status: 409, zh: '该失信记录当前状态下不能办理此事项', en: 'This dishonesty entry is not in a state that allows this' },
  credit_repair_too_early: { status: 409, zh: '尚未到可申请信用修复的日期', en: 'The entry cannot be repaired before its repair date' },
  credit_debt_unpaid: { status: 409, zh: '欠款尚未结清，不能信用修复', en: 'The debt is not paid; the entry cannot be repaired' },
  // Card trajectory (用卡轨迹)
  institution_exists: { status: 409, zh: '该定点医药机构编码已登记', en: 'An institution with this code is already registered' },
  institution_region: { status: 422, zh: '定点医药机构所在地须为存在的县级或乡级行政区划', en: 'The institution’s region must be an existing county or town code' },
  institution_outside_china: { status: 422, zh: '经纬度不在中国境内，请检查是否填反', en: 'The coordinates are outside China; check that latitude and longitude are not swapped' },
  card_not_found: { status: 422, zh: '找不到该社会保障卡，或持卡人不在您的辖区', en: 'Unknown card, or its holder is outside your region' },
  institution_not_found: { status: 422, zh: '该定点医药机构未登记', en: 'Unknown institution code' },
  amount_invalid: { status: 422, zh: '金额须为不小于 0 的整数（分）', en: 'The amount must be a whole number of fen, 0 or more' },
  used_at_invalid: { status: 422, zh: '用卡时间须为带时区的 ISO 8601 时间，且不能晚于现在', en: 'The time of use must be an ISO 8601 time with its offset, not in the future' },
  reference_repeated: { status: 422, zh: '同一结算流水号在本批中重复出现', en: 'The same reference appears twice in this batch' },
  batch_rejected: { status: 422, zh: '批量用卡记录有错误行，整批未受理', en: 'Some rows of the batch were refused; nothing was recorded' },
  invalid_period: { status: 422, zh: '起始日期不能晚于截止日期，且区间不超过两年', en: 'The start must not be after the end, and the span must not exceed two years' },
} as const;

export const integrityError = errorFactory(integrityErrors);
