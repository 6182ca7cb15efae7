import { AutoComplete } from 'antd';

/** Banks that issue social security cards and hold benefit accounts in the region; any other may be typed. */
const COMMON_BANKS = ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '交通银行', '中国邮政储蓄银行', '宁夏银行', '黄河农村商业银行', '石嘴山银行'];

export function BankNameInput(props: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const text = props.value?.trim() ?? '';
  return (
    <AutoComplete
      id={props.id}
      value={props.value}
      onChange={(v: string) => props.onChange?.(v)}
      options={COMMON_BANKS.filter((b) => !text || b.includes(text)).map((b) => ({ value: b }))}
      maxLength={50}
      style={{ width: '100%' }}
      data-testid="bank-name"
    />
  );
}
