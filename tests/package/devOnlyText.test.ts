// The list the consumer-app test searches production builds for: every way the source marks
// development-only text must be read, or the search would pass for lack of anything to find.
import { devOnlyStringsOf, devOnlyText } from '../support/devOnlyText';

describe('devOnlyText', () => {
  it('reads each form of a development-only branch, and nothing outside one', () => {
    const source = `
      const a = 'kept in production' + (DEV ? ' (only in development A)' : '');
      const b = process.env.NODE_ENV !== 'production' ? \`only in development B \${x} and then C\` : '';
      const c = process.env.NODE_ENV === 'production' ? 'kept in production too' : ' (only in development D)';
      if (process.env.NODE_ENV !== 'production') console.warn('[taro-udesk] only in development E');
      if (DEV) warn('only in development F'); else note('kept in production three');
      const g = !DEV ? 'kept in production four' : 'only in development G';
      DEV && console.warn('only in development H');
      const h = other ? 'kept in production five' : '';`;
    expect(devOnlyStringsOf(source).sort()).toEqual([
      '(only in development A)', '(only in development D)', '[taro-udesk] only in development E', 'and then C',
      'only in development B', 'only in development F', 'only in development G', 'only in development H',
    ]);
  });

  it("finds the library's own development text", () => {
    expect(devOnlyText().length).toBeGreaterThan(15);
  });
});
