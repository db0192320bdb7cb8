import { Navigator, Text, View } from '@tarojs/components';
import { products } from '../../catalog';

export default function Index() {
  return (
    <View className="page">
      <Text className="title">taro-udesk demo shop</Text>
      {products.map((p) => (
        <Navigator key={p.id} url={`/pages/product/index?id=${p.id}`} className="link" id={`product-${p.id}`}>
          {p.name}
        </Navigator>
      ))}
      <Navigator url="/pages/contact/index" className="link" id="to-contact">
        Contact customer service
      </Navigator>
    </View>
  );
}
