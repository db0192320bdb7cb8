// taro-udesk: the core, plus (as it lands) the Taro adapter and the React layer above it.
export * from './core';
