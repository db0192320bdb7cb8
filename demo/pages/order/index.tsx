import { Button, Navigator, Text, View } from '@tarojs/components';
import { getCurrentInstance } from '@tarojs/taro';
import { useState } from 'react';
import { ContactButton, useUdeskTrace } from 'taro-udesk';
import { orderFor } from '../../catalog';
import { demoSession, webIm } from '../../session';

// The order is traced when the page shows (awaiting payment) and again when it is paid.
export default function Order() {
  const [order, setOrder] = useState(() => orderFor(getCurrentInstance().router?.params.product, Date.now()));
  const trace = useUdeskTrace('order', order);
  const pay = () => {
    const paid = { ...order, status: 'paid' as const, pay_at: Date.now() };
    setOrder(paid);
    trace(paid);
  };
  return (
    <View className="page">
      <Text className="title">{order.name}</Text>
      <Text className="label" id="order-status">
        No. {order.order_no} · ¥{order.price.toFixed(2)} · {order.status}
      </Text>
      {order.status === 'wait_pay' && (
        <Button className="contact" id="pay" onClick={pay}>
          Pay
        </Button>
      )}
      <Navigator url="/pages/index/index" openType="reLaunch" className="link" id="continue">
        Continue shopping
      </Navigator>
      <ContactButton {...demoSession} note={{ title: `Order ${order.order_no}` }} webIm={webIm} sendMessageTitle={order.name} id="order-contact">
        Ask about this order
      </ContactButton>
    </View>
  );
}
