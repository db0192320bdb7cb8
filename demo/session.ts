import type { SessionFromInput } from 'taro-udesk';

// The example of Udesk's document, as written there (in its order): customer_info, note_info,
// nickname, avatar and unionid. The tests use it as their fixture too.
export const demoSession: SessionFromInput = {
  nickName: 'jack',
  avatar: 'https://www.udesk.cn/images/index/logo1124.png',
  customer: {
    customer_name: 'Customer Name',
    email: 'test@udesk.cn',
    customer_token: 'test_token',
    generated_channel: 'Custom Channel Name',
    ip: '192.168.1.1',
    description: 'Description',
    organization_id: 1,
    tags: 'Tag1,Tag2',
    owner_id: 1,
    owner_group_id: 1,
    level: 'normal',
    cellphones: [['', '13100000002'], ['3', '13100000003']],
    other_emails: [['', '13100000002@udesk.cn'], ['1', '13100000003@udesk.cn']],
    custom_fields: { TextField_1: 'Normal text content' },
  },
  note: { title: 'Business Record Title', custom_fields: { TextField_1: 'Normal text content' } },
  unionid: 'ocpX10_1hQmCVGXzKrMwu-g7yuzU',
};

// The customer custom field the chat shows the trajectory link in: the Udesk admin creates a
// link-type text field for it; 12 is the demo's id (yours is in the field's settings).
export const TRAJECTORY_FIELD = 'TextField_12';

// Long free text that would push the value past 1000 bytes: trimmed, identity kept.
export const oversizedSession: SessionFromInput = {
  ...demoSession,
  customer: { ...demoSession.customer, description: '这位客户经常在晚上下单，喜欢包邮的商品。'.repeat(12) },
  note: { title: '订单咨询｜退换货', custom_fields: { TextField_1: '用户反馈：收到的商品与描述不符。'.repeat(8), TextField_2: 'VIP' } },
};

/**
 * H5 has no contact button: the customer goes to Udesk's web IM link. By default the demo server's
 * local stand-in of that page (never Udesk: it shows what it received); UDESK_WEB_IM at build
 * time for your real link.
 */
export const webIm: string = process.env.UDESK_WEB_IM
  || (process.env.TARO_ENV === 'h5' ? `${window.location.origin}/demo/web-im` : '');
