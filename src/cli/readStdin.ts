export interface StdinText {
  text: string;
  /** False when the bytes are not valid UTF-8; `text` then has U+FFFD where they were. */
  validUtf8: boolean;
}

/** Reads all of stdin as bytes and decodes it as UTF-8, telling whether the bytes were valid. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<StdinText> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const bytes = Buffer.concat(chunks);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), validUtf8: true };
  } catch {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), validUtf8: false };
  }
}
