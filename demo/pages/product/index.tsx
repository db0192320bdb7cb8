import { Button, Text, View } from '@tarojs/components';
import Taro, { getCurrentInstance } from '@tarojs/taro';
import { useUdeskTrace } from 'taro-udesk';
import { productById } from '../../catalog';

// Each show of this page is one product view in Udesk's visitor trajectory.
export default function Product() {
  const { id, ...product } = productById(getCurrentInstance().router?.params.id);
  const { price: _price, ...card } = product;
  useUdeskTrace('product', card);
  return (
    <View className="page">
      <Text className="title">{card.name}</Text>
      <Text className="label">¥{product.price.toFixed(2)}</Text>
      <Button className="contact" id="buy" onClick={() => Taro.navigateTo({ url: `/pages/order/index?product=${id}` })}>
        Buy now
      </Button>
    </View>
  );
}
