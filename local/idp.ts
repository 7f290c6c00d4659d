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
/** Leeway for `exp`/`nbf`/`iat` between clocks; small, as API Gateway's authorizer allows little. */
export const CLOCK_TOLERANCE_SECONDS = 30;

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

  /** Any claims (tests use it for expired, foreign, access or incomplete tokens). */
  async issue(
    user: LocalUser,
    opts: {
      expiresInSeconds?: number;
      audience?: string;
      issuer?: string;
      tokenUse?: string;
      /** Registered claims left out (a token with no `exp` must be refused). */
      without?: readonly ('exp' | 'iat' | 'sub')[];
    } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const without = new Set(opts.without ?? []);
    const jwt = new SignJWT({
      'cognito:username': user.username,
      'cognito:groups': [user.role],
      token_use: opts.tokenUse ?? 'id',
      ...(user.labId ? { 'custom:labId': user.labId } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid })
      .setIssuer(opts.issuer ?? this.issuer)
      .setAudience(opts.audience ?? LOCAL_CLIENT_ID);
    if (!without.has('sub')) jwt.setSubject(user.sub);
    if (!without.has('iat')) jwt.setIssuedAt(now);
    if (!without.has('exp')) jwt.setExpirationTime(now + (opts.expiresInSeconds ?? TOKEN_SECONDS));
    return jwt.sign(this.keys.privateKey);
  }

  /**
   * What API Gateway's JWT authorizer does before the Lambda runs: an RS256 signature by this
   * issuer's key (so no `alg: none`, no HS256, no other key), `iss` and `aud` (the portal
   * client), `exp`, `iat` and `sub` present, not expired beyond a small clock tolerance; and
   * `token_use: 'id'`.
   */
  async verify(authorization: string | undefined): Promise<JWTPayload> {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedError('sign in first');
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKey, {
        issuer: this.issuer,
        audience: LOCAL_CLIENT_ID,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      // The portal sends the ID token; an access token (or anything else) is refused here, and
      // by identity.ts on AWS, where the JWT authorizer accepts both for the client.
      if (payload.token_use !== 'id') throw new Error('not an ID token');
      return payload;
    } catch (err) {
      throw new UnauthorizedError('the sign-in token is invalid or expired', { cause: err });
    }
  }
}
