// Field names are Udesk's own (snake_case), so values can be pasted from Udesk's documents.

/** `[id, value]`: an empty or null id adds the entry, an id updates that entry in Udesk. */
export type UdeskPair = [id: string | number | null, value: string];

/** `TextField_<n>`: string; `SelectField_<n>`: option indexes as strings, e.g. `["0"]`. */
export type UdeskCustomFields = Record<string, string | string[]>;

/** The 16 customer fields of Udesk's table, in the table's order. */
export interface UdeskCustomer {
  /** Udesk system field; Udesk shows "Mini Program User" when it is missing. */
  customer_name?: string;
  nick_name?: string;
  avatar?: string;
  email?: string;
  /** The customer's external unique id (Udesk's `token`): what matches them to a known customer. */
  customer_token?: string;
  ip?: string;
  description?: string;
  organization_id?: number | string;
  /** A comma string (`"Tag1,Tag2"`) or an array, joined with commas. */
  tags?: string | string[];
  owner_id?: number | string;
  owner_group_id?: number | string;
  /** `normal` or `vip` in Udesk's open API. */
  level?: string;
  cellphones?: Array<UdeskPair | { id?: string | number | null; cellphone: string }>;
  other_emails?: Array<UdeskPair | { id?: string | number | null; other_email: string }>;
  custom_fields?: UdeskCustomFields;
  /** Custom channel name. */
  generated_channel?: string;
}

/** The business record ("note") Udesk opens with the conversation. */
export interface UdeskNote {
  title?: string;
  custom_fields?: UdeskCustomFields;
}

export interface SessionFromInput {
  /** The user's nickname: user input, so `|` and `^` are replaced with `｜` and `＾`. */
  nickName?: string;
  /** Avatar URL; `|` and `^` are percent-encoded. */
  avatar?: string;
  customer?: UdeskCustomer;
  note?: UdeskNote;
  /** The WeChat unionid of the user. */
  unionid?: string;
}

/** What `parseSessionFrom` reads back. */
export interface ParsedSessionFrom {
  nickName: string;
  avatar: string;
  customer?: Record<string, unknown>;
  note?: Record<string, unknown>;
  unionid?: string;
  /** Segments Udesk has not documented (e.g. `assign^{"agent_id":1}`), raw. */
  extra: Record<string, string>;
}
