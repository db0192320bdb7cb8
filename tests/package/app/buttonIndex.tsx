// The button-only consumer app's page (copied into the fixture app's src-button/pages/index/):
// the contact button with a customer, nothing traced.
import { Text, View } from '@tarojs/components';
import { ContactButton } from 'taro-udesk';

export default function Index() {
  return (
    <View className="index">
      <Text>Shop</Text>
      <ContactButton id="contact" nickName="jack" customer={{ customer_name: 'Jack', customer_token: 'consumer-1' }} note={{ title: 'Order 1' }}>
        Contact us
      </ContactButton>
    </View>
  );
}
