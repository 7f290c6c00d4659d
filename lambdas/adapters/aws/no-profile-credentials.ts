/**
 * Stands in, in Lambda bundles only (lib/house-function.ts aliases them), for the links of the SDK's
 * default credential chain that read a profile: `@aws-sdk/credential-provider-ini`, `-sso`,
 * `-process` and `-web-identity` (with the STS, SSO and sign-in clients they load, ≈ 125 KB of a
 * 215 KB DynamoDB bundle). A Lambda function has no shared config files, SSO cache or web-identity
 * token file: the runtime hands its role's credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/
 * AWS_SESSION_TOKEN, which the chain's first link (fromEnv) reads, and the container-credentials
 * link after these ones stays as it is. Each stub passes on to the next link, as the real ones do
 * when they find no profile. Tests and the local runtime run the sources with the real chain.
 */
function skipped(link: string) {
  return () => async (): Promise<never> => {
    throw Object.assign(new Error(`${link} is not in Lambda bundles (no profiles on Lambda)`), {
      name: 'CredentialsProviderError',
      tryNextLink: true,
    });
  };
}

export const fromIni = skipped('fromIni');
export const fromSSO = skipped('fromSSO');
export const fromProcess = skipped('fromProcess');
export const fromTokenFile = skipped('fromTokenFile');
