import type { SessionFromInput } from './types';
import { validateSessionInput } from './validateSessionInput';
import { webImCustomerParams } from './WebImCustomer';
import type { WebImCustomer } from './WebImCustomer';
import type { TrajectoryOption } from './composeSessionFrom';

/**
 * Udesk's web IM link carrying the same customer as a session-from, through the link
 * parameters Udesk documents: `c_name`, `c_email`, `c_phone`, `c_cf_<TextField_n>`. For H5,
 * where there is no contact button. Identity is not carried: Udesk's signed `web_token` needs
 * the company's secret key: a server signs it (`signWebImCustomer` in `taro-udesk-server`) and
 * passes the result as `signed`, whose five parameters go first. Invalid profile fields are left
 * out, as `composeSessionFrom` does; an incomplete `signed` throws `UdeskValidationError`.
 * `trajectory`: the trajectory link, as `c_cf_<field>`.
 */
export function buildWebImUrl(base: string, input: SessionFromInput, signed?: WebImCustomer, trajectory?: TrajectoryOption): string {
  const { customer = {} } = validateSessionInput(input).session;
  const custom = { ...(customer.custom_fields as object) } as Record<string, unknown>;
  // The trajectory link as the field's `c_cf_` parameter, as composeSessionFrom puts it in the field.
  if (trajectory && trajectory.url && /^TextField_\d+$/.test(trajectory.field)) custom[trajectory.field] = trajectory.url;
  const params: Array<[string, unknown]> = [
    ...(signed ? webImCustomerParams(signed) : []),
    ['c_name', customer.customer_name || customer.nick_name || input.nickName],
    ['c_email', customer.email],
    ['c_phone', ((customer.cellphones || []) as Array<[unknown, string]>).map((pair) => pair[1])[0]],
  ];
  for (const name of Object.keys(custom)) {
    if (name.indexOf('TextField_') === 0) params.push(['c_cf_' + name, custom[name]]);
  }
  const query = params
    .filter((p) => typeof p[1] === 'string' && p[1])
    .map((p) => p[0] + '=' + encodeURIComponent(p[1] as string))
    .join('&');
  if (!query) return base;
  const hash = base.indexOf('#');
  const [path, fragment] = hash < 0 ? [base, ''] : [base.slice(0, hash), base.slice(hash)];
  return path + (path.indexOf('?') < 0 ? '?' : /[?&]$/.test(path) ? '' : '&') + query + fragment;
}
