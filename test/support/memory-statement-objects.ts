import type { StatementObjects } from '../../lambdas/usecases/statement-job.js';

/** S3 as a map; order objects streamed in small chunks so records cross chunk boundaries. */
export class MemoryObjects implements StatementObjects {
  readonly objects = new Map<string, Uint8Array>();
  readonly contentTypes = new Map<string, string>();
  set(key: string, text: string): void {
    this.objects.set(key, new TextEncoder().encode(text));
  }
  text(key: string): string {
    return new TextDecoder().decode(this.objects.get(key));
  }
  async *stream(key: string): AsyncIterable<Uint8Array> {
    const bytes = this.objects.get(key) ?? new Uint8Array(0);
    for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
  }
  async getJson<T>(key: string): Promise<T> {
    return JSON.parse(this.text(key)) as T;
  }
  async putJson(key: string, json: string): Promise<void> {
    this.set(key, json);
  }
  async getBytes(key: string): Promise<Uint8Array> {
    const b = this.objects.get(key);
    if (!b) throw new Error(`NoSuchKey ${key}`);
    return b;
  }
  async getRange(key: string, start: number, length: number): Promise<Uint8Array> {
    return (await this.getBytes(key)).slice(start, start + length);
  }
  async putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    this.objects.set(key, bytes);
    this.contentTypes.set(key, contentType);
  }
  async putOnce(key: string, bytes: Uint8Array, contentType: string): Promise<boolean> {
    if (this.objects.has(key)) return false;
    await this.putBytes(key, bytes, contentType);
    return true;
  }
}
