import { Text, View } from '@tarojs/components';
import { composeSessionFrom } from 'taro-udesk';
import { demoSession } from '../../session';

// The session-from the demo customer carries into Udesk, with its size against the budget.
export default function Index() {
  const { value, bytes, trimmed } = composeSessionFrom(demoSession);
  return (
    <View className="page">
      <Text className="title">session-from ({bytes} / 1000 bytes)</Text>
      <Text className="value" id="session-from">{value}</Text>
      {trimmed.length > 0 && <Text className="trimmed">left out: {trimmed.join(', ')}</Text>}
    </View>
  );
}
