import { Navigator, Text, View } from '@tarojs/components';

export default function Index() {
  return (
    <View className="page">
      <Text className="title">taro-udesk demo</Text>
      <Navigator url="/pages/contact/index" className="link">
        Contact customer service
      </Navigator>
    </View>
  );
}
