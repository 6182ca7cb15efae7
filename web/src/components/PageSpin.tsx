import { Flex, Spin } from 'antd';

export function PageSpin() {
  return (
    <Flex justify="center" align="center" style={{ minHeight: 240, width: '100%' }}>
      <Spin size="large" />
    </Flex>
  );
}
