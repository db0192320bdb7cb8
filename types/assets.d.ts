// Images imported by the demo: Taro's build turns them into a URL (or a data: URL when small).
declare module '*.png' {
  const url: string;
  export default url;
}
