import { errorFactory } from '@core/http/errors.ts';

/** Errors of the appeals module: stable codes with Chinese and English messages. */
export const appealErrors = {
  unknown_category: { status: 422, zh: '诉求类别不存在', en: 'Unknown appeal category' },
  unknown_region: { status: 422, zh: '地区代码不存在或不在本市', en: 'Unknown region code' },
  region_not_local: { status: 422, zh: '请选择到区县或乡镇（街道）', en: 'Choose a county or a town/street' },
  no_department: { status: 422, zh: '该地区暂无受理部门', en: 'No department handles this region yet' },
  appeal_not_found: { status: 404, zh: '找不到该诉求', en: 'Appeal not found' },
  transition_not_allowed: { status: 409, zh: '诉求当前状态不允许此操作', en: 'The appeal’s current status does not allow this' },
  already_rated: { status: 409, zh: '该诉求已评价过', en: 'This appeal has already been rated' },
  not_your_appeal: { status: 404, zh: '找不到该诉求', en: 'Appeal not found' },
  unknown_department: { status: 422, zh: '目标部门不存在', en: 'Unknown target department' },
  same_department: { status: 422, zh: '不能转办给本部门', en: 'Cannot transfer to the same department' },
  contact_required: { status: 422, zh: '实名诉求须填写联系人', en: 'A named appeal needs a contact name' },
} as const;

export type AppealErrorCode = keyof typeof appealErrors;
export const appealError = errorFactory(appealErrors);
