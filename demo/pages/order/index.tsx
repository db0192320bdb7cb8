import { Button, Navigator, Text, View } from '@tarojs/components';
import { getCurrentInstance } from '@tarojs/taro';
import { useState } from 'react';
import { ContactButton, useUdeskTrace } from 'taro-udesk';
import { anonymousSession, useCustomer } from '../../account';
import { formatPrice, orderFor, ORDER_STATUS_TEXT } from '../../catalog';
import { keyboardButton } from '../../keyboardButton';
import { TRAJECTORY_FIELD, webIm } from '../../session';
import { useWebImIdentity } from '../../webImIdentity';

// The order is traced when the page shows (待支付) and again when it is paid (已支付).
export default function Order() {
  const customer = useCustomer();
  const identity = useWebImIdentity(customer ? customer.token : undefined);
  // The consignee is whoever is logged in when the order is placed.
  const [order, setOrder] = useState(() => orderFor(getCurrentInstance().router?.params.product, Date.now(), customer ? customer.session : undefined));
  const trace = useUdeskTrace('order', order);
  const pay = () => {
    const paid = { ...order, status: 'paid' as const, pay_at: Date.now() };
    setOrder(paid);
    trace(paid);
  };
  const commodity = (order.commodities || [])[0];
  return (
    <View className="page">
      <View className="panel">
        <View className="row">
          <Text className="label">订单状态</Text>
          <Text className={`status status-${order.status}`} id="order-status">{ORDER_STATUS_TEXT[order.status]}</Text>
        </View>
        <Text className="title">{commodity ? commodity.commodit_name : order.name}</Text>
        <Text className="label">订单号 {order.order_no} · 数量 {String(order.commodit_num)}</Text>
        <Text className="price large">{formatPrice(order.price)}</Text>
      </View>
      <View className="panel">
        <Text className="label" id="consignee">收货人 {order.consignee_name || '（登录后填写）'} {order.consignee_phone || ''}</Text>
        <Text className="label">{order.consignee_address} · {order.remark}</Text>
      </View>
      {order.status === 'wait_pay' && (
        <Button className="primary-button" id="pay" {...keyboardButton()} onClick={pay}>
          立即支付
        </Button>
      )}
      <ContactButton
        {...(customer ? customer.session : anonymousSession)}
        note={{ title: `订单 ${order.order_no}` }}
        trajectoryField={TRAJECTORY_FIELD}
        webIm={webIm}
        webImCustomer={identity.signed}
        sendMessageTitle={order.name}
        className="outline-button"
        id="order-contact"
        {...keyboardButton()}
      >
        咨询这笔订单
      </ContactButton>
      <Navigator url="/pages/index/index" openType="reLaunch" className="link" id="continue">
        继续逛逛
      </Navigator>
    </View>
  );
}
