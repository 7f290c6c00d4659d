/** `<applicationId>-<period>-<currency>`, safe as a file name or an S3 key segment, still readable. */
export function statementBaseName(applicationId: string, period: string, currency: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
  const safe = applicationId.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_');
  return `${safe}-${period}-${currency}`;
}

/** Where a period's issued statements live in the bucket, and the summary finance reads. */
export const issuedPrefix = (period: string) => `statements/issued/${period}`;
export const issuedSummaryKey = (period: string) => `${issuedPrefix(period)}/summary.json`;
