// The consumer app's page (copied into the fixture apps' src/pages/index/): a product view
// traced on show, and the contact button with a customer, and what Alipay and Douyin need.
import { Text, View } from '@tarojs/components';
import { ContactButton, useUdeskTrace } from 'taro-udesk';

export default function Index() {
  useUdeskTrace('product', { name: 'Consumer fixture product', url: 'https://shop.example.com/p/1' });
  return (
    <View className="index">
      <Text>Shop</Text>
      <ContactButton id="contact" nickName="jack" customer={{ customer_name: 'Jack', customer_token: 'consumer-1' }} note={{ title: 'Order 1' }}
        alipay={{ tntInstId: 'consumer-tnt', scene: 'consumer-scene' }} imId="consumer-douyin">
        Contact us
      </ContactButton>
    </View>
  );
}
