import { Button, Image, Navigator, Text, View } from '@tarojs/components';
import Taro, { getCurrentInstance } from '@tarojs/taro';
import { useUdeskTrace } from 'taro-udesk';
import { formatPrice, productById } from '../../catalog';
import { keyboardButton } from '../../keyboardButton';

// Each show of this page is one product view in Udesk's visitor trajectory.
export default function Product() {
  const product = productById(getCurrentInstance().router?.params.id);
  useUdeskTrace('product', product.card);
  return (
    <View className="page">
      <Image className="hero-image" src={product.image} mode="aspectFit" />
      <View className="panel">
        <Text className="price large">{formatPrice(product.price)}</Text>
        <Text className="title">{product.card.name}</Text>
        <View className="tags">
          {(product.card.params || []).slice(1).map((param) => (
            <Text key={param.text} className="tag">{param.text}</Text>
          ))}
        </View>
      </View>
      <Button className="primary-button" id="buy" {...keyboardButton()} onClick={() => Taro.navigateTo({ url: `/pages/order/index?product=${product.id}` })}>
        立即购买
      </Button>
      <Navigator url="/pages/index/index" openType="reLaunch" className="link" id="back-to-shop">
        继续逛逛
      </Navigator>
    </View>
  );
}
