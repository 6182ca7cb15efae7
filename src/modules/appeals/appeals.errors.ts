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
  deadline_passed: { status: 409, zh: '已超过办理时限，不能再申请延期', en: 'The deadline has passed; an extension can no longer be requested' },
  extension_pending: { status: 409, zh: '已有待审批的延期申请', en: 'An extension request is already waiting for approval' },
  no_extension_pending: { status: 409, zh: '没有待审批的延期申请', en: 'No extension request is waiting for approval' },
  default_limit_required: { status: 422, zh: '须保留一条适用于所有类别和类型的默认时限', en: 'Keep one default time limit for every category and kind' },
  default_rule_required: { status: 422, zh: '须保留一条适用于所有类别和地区的默认分派规则', en: 'Keep one default routing rule for every category and region' },
  duplicate_config_row: { status: 422, zh: '配置中有重复的条目', en: 'The configuration has duplicate rows' },
  attachment_type_not_allowed: {
    status: 415,
    zh: '只能上传 JPEG、PNG、WebP 图片或 PDF 文件',
    en: 'Only JPEG, PNG or WebP images and PDF files can be attached',
  },
  attachment_mislabelled: { status: 422, zh: '文件内容与声明的类型不符', en: 'The file content does not match its declared type' },
  attachment_too_large: { status: 413, zh: '附件不能超过 5 MB', en: 'An attachment may not exceed 5 MB' },
  too_many_attachments: { status: 409, zh: '每件诉求最多 5 个附件', en: 'An appeal has at most 5 attachments' },
  attachment_missing: { status: 400, zh: '请选择要上传的文件', en: 'Choose a file to upload' },
  not_a_duplicate: { status: 422, zh: '该诉求未被识别为重复诉求，不能合并', en: 'This appeal is not linked as a duplicate, so it cannot be merged' },
  contact_required: { status: 422, zh: '实名诉求须填写联系人', en: 'A named appeal needs a contact name' },
} as const;

export type AppealErrorCode = keyof typeof appealErrors;
export const appealError = errorFactory(appealErrors);
