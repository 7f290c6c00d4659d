import { exportJWK, generateKeyPair, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { UnauthorizedError } from '../lambdas/api/identity.js';
import type { Role } from '../lambdas/domain/roles.js';

/**
 * A local stand-in for the Cognito user pool: sample users of every role, real RS256-signed ID
 * tokens with `cognito:groups`, and the same checks API Gateway's JWT authorizer makes (signature,
 * issuer, audience, expiry). Local only: one shared password, printed by `npm start`.
 */
export const LOCAL_PASSWORD = 'admission-local';
export const LOCAL_CLIENT_ID = 'admission-portal-local';
const TOKEN_SECONDS = 8 * 3600;

export interface LocalUser {
  username: string;
  /** Fixed, so a persistent store's owners survive a restart. */
  sub: string;
  role: Role;
  displayName: string;
  labId?: string;
}

export const LOCAL_USERS: readonly LocalUser[] = [
  {
    username: 'seller-a',
    sub: '5e11e7a0-0000-4000-8000-00000000000a',
    role: 'seller',
    displayName: '卖家 A / Seller A',
  },
  {
    username: 'seller-b',
    sub: '5e11e7b0-0000-4000-8000-00000000000b',
    role: 'seller',
    displayName: '卖家 B / Seller B',
  },
  {
    username: 'reviewer',
    sub: 'e1e1e1e1-0000-4000-8000-000000000001',
    role: 'reviewer',
    displayName: '审核员 / Reviewer',
  },
  {
    username: 'lab-cti',
    sub: '1ab00001-0000-4000-8000-000000000001',
    role: 'lab',
    displayName: '华测检测 / CTI lab',
    labId: 'lab-cti-shenzhen',
  },
  { username: 'ops', sub: '0b500001-0000-4000-8000-000000000001', role: 'ops', displayName: '运营 / Ops' },
  {
    username: 'finance',
    sub: 'f1a00001-0000-4000-8000-000000000001',
    role: 'finance',
    displayName: '财务 / Finance',
  },
];

export class LocalIdp {
  private constructor(
    readonly issuer: string,
    private readonly keys: Awaited<ReturnType<typeof generateKeyPair>>,
    readonly kid: string,
  ) {}

  static async create(issuer: string): Promise<LocalIdp> {
    return new LocalIdp(issuer, await generateKeyPair('RS256'), `local-${Date.now().toString(36)}`);
  }

  users(): Omit<LocalUser, 'sub'>[] {
    return LOCAL_USERS.map(({ sub: _s, ...u }) => u);
  }

  async jwks(): Promise<{ keys: object[] }> {
    return { keys: [{ ...(await exportJWK(this.keys.publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' }] };
  }

  /** An ID token for a sample user, as Cognito would issue after sign-in. */
  async signIn(username: string, password: string): Promise<{ idToken: string; expiresIn: number }> {
    const user = LOCAL_USERS.find((u) => u.username === username);
    if (!user || password !== LOCAL_PASSWORD) throw new UnauthorizedError('unknown user or wrong password');
    return { idToken: await this.issue(user), expiresIn: TOKEN_SECONDS };
  }

  /** Any claims (tests use it for expired or foreign tokens). */
  async issue(user: LocalUser, opts: { expiresInSeconds?: number; audience?: string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      'cognito:username': user.username,
      'cognito:groups': [user.role],
      token_use: 'id',
      ...(user.labId ? { 'custom:labId': user.labId } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setSubject(user.sub)
      .setIssuer(this.issuer)
      .setAudience(opts.audience ?? LOCAL_CLIENT_ID)
      .setIssuedAt(now)
      .setExpirationTime(now + (opts.expiresInSeconds ?? TOKEN_SECONDS))
      .sign(this.keys.privateKey);
  }

  /** What API Gateway's JWT authorizer does before the Lambda runs. */
  async verify(authorization: string | undefined): Promise<JWTPayload> {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedError('sign in first');
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKey, {
        issuer: this.issuer,
        audience: LOCAL_CLIENT_ID,
        algorithms: ['RS256'],
      });
      return payload;
    } catch (err) {
      throw new UnauthorizedError('the sign-in token is invalid or expired', { cause: err });
    }
  }
}
