import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { demoCustomers, logIn, useCustomer } from '../../account';
import type { DemoCustomer } from '../../account';
import { keyboardButton } from '../../keyboardButton';

// The demo's login: pick a customer. The demo server (the shop's backend) answers with the
// customer's identity hash, so from here on the tracker knows who browses (identify) and the
// trajectory server links this visitor with the customer's others; on H5 it also signs the web IM
// identity for this customer.
export default function Login() {
  const customer = useCustomer();
  const choose = async (chosen: DemoCustomer | null) => {
    await logIn(chosen);
    if (Taro.getCurrentPages().length > 1) Taro.navigateBack();
    else Taro.reLaunch({ url: '/pages/index/index' });
  };
  return (
    <View className="page">
      <Text className="section-title">选择演示客户登录</Text>
      <Text className="label">演示用：不需要密码。登录后，客服能看到你登录前后浏览过的商品。</Text>
      {demoCustomers.map((option) => (
        <Button key={option.token} className="option-button" id={`login-${option.token}`} {...keyboardButton()} onClick={() => choose(option)}>
          {option.label}
          {customer && customer.token === option.token ? '（当前）' : ''}
        </Button>
      ))}
      {customer && (
        <Button className="link-button" id="logout" {...keyboardButton()} onClick={() => choose(null)}>
          退出登录
        </Button>
      )}
    </View>
  );
}
