import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SecretBox } from '../ports/notifications.js';

/** Webhook secrets encrypted under the stack's key, bound to their endpoint (encryption context). */
export class KmsSecretBox implements SecretBox {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async seal(plain: string, context: string): Promise<string> {
    const out = await this.client.send(
      new EncryptCommand({
        KeyId: this.keyId,
        Plaintext: new TextEncoder().encode(plain),
        EncryptionContext: { purpose: 'webhook-secret', endpointId: context },
      }),
    );
    return Buffer.from(out.CiphertextBlob ?? new Uint8Array()).toString('base64');
  }

  async open(sealed: string, context: string): Promise<string> {
    const out = await this.client.send(
      new DecryptCommand({
        KeyId: this.keyId,
        CiphertextBlob: Buffer.from(sealed, 'base64'),
        EncryptionContext: { purpose: 'webhook-secret', endpointId: context },
      }),
    );
    return new TextDecoder().decode(out.Plaintext);
  }
}
