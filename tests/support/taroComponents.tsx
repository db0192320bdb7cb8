// Stands in for @tarojs/components under jest (the real one is ESM-only and needs Taro's build).
// Renders what Taro's H5 components render: <taro-button-core open-type=… session-from=…>, so
// tests read the same attributes as in the compiled H5 output. The compiled outputs themselves
// are tested in tests/compiled/.
import { createElement } from 'react';
import type { ReactNode } from 'react';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

function host(tag: string) {
  const Component = ({ children, className, onClick, style, ...props }: Record<string, unknown> & { children?: ReactNode }) => {
    const attrs: Record<string, unknown> = { class: className, onClick, style: typeof style === 'object' ? style : undefined };
    for (const [name, value] of Object.entries(props)) {
      if (typeof value === 'function') attrs[name.startsWith('on') ? name : kebab(name)] = value;
      // React's own DOM props (role, tabIndex, aria-*) reach the element as they do in Taro's H5.
      else if (value !== undefined) attrs[name.startsWith('data-') || name === 'tabIndex' || name === 'role' ? name : kebab(name)] = String(value);
    }
    return createElement(tag, attrs, children);
  };
  Component.displayName = tag;
  return Component;
}

export const Button = host('taro-button-core');
export const ContactButton = host('taro-contact-button-core');
export const View = host('taro-view-core');
export const Text = host('taro-text-core');
