import { Text, View } from '@tarojs/components';
import { ContactButton, useUdeskSession } from 'taro-udesk';
import { demoSession, oversizedSession, webIm } from '../../session';

// The spec's example customer and business record, and a customer too large for the budget.
export default function Contact() {
  const session = useUdeskSession(demoSession);
  const oversized = useUdeskSession(oversizedSession);
  return (
    <View className="page">
      <ContactButton {...demoSession} webIm={webIm} className="contact" id="contact">
        Contact customer service
      </ContactButton>
      <Text className="label">session-from, {session.bytes} / 1000 bytes</Text>
      <Text className="value" id="session-from">{session.sessionFrom}</Text>
      {process.env.TARO_ENV === 'h5' && (
        <a className="link" id="decode" href={`/console#sf=${encodeURIComponent(session.sessionFrom)}`} target="_blank" rel="noreferrer">
          Decode it in the trajectory console
        </a>
      )}

      <ContactButton {...oversizedSession} webIm={webIm} className="contact" id="contact-oversized">
        Contact (oversized customer)
      </ContactButton>
      <Text className="label">
        {oversized.bytes} / 1000 bytes; left out to fit: {oversized.trimmed.join(', ')}
      </Text>
      <Text className="value" id="session-from-oversized">{oversized.sessionFrom}</Text>
    </View>
  );
}
