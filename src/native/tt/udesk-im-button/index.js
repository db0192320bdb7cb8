/* global Component */
// Douyin's IM button as a native custom component: Taro's tt button template has no
// `data-im-id`, and Taro keeps `data-*` props out of what it renders, so `<ContactButton imId>`
// renders this component on tt, which binds the attribute itself. ES5: Douyin runs it untouched.
Component({
  properties: {
    // The Douyin account that receives the chat (`data-im-id`).
    imId: { type: String, value: '' },
  },
});
