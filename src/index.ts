// taro-udesk: the core, the Taro adapter and the React layer above it.
export * from './core';
export { UdeskSdk } from './taro/UdeskSdk';
export { useUdeskSession } from './react/useUdeskSession';
export type { UseUdeskSessionOptions, UdeskSession } from './react/useUdeskSession';
export { useUdeskTrace } from './react/useUdeskTrace';
export type { UseUdeskTraceOptions } from './react/useUdeskTrace';
export { ContactButton } from './react/ContactButton';
export type { ContactButtonProps, UnsupportedContact } from './react/ContactButton';
