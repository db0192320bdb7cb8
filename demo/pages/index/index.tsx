import { Image, Navigator, Text, View } from '@tarojs/components';
import { useCustomer } from '../../account';
import { formatPrice, products } from '../../catalog';

// The shop's home: product cards, who is logged in, and the way to customer service.
export default function Index() {
  const customer = useCustomer();
  return (
    <View className="page">
      <View className="account-bar">
        <Text className="account-name" id="account">
          {customer ? `你好，${customer.session.nickName}` : '未登录 · 匿名浏览'}
        </Text>
        <Navigator url="/pages/login/index" className="account-action" id="to-login">
          {customer ? '切换账号' : '登录'}
        </Navigator>
      </View>
      <Text className="section-title">为你推荐</Text>
      <View className="grid">
        {products.map((product) => (
          <Navigator key={product.id} url={`/pages/product/index?id=${product.id}`} className="card" id={`product-${product.id}`}>
            <Image className="card-image" src={product.image} mode="aspectFit" />
            <Text className="card-name">{product.card.name}</Text>
            <Text className="price">{formatPrice(product.price)}</Text>
          </Navigator>
        ))}
      </View>
      <Navigator url="/pages/contact/index" className="secondary-button" id="to-contact">
        联系客服
      </Navigator>
    </View>
  );
}
