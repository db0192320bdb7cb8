import { Navigator, Text, View } from '@tarojs/components';
import { ContactButton, useUdeskSession } from 'taro-udesk';
import { anonymousSession, useCustomer } from '../../account';
import { oversizedSession, TRAJECTORY_FIELD, webIm } from '../../session';
import { useWebImIdentity } from '../../webImIdentity';

// Customer service: the logged-in customer goes into the chat (WeChat: session-from; H5: the web
// IM link with the identity the demo server signed). Below, a customer too large for the budget.
export default function Contact() {
  const customer = useCustomer();
  const input = customer ? customer.session : anonymousSession;
  const session = useUdeskSession(input, { trajectoryField: TRAJECTORY_FIELD });
  const oversized = useUdeskSession(oversizedSession);
  const identity = useWebImIdentity(customer ? customer.token : undefined);
  const webImCustomer = identity.signed;
  const identityText = !customer
    ? '未登录：以匿名访客进入会话'
    : process.env.TARO_ENV !== 'h5'
      ? `客户 ${customer.token}：由 session-from 带入会话`
      : webImCustomer
        ? `已由演示服务器签名（web_token ${webImCustomer.web_token}，${webImCustomer.encryption_algorithm}）`
        : identity.state === 'failed'
          ? '演示服务器没有签名：以匿名访客进入会话'
          : '正在获取签名身份…';
  return (
    <View className="page">
      <View className="panel">
        <Text className="title">在线客服</Text>
        <Text className="label" id="identity">{identityText}</Text>
        {!customer && (
          <Navigator url="/pages/login/index" className="link" id="contact-login">
            登录后，客服能看到你是谁、浏览过什么
          </Navigator>
        )}
      </View>
      <ContactButton {...input} trajectoryField={TRAJECTORY_FIELD} webIm={webIm} webImCustomer={webImCustomer} className="primary-button" id="contact">
        联系客服
      </ContactButton>
      <View className="panel">
        <Text className="label">session-from：{session.bytes} / 1000 字节</Text>
        <Text className="value" id="session-from">{session.sessionFrom}</Text>
        {process.env.TARO_ENV === 'h5' && (
          <a className="link" id="decode" href={`/console#sf=${encodeURIComponent(session.sessionFrom)}`} target="_blank" rel="noreferrer">
            在轨迹控制台中解码
          </a>
        )}
      </View>
      <View className="panel">
        <Text className="label">预算演示：资料超长的客户，{oversized.bytes} / 1000 字节；为放下而省略：{oversized.trimmed.join(', ')}</Text>
        <ContactButton {...oversizedSession} webIm={webIm} className="outline-button" id="contact-oversized">
          联系客服（超长资料）
        </ContactButton>
        <Text className="value" id="session-from-oversized">{oversized.sessionFrom}</Text>
      </View>
    </View>
  );
}
