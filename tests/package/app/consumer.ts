// Type-checked against the packed declarations (tsc, node16 and bundler resolution): what a
// TypeScript user of the published package writes.
import { buildSessionFrom, ContactButton, UdeskSdk, useUdeskTrace, UdeskConfigError, type SessionFromInput } from 'taro-udesk';
import { parseSessionFrom, UdeskValidationError } from 'taro-udesk/core';

const input: SessionFromInput = { nickName: 'jack', customer: { customer_token: 'u-1' } };
export const value: string = buildSessionFrom(input);
export const nick: string = parseSessionFrom(value).nickName;
export const checks = [ContactButton, useUdeskTrace, UdeskSdk.init, UdeskSdk.trace];
export const isError = (e: unknown) => e instanceof UdeskValidationError || e instanceof UdeskConfigError;
// @ts-expect-error: an order needs its number, name, price, time and status
UdeskSdk.trace('order', { name: 'x' });
